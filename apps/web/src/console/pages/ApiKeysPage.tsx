import { ApiKeyCreate, type ApiKey } from '@tongxin/domain';
import { Form, Tag, Typography } from 'antd';
import { t } from '../../shared/i18n.ts';
import { roleLabel } from '../../shared/dataNames.ts';
import { RoleSelect } from '../components/RefSelects.tsx';
import { RevocableTokensPage } from '../components/RevocableTokensPage.tsx';
import { useRoles } from '../lib/lookups.ts';

type Created = ApiKey & { secret: string };

/** The role a new key is bound to (the roles are fetched when the form opens). */
function RoleField() {
  const roles = useRoles();
  return (
    <Form.Item name="roleId" label={t('console.apiKey.role')} extra={t('console.apiKey.roleHelp')} rules={[{ required: true, message: t('issue.required') }]}>
      <RoleSelect roles={roles.rows} />
    </Form.Item>
  );
}

/** 接口密钥: keys for other systems (Open311, 12345 hotline), each bound to this alliance and one role; the secret is shown once. */
export function ApiKeysPage() {
  return (
    <RevocableTokensPage<ApiKey, Created>
      ns="console.apiKey"
      title={t('console.menu.apiKeys')}
      path="/api-keys"
      columns={(c) => [
        c.name,
        c.prefix,
        { title: t('console.apiKey.role'), dataIndex: 'roleName', render: (_d, k) => <Tag color="red">{roleLabel(k.roleName)}</Tag> },
        c.createdAt,
        c.lastUsedAt,
        c.status(),
        c.actions,
      ]}
      form={{ name: 'apiKey', schema: ApiKeyCreate, fields: <RoleField /> }}
      shown={(k) => ({
        secret: k?.secret ?? null,
        title: t('console.apiKey.secretTitle', { name: k?.name ?? '' }),
        warning: t('console.apiKey.secretWarning'),
        okText: t('console.apiKey.secretSaved'),
        testId: 'api-key-secret',
        children: <Typography.Paragraph type="secondary">{t('console.apiKey.usage')}</Typography.Paragraph>,
      })}
    />
  );
}
