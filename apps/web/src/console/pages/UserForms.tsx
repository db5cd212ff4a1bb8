import { ModalForm, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { MembershipCreate, RECORD_STATUSES, UserCreate, checkPasswordPolicy } from '@tongxin/domain';
import type { Grid, Org, Role, Unit, User } from '@tongxin/domain';
import { Form } from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import { patch, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { keptRule, zodRule } from '../../shared/zodRule.ts';
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

/** The membership fields every account form ends with (see MembershipFields). */
interface ScopeValues {
  roleId?: string;
  unitId?: string | null;
  scopeOrgId?: string | null;
  scopeGridId?: string | null;
}

/**
 * The modal every account form shares: a two-column grid whose own fields come first and the membership fields
 * last; on submit the values (scoped by the chosen role) go to `submit`.
 */
function AccountModal<T extends ScopeValues>({
  name,
  title,
  form,
  lookups,
  onClose,
  onDone,
  submit,
  initialValues,
  children,
}: Common & {
  name: string;
  title: string;
  form: FormInstance<T>;
  submit: (body: T) => Promise<unknown>;
  initialValues?: Partial<T>;
  children: ReactNode;
}) {
  return (
    <ModalForm<T>
      name={name}
      title={title}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={680}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initialValues}
      onFinish={async (v) => {
        const ok = await attempt(() => submit(scopeBody(v, lookups.roles)), form);
        if (ok) onDone();
        return ok;
      }}
    >
      {children}
      <MembershipFields {...lookups} />
    </ModalForm>
  );
}

interface CreateValues extends ScopeValues {
  username: string;
  displayName: string;
  password: string;
  roleId: string;
}

/** 新建账号: a new account with its membership in the current alliance. */
export function UserCreateForm(props: Common) {
  const [form] = Form.useForm<CreateValues>();
  return (
    <AccountModal<CreateValues> {...props} name="userCreate" title={t('console.user.create')} form={form} submit={(body) => post('/users', body)}>
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
    </AccountModal>
  );
}

interface MembershipValues extends ScopeValues {
  username: string;
  roleId: string;
}

/** 添加已有账号: an account of another alliance (e.g. a 市场监管所 officer) joins this one. */
export function MembershipCreateForm(props: Common) {
  const [form] = Form.useForm<MembershipValues>();
  return (
    <AccountModal<MembershipValues>
      {...props}
      name="membership"
      title={t('console.user.addExisting')}
      form={form}
      submit={(body) => post('/users/memberships', body)}
    >
      <ProFormText
        colProps={{ span: 24 }}
        name="username"
        label={t('common.username')}
        extra={t('console.user.addExistingHelp')}
        rules={[required, zodRule(MembershipCreate, 'username')]}
      />
    </AccountModal>
  );
}

interface UpdateValues extends ScopeValues {
  displayName?: string;
  status?: 'active' | 'disabled';
}

/** 编辑账号: display name, status, and the membership in the current alliance. */
export function UserEditForm({ user, ...props }: Common & { user: User }) {
  const [form] = Form.useForm<UpdateValues>();
  const m = user.membership;
  return (
    <AccountModal<UpdateValues>
      {...props}
      name="userEdit"
      title={t('console.user.editTitle', { name: user.username })}
      form={form}
      initialValues={{
        displayName: user.displayName,
        status: user.status,
        roleId: m?.roleId,
        unitId: m?.unitId,
        scopeOrgId: m?.scopeOrgId,
        scopeGridId: m?.scopeGridId,
      }}
      submit={(body) => patch(`/users/${user.id}`, body)}
    >
      <ProFormText
        colProps={{ span: 12 }}
        name="displayName"
        label={t('console.user.displayName')}
        rules={[required, keptRule(UserCreate, 'displayName', user.displayName)]}
      />
      <ProFormSelect colProps={{ span: 12 }} name="status" label={t('common.status')} options={enumOptions('status', RECORD_STATUSES)} allowClear={false} />
    </AccountModal>
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
