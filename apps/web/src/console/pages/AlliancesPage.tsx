import { ModalForm, PageContainer, ProFormSelect, ProFormText, ProFormTextArea, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { AllianceCreate, AllianceUpdate, DEFAULT_GRID_LEVEL_NAMES, RECORD_STATUSES } from '@tongxin/domain';
import type { Alliance } from '@tongxin/domain';
import { Button, Form, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useRef } from 'react';
import { patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { attempt } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { useEditor } from '../lib/useEditor.ts';
import { fmtTime } from '../lib/time.ts';

interface FormValues {
  code?: string;
  name: string;
  region?: string;
  description?: string;
  gridLevelNames?: string[];
  status?: 'active' | 'disabled';
}

function AllianceForm({ editing, onClose, onDone }: { editing: Alliance | null; onClose: () => void; onDone: () => void }) {
  const me = useMe();
  const { refresh } = useSession();
  const [form] = Form.useForm<FormValues>();
  const schema = editing ? AllianceUpdate : AllianceCreate;
  const submit = async (v: FormValues) => {
    const ok = await attempt(async () => {
      if (editing) {
        const { code: _code, ...rest } = v;
        await patch(`/alliances/${editing.id}`, rest);
        if (editing.id === me.currentAlliance?.id) await refresh();
      } else {
        await post('/alliances', v);
      }
    }, form);
    if (ok) onDone();
    return ok;
  };
  return (
    <ModalForm<FormValues>
      name="alliance"
      title={editing ? t('console.alliance.edit') : t('console.alliance.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={560}
      initialValues={
        editing
          ? {
              name: editing.name,
              region: editing.region ?? undefined,
              description: editing.description ?? undefined,
              gridLevelNames: editing.gridLevelNames,
              status: editing.status,
            }
          : { gridLevelNames: DEFAULT_GRID_LEVEL_NAMES }
      }
      onFinish={submit}
    >
      {!editing && (
        <ProFormText
          name="code"
          label={t('console.alliance.code')}
          placeholder="HHX"
          extra={t('console.alliance.codeHelp')}
          rules={[{ required: true, message: t('issue.required') }, zodRule(AllianceCreate, 'code')]}
          fieldProps={{ maxLength: 8 }}
          normalize={(v: string | undefined) => v?.toUpperCase()}
        />
      )}
      <ProFormText
        name="name"
        label={t('console.alliance.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(AllianceCreate, 'name', editing?.name)]}
      />
      <ProFormText
        name="region"
        label={t('console.alliance.region')}
        placeholder={t('console.alliance.regionPlaceholder')}
        rules={[zodRule(schema, 'region')]}
      />
      <ProFormSelect
        name="gridLevelNames"
        label={t('console.alliance.gridLevels')}
        mode="tags"
        extra={t('console.alliance.gridLevelsHelp')}
        options={DEFAULT_GRID_LEVEL_NAMES.map((n) => ({ label: n, value: n }))}
        rules={[keptRule(AllianceCreate, 'gridLevelNames', editing?.gridLevelNames)]}
      />
      <ProFormTextArea name="description" label={t('console.alliance.description')} rules={[zodRule(schema, 'description')]} />
      {editing && <ProFormSelect name="status" label={t('common.status')} options={enumOptions('status', RECORD_STATUSES)} allowClear={false} />}
    </ModalForm>
  );
}

/** 联盟管理: the alliances of the city; a city admin creates them, an alliance admin edits its own. */
export function AlliancesPage() {
  const me = useMe();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Alliance>();
  const canEdit = (a: Alliance) => me.user.isCityAdmin || (me.permissions.includes('alliance:write') && me.currentAlliance?.id === a.id);

  const columns: ProColumns<Alliance>[] = [
    { title: t('console.alliance.keyword'), dataIndex: 'q', hideInTable: true },
    { title: t('console.alliance.code'), dataIndex: 'code', search: false, width: 100, render: (_d, r) => <Tag color="red">{r.code}</Tag> },
    { title: t('console.alliance.name'), dataIndex: 'name', search: false },
    { title: t('console.alliance.region'), dataIndex: 'region', search: false },
    { title: t('console.alliance.gridLevels'), dataIndex: 'gridLevelNames', search: false, render: (_d, r) => r.gridLevelNames.join(' — ') },
    {
      title: t('common.status'),
      dataIndex: 'status',
      search: false,
      width: 90,
      render: (_d, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`status.${r.status}`)}</Tag>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', search: false, width: 180, render: (_d, r) => fmtTime(r.createdAt) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 100,
      render: (_d, r) =>
        canEdit(r)
          ? [
              <a key="edit" onClick={() => editor.edit(r)}>
                {t('common.edit')}
              </a>,
            ]
          : [],
    },
  ];

  return (
    <PageContainer title={t('console.menu.alliances')}>
      <ProTable<Alliance>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Alliance>('/alliances')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() =>
          me.user.isCityAdmin
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create()}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {editor.state && <AllianceForm editing={editor.state.row} onClose={editor.close} onDone={() => action.current?.reload()} />}
    </PageContainer>
  );
}
