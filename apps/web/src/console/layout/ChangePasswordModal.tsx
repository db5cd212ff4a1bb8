import { ModalForm, ProFormText } from '@ant-design/pro-components';
import { checkPasswordPolicy } from '@tongxin/domain';
import { Form } from 'antd';
import { post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { attempt } from '../lib/errors.ts';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码: the current password, a new one that meets the policy, typed twice. */
export function ChangePasswordModal({ open, onOpenChange, username }: { open: boolean; onOpenChange: (o: boolean) => void; username: string }) {
  const [form] = Form.useForm<Values>();
  return (
    <ModalForm<Values>
      name="changePassword"
      title={t('console.user.changePassword')}
      open={open}
      onOpenChange={onOpenChange}
      form={form}
      width={420}
      modalProps={{ destroyOnHidden: true }}
      onFinish={(v) =>
        attempt(() => post('/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword }), form, t('console.user.passwordChanged'))
      }
    >
      <ProFormText.Password name="oldPassword" label={t('console.user.oldPassword')} rules={[{ required: true, message: t('issue.required') }]} />
      <ProFormText.Password
        name="newPassword"
        label={t('console.user.newPassword')}
        extra={t('console.user.passwordPolicy')}
        rules={[
          { required: true, message: t('issue.required') },
          {
            validator: async (_r, v: string | undefined) => {
              const p = v ? checkPasswordPolicy(v, username) : null;
              if (p) throw new Error(t(`issue.${p}`));
            },
          },
        ]}
      />
      <ProFormText.Password
        name="confirm"
        label={t('console.user.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('issue.required') },
          ({ getFieldValue }) => ({
            validator: async (_r, v: string | undefined) => {
              if (v && v !== getFieldValue('newPassword')) throw new Error(t('console.user.passwordMismatch'));
            },
          }),
        ]}
      />
    </ModalForm>
  );
}
