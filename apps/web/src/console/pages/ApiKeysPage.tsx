import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { ApiKeyCreate } from '@tongxin/domain';
import type { ApiKey } from '@tongxin/domain';
import { Button, Form, Popconfirm, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { del, post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { zodRule } from '../../shared/zodRule.ts';
import { RoleSelect } from '../components/RefSelects.tsx';
import { ShownOnceModal } from '../components/ShownOnceModal.tsx';
import { attempt } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { useRoles } from '../lib/lookups.ts';
import { fmtTime } from '../lib/time.ts';
import { roleLabel } from '../../shared/dataNames.ts';

type Created = ApiKey & { secret: string };

function ApiKeyForm({ onClose, onCreated }: { onClose: () => void; onCreated: (k: Created) => void }) {
  const [form] = Form.useForm<{ name: string; roleId: string }>();
  const roles = useRoles();
  return (
    <ModalForm<{ name: string; roleId: string }>
      name="apiKey"
      title={t('console.apiKey.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={480}
      onFinish={async (v) => {
        let created: Created | null = null;
        const ok = await attempt(
          async () => {
            created = await post<Created>('/api-keys', v);
          },
          form,
          t('console.apiKey.created'),
        );
        if (ok && created) onCreated(created);
        return ok;
      }}
    >
      <ProFormText
        name="name"
        label={t('console.apiKey.name')}
        placeholder={t('console.apiKey.namePlaceholder')}
        rules={[{ required: true, message: t('issue.required') }, zodRule(ApiKeyCreate, 'name')]}
      />
      <Form.Item name="roleId" label={t('console.apiKey.role')} extra={t('console.apiKey.roleHelp')} rules={[{ required: true, message: t('issue.required') }]}>
        <RoleSelect roles={roles.rows} />
      </Form.Item>
    </ModalForm>
  );
}

/** 接口密钥: keys for other systems (Open311, 12345 hotline), each bound to this alliance and one role; the secret is shown once. */
export function ApiKeysPage() {
  const action = useRef<ActionType>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<Created | null>(null);

  const revoke = async (k: ApiKey) => {
    if (await attempt(() => del(`/api-keys/${k.id}`), undefined, t('console.apiKey.revoked'))) action.current?.reload();
  };

  const columns: ProColumns<ApiKey>[] = [
    { title: t('console.apiKey.name'), dataIndex: 'name' },
    { title: t('console.apiKey.prefix'), dataIndex: 'prefix', render: (_d, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
    { title: t('console.apiKey.role'), dataIndex: 'roleName', render: (_d, k) => <Tag color="red">{roleLabel(k.roleName)}</Tag> },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (_d, k) => fmtTime(k.createdAt) },
    { title: t('console.apiKey.lastUsedAt'), dataIndex: 'lastUsedAt', width: 170, render: (_d, k) => fmtTime(k.lastUsedAt) },
    {
      title: t('common.status'),
      dataIndex: 'revokedAt',
      width: 190,
      render: (_d, k) =>
        k.revokedAt ? <Tag>{t('console.apiKey.revokedAt', { time: fmtTime(k.revokedAt) })}</Tag> : <Tag color="green">{t('console.apiKey.active')}</Tag>,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 90,
      render: (_d, k) =>
        k.revokedAt
          ? []
          : [
              <Popconfirm key="revoke" title={t('console.apiKey.confirmRevoke')} onConfirm={() => revoke(k)}>
                <a style={{ color: '#cf1322' }}>{t('console.apiKey.revoke')}</a>
              </Popconfirm>,
            ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.apiKeys')}>
      <ProTable<ApiKey>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={false}
        request={listRequest<ApiKey>('/api-keys')}
        pagination={{ defaultPageSize: 20 }}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('common.create')}
          </Button>,
        ]}
      />
      {creating && (
        <ApiKeyForm
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setSecret(k);
            action.current?.reload();
          }}
        />
      )}
      <ShownOnceModal
        secret={secret?.secret ?? null}
        title={t('console.apiKey.secretTitle', { name: secret?.name ?? '' })}
        warning={t('console.apiKey.secretWarning')}
        okText={t('console.apiKey.secretSaved')}
        testId="api-key-secret"
        onClose={() => setSecret(null)}
      >
        <Typography.Paragraph type="secondary">{t('console.apiKey.usage')}</Typography.Paragraph>
      </ShownOnceModal>
    </PageContainer>
  );
}
