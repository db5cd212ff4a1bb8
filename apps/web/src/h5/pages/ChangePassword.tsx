import { checkPasswordPolicy } from '@tongxin/domain';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { PageShell } from '../components/PageShell.tsx';
import { errorText } from '../errors.ts';
import { useMe } from '../session.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** 修改密码 with the shared policy (≥10 characters, 3 of upper/lower/digit/symbol, not the username). */
export default function ChangePasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: Values) => {
    setBusy(true);
    try {
      await post('/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword });
      Toast.show({ icon: 'success', content: t('h5.password.changed') });
      navigate('/me', { replace: true });
    } catch (e) {
      const issues = e instanceof ApiError ? e.fieldIssues : [];
      if (issues.length)
        form.setFields(issues.map((i) => ({ name: i.path, errors: [t(`issue.${i.code}`) === `issue.${i.code}` ? i.message : t(`issue.${i.code}`)] })));
      else Toast.show({ icon: 'fail', content: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell title={t('h5.me.changePassword')}>
      <Form
        form={form}
        layout="vertical"
        mode="card"
        onFinish={onFinish}
        footer={
          <Button block type="submit" color="primary" size="large" loading={busy}>
            {t('common.save')}
          </Button>
        }
      >
        <Form.Item name="oldPassword" label={t('h5.password.old')} rules={[{ required: true, message: t('issue.required') }]}>
          <Input name="oldPassword" type="password" autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          required
          label={t('h5.password.new')}
          description={t('h5.password.policy')}
          rules={[
            {
              validator: async (_r, value: string | undefined) => {
                const problem = checkPasswordPolicy(value ?? '', me.user.username);
                if (problem) throw new Error(t(`issue.${problem}`));
              },
            },
          ]}
        >
          <Input name="newPassword" type="password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('h5.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('issue.required') },
            ({ getFieldValue }) => ({
              validator: async (_r, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('h5.password.mismatch'));
              },
            }),
          ]}
        >
          <Input name="confirm" type="password" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </PageShell>
  );
}
