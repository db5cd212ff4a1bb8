import { ModalForm, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { MembershipCreate, RECORD_STATUSES, UserCreate, UserUpdate, checkPasswordPolicy } from '@tongxin/domain';
import type { Grid, Org, Role, Unit, User } from '@tongxin/domain';
import { Form } from 'antd';
import type { Rule } from 'antd/es/form';
import { patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { zodRule } from '../../shared/zodRule.ts';
import { attempt } from '../lib/errors.ts';
import { MembershipFields, scopeBody } from './MembershipFields.tsx';

export interface Lookups {
  roles: Role[];
  units: Unit[];
  orgs: Org[];
  grids: Grid[];
}

interface Common {
  lookups: Lookups;
  onClose: () => void;
  onDone: () => void;
}

const required = { required: true, message: t('issue.required') };

/** A password rule enforcing the shared policy (the username is read from the form when there is one). */
export function passwordRule(username: () => string | undefined): Rule {
  return {
    validator: async (_r, v: string | undefined) => {
      const p = v ? checkPasswordPolicy(v, username()) : null;
      if (p) throw new Error(t(`issue.${p}`));
    },
  };
}

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  roleId: string;
  unitId?: string | null;
  scopeOrgId?: string | null;
  scopeGridId?: string | null;
}

/** 新建账号: a new account with its membership in the current alliance. */
export function UserCreateForm({ lookups, onClose, onDone }: Common) {
  const [form] = Form.useForm<CreateValues>();
  return (
    <ModalForm<CreateValues>
      name="userCreate"
      title={t('console.user.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={680}
      grid
      rowProps={{ gutter: 16 }}
      onFinish={async (v) => {
        const ok = await attempt(() => post('/users', scopeBody(v, lookups.roles)), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormText
        colProps={{ span: 12 }}
        name="username"
        label={t('common.username')}
        rules={[required, zodRule(UserCreate, 'username')]}
        fieldProps={{ autoComplete: 'off' }}
      />
      <ProFormText colProps={{ span: 12 }} name="displayName" label={t('console.user.displayName')} rules={[required, zodRule(UserCreate, 'displayName')]} />
      <ProFormText.Password
        colProps={{ span: 24 }}
        name="password"
        label={t('console.user.initialPassword')}
        extra={t('console.user.passwordPolicy')}
        rules={[required, passwordRule(() => form.getFieldValue('username') as string | undefined)]}
        fieldProps={{ autoComplete: 'new-password' }}
      />
      <MembershipFields {...lookups} />
    </ModalForm>
  );
}

interface MembershipValues {
  username: string;
  roleId: string;
  unitId?: string | null;
  scopeOrgId?: string | null;
  scopeGridId?: string | null;
}

/** 添加已有账号: an account of another alliance (e.g. a 市场监管所 officer) joins this one. */
export function MembershipCreateForm({ lookups, onClose, onDone }: Common) {
  const [form] = Form.useForm<MembershipValues>();
  return (
    <ModalForm<MembershipValues>
      name="membership"
      title={t('console.user.addExisting')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={680}
      grid
      rowProps={{ gutter: 16 }}
      onFinish={async (v) => {
        const ok = await attempt(() => post('/users/memberships', scopeBody(v, lookups.roles)), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormText
        colProps={{ span: 24 }}
        name="username"
        label={t('common.username')}
        extra={t('console.user.addExistingHelp')}
        rules={[required, zodRule(MembershipCreate, 'username')]}
      />
      <MembershipFields {...lookups} />
    </ModalForm>
  );
}

interface UpdateValues {
  displayName?: string;
  status?: 'active' | 'disabled';
  roleId?: string;
  unitId?: string | null;
  scopeOrgId?: string | null;
  scopeGridId?: string | null;
}

/** 编辑账号: display name, status, and the membership in the current alliance. */
export function UserEditForm({ user, lookups, onClose, onDone }: Common & { user: User }) {
  const [form] = Form.useForm<UpdateValues>();
  const m = user.membership;
  return (
    <ModalForm<UpdateValues>
      name="userEdit"
      title={t('console.user.editTitle', { name: user.username })}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={680}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={{
        displayName: user.displayName,
        status: user.status,
        roleId: m?.roleId,
        unitId: m?.unitId,
        scopeOrgId: m?.scopeOrgId,
        scopeGridId: m?.scopeGridId,
      }}
      onFinish={async (v) => {
        const ok = await attempt(() => patch(`/users/${user.id}`, scopeBody(v, lookups.roles)), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormText colProps={{ span: 12 }} name="displayName" label={t('console.user.displayName')} rules={[required, zodRule(UserUpdate, 'displayName')]} />
      <ProFormSelect colProps={{ span: 12 }} name="status" label={t('common.status')} options={enumOptions('status', RECORD_STATUSES)} allowClear={false} />
      <MembershipFields {...lookups} />
    </ModalForm>
  );
}

/** 重置密码: an admin sets a new password for the account. */
export function ResetPasswordForm({ user, onClose, onDone }: Omit<Common, 'lookups'> & { user: User }) {
  const [form] = Form.useForm<{ password: string }>();
  return (
    <ModalForm<{ password: string }>
      name="resetPassword"
      title={t('console.user.resetTitle', { name: user.username })}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={440}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/users/${user.id}/reset-password`, v), form, t('console.user.passwordReset'));
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormText.Password
        name="password"
        label={t('console.user.newPassword')}
        extra={t('console.user.passwordPolicy')}
        rules={[required, passwordRule(() => user.username)]}
        fieldProps={{ autoComplete: 'new-password' }}
      />
    </ModalForm>
  );
}
