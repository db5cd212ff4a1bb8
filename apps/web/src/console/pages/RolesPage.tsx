import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormSelect, ProFormText, ProFormTextArea, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { DATA_SCOPES, RoleCreate, RoleUpdate } from '@tongxin/domain';
import type { DataScope, Permission, Role } from '@tongxin/domain';
import { Button, Form, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useRef } from 'react';
import { del, patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
import { useSession } from '../auth/session.tsx';
import { PermissionChecklist } from '../components/PermissionChecklist.tsx';
import { attempt } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { useEditor } from '../lib/useEditor.ts';
import { roleDescriptionLabel, roleLabel } from '../../shared/dataNames.ts';

interface FormValues {
  name: string;
  description?: string;
  dataScope: DataScope;
  permissions: Permission[];
}

function RoleForm({ editing, onClose, onDone }: { editing: Role | null; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const schema = editing ? RoleUpdate : RoleCreate;
  return (
    <ModalForm<FormValues>
      name="role"
      title={editing ? t('console.role.edit') : t('console.role.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={760}
      initialValues={
        editing
          ? { name: editing.name, description: editing.description ?? undefined, dataScope: editing.dataScope, permissions: editing.permissions }
          : { dataScope: 'alliance', permissions: ['alliance:read'] }
      }
      onFinish={async (v) => {
        const ok = await attempt(() => (editing ? patch(`/roles/${editing.id}`, v) : post('/roles', v)), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormText
        name="name"
        label={t('console.role.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(RoleCreate, 'name', editing?.name)]}
      />
      <ProFormTextArea name="description" label={t('console.role.description')} rules={[zodRule(schema, 'description')]} fieldProps={{ rows: 2 }} />
      <ProFormSelect
        name="dataScope"
        label={t('console.role.dataScope')}
        options={enumOptions('dataScope', DATA_SCOPES)}
        allowClear={false}
        extra={t('console.role.dataScopeHelp')}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <Form.Item name="permissions" label={t('console.role.permissions')} rules={[zodRule(schema, 'permissions')]} extra={t('console.role.permissionsHelp')}>
        <PermissionChecklist />
      </Form.Item>
    </ModalForm>
  );
}

/** 角色: roles of the alliance (built-in ones cannot be deleted). */
export function RolesPage() {
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const editor = useEditor<Role>();
  const writable = can('role:write');

  const remove = async (r: Role) => {
    if (await attempt(() => del(`/roles/${r.id}`), undefined, t('common.deleted'))) action.current?.reload();
  };

  const columns: ProColumns<Role>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true },
    {
      title: t('console.role.name'),
      dataIndex: 'name',
      search: false,
      width: 180,
      render: (_d, r) => (
        <Space size={4}>
          {roleLabel(r.name)}
          {r.builtin && <Tag color="gold">{t('console.role.builtin')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('console.role.dataScope'),
      dataIndex: 'dataScope',
      search: false,
      width: 130,
      render: (_d, r) => <Tag color="blue">{t(`dataScope.${r.dataScope}`)}</Tag>,
    },
    {
      title: t('console.role.permissions'),
      dataIndex: 'permissions',
      search: false,
      render: (_d, r) => (
        <Tooltip title={r.permissions.map((p) => t(`perm.${p}`)).join(t('console.ticket.listSep'))}>
          <span>{t('console.role.permCount', { n: r.permissions.length })}</span>
        </Tooltip>
      ),
    },
    {
      title: t('console.role.description'),
      dataIndex: 'description',
      search: false,
      ellipsis: true,
      render: (_d, r) => roleDescriptionLabel(r.description) ?? '-',
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 140,
      hideInTable: !writable,
      render: (_d, r) => [
        <a key="edit" onClick={() => editor.edit(r)}>
          {t('common.edit')}
        </a>,
        r.builtin ? (
          <Tooltip key="del" title={t('console.role.builtinNoDelete')}>
            <Button type="link" size="small" disabled style={{ padding: 0 }}>
              {t('common.delete')}
            </Button>
          </Tooltip>
        ) : (
          <Popconfirm key="del" title={t('common.confirmDelete')} onConfirm={() => remove(r)}>
            <Button type="link" size="small" danger style={{ padding: 0 }}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.roles')}>
      <ProTable<Role>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<Role>('/roles')}
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
      {editor.state && <RoleForm editing={editor.state.row} onClose={editor.close} onDone={() => action.current?.reload()} />}
    </PageContainer>
  );
}
