import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormText, ProFormTextArea, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { RECORD_STATUSES, UNIT_KINDS, UnitCreate, UnitUpdate } from '@tongxin/domain';
import type { Unit, UnitKind } from '@tongxin/domain';
import { AutoComplete, Button, Col, Form, Tag } from 'antd';
import { useRef } from 'react';
import { del, patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { editDeleteActions } from '../components/RowActions.tsx';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
import { useSession } from '../auth/session.tsx';
import { GridTreeSelect, OrgTreeSelect } from '../components/RefSelects.tsx';
import { attempt } from '../lib/errors.ts';
import { listRequest, nullify } from '../lib/list.ts';
import { nameMap, useGrids, useOrgs } from '../lib/lookups.ts';
import { useEditor } from '../lib/useEditor.ts';

/** 行业 suggestions from the seeds; free text is allowed. */
const CATEGORIES = [
  '街道部门',
  '市场监管',
  '城管执法',
  '公安派出所',
  '消防救援',
  '税务',
  '银行',
  '律师事务所',
  '物业',
  '商场',
  '市场',
  '医院',
  '学校',
  '通信运营商',
  '水电燃气',
  '行业协会',
  '志愿服务组织',
];

interface FormValues {
  kind: UnitKind;
  name: string;
  category?: string;
  orgId?: string | null;
  gridId?: string | null;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  duties?: string;
  status?: 'active' | 'disabled';
}

function UnitForm({ editing, onClose, onDone }: { editing: Unit | null; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const orgs = useOrgs();
  const grids = useGrids();
  const schema = editing ? UnitUpdate : UnitCreate;
  const initial: Partial<FormValues> = editing
    ? {
        kind: editing.kind,
        name: editing.name,
        category: editing.category ?? undefined,
        orgId: editing.orgId,
        gridId: editing.gridId,
        contactName: editing.contactName ?? undefined,
        address: editing.address ?? undefined,
        duties: editing.duties ?? undefined,
        status: editing.status,
      }
    : { kind: 'regulator' };
  const submit = async (v: FormValues) => {
    const body: Partial<FormValues> = nullify(v, ['orgId', 'gridId']);
    // the phone comes masked: on edit an empty field keeps the stored number
    if (editing && !v.contactPhone) delete body.contactPhone;
    const ok = await attempt(() => (editing ? patch(`/units/${editing.id}`, body) : post('/units', body)), form);
    if (ok) onDone();
    return ok;
  };
  return (
    <ModalForm<FormValues>
      name="unit"
      title={editing ? t('console.unit.edit') : t('console.unit.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      onFinish={submit}
    >
      <ProFormSelect
        colProps={{ span: 12 }}
        name="kind"
        label={t('console.unit.kind')}
        options={enumOptions('unitKind', UNIT_KINDS)}
        allowClear={false}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <ProFormText
        colProps={{ span: 12 }}
        name="name"
        label={t('console.unit.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(UnitCreate, 'name', editing?.name)]}
      />
      <Col span={12}>
        <Form.Item name="category" label={t('console.unit.category')} rules={[zodRule(schema, 'category')]}>
          <AutoComplete
            options={CATEGORIES.map((c) => ({ value: c }))}
            placeholder={t('console.unit.categoryPlaceholder')}
            filterOption={(input, o) => String(o?.value ?? '').includes(input)}
            allowClear
          />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="orgId" label={t('console.unit.org')}>
          <OrgTreeSelect orgs={orgs.rows} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="gridId" label={t('console.unit.grid')}>
          <GridTreeSelect grids={grids.rows} />
        </Form.Item>
      </Col>
      <ProFormText
        colProps={{ span: 12 }}
        name="contactName"
        label={t('console.unit.contactName')}
        rules={[keptRule(UnitCreate, 'contactName', editing?.contactName)]}
      />
      <ProFormText
        colProps={{ span: 12 }}
        name="contactPhone"
        label={t('console.unit.contactPhone')}
        placeholder={editing?.contactPhone ? t('console.keepMasked', { value: editing.contactPhone }) : '13812345678 / 0579-85551234'}
        // a number typed here is a new one (empty keeps the stored): checked as on create
        rules={[zodRule(UnitCreate, 'contactPhone')]}
      />
      {editing && (
        <ProFormSelect colProps={{ span: 12 }} name="status" label={t('common.status')} options={enumOptions('status', RECORD_STATUSES)} allowClear={false} />
      )}
      <ProFormText colProps={{ span: 24 }} name="address" label={t('console.unit.address')} rules={[zodRule(schema, 'address')]} />
      <ProFormTextArea
        colProps={{ span: 24 }}
        name="duties"
        label={t('console.unit.duties')}
        placeholder={t('console.unit.dutiesPlaceholder')}
        rules={[zodRule(schema, 'duties')]}
      />
    </ModalForm>
  );
}

/** 成员单位: the units that receive dispatched work, filtered by kind; exact lookup by contact phone. */
export function UnitsPage() {
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Unit>();
  const orgs = useOrgs();
  const orgNames = nameMap(orgs.rows);
  const writable = can('unit:write');

  const remove = async (u: Unit) => {
    if (await attempt(() => del(`/units/${u.id}`), undefined, t('common.deleted'))) action.current?.reload();
  };

  const columns: ProColumns<Unit>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('console.unit.searchPlaceholder') } },
    // the list's ?phone=: the whole contact phone, found exactly (the column below shows it masked)
    { title: t('console.unit.contactPhone'), dataIndex: 'phone', hideInTable: true, fieldProps: { placeholder: t('console.exactPhone') } },
    { title: t('console.unit.name'), dataIndex: 'name', search: false },
    {
      title: t('console.unit.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      width: 140,
      fieldProps: { options: enumOptions('unitKind', UNIT_KINDS) },
      render: (_d, r) => <Tag color="blue">{t(`unitKind.${r.kind}`)}</Tag>,
    },
    { title: t('console.unit.category'), dataIndex: 'category', search: false, width: 120 },
    { title: t('console.unit.org'), dataIndex: 'orgId', search: false, render: (_d, r) => (r.orgId ? (orgNames.get(r.orgId) ?? '-') : '-') },
    { title: t('console.unit.contactName'), dataIndex: 'contactName', search: false, width: 100 },
    { title: t('console.unit.contactPhone'), dataIndex: 'contactPhone', search: false, width: 140 },
    { title: t('console.unit.address'), dataIndex: 'address', search: false, ellipsis: true },
    {
      title: t('common.status'),
      dataIndex: 'status',
      search: false,
      width: 80,
      render: (_d, r) => <Tag color={r.status === 'active' ? 'green' : 'default'}>{t(`status.${r.status}`)}</Tag>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 120,
      hideInTable: !writable,
      render: (_d, r) =>
        editDeleteActions(
          () => editor.edit(r),
          () => remove(r),
        ),
    },
  ];

  return (
    <PageContainer title={t('console.menu.units')}>
      <ProTable<Unit>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Unit>('/units')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() =>
          writable
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => editor.create()}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {editor.state && <UnitForm editing={editor.state.row} onClose={editor.close} onDone={() => action.current?.reload()} />}
    </PageContainer>
  );
}
