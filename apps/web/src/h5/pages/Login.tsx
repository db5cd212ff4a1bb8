import type { LoginBody } from '@tongxin/domain';
import { Button, Form, Input, SafeArea } from 'antd-mobile';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { errorText } from '../errors.ts';
import { useSession, type Me } from '../session.tsx';

/** Username and password, one big 登录 button; errors (wrong password, locked account) show under the form. */
export function LoginPage() {
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={from} replace />;

  const onFinish = async (values: LoginBody) => {
    setBusy(true);
    setError(null);
    try {
      const next = await post<Me>('/auth/login', { username: values.username.trim(), password: values.password });
      setMe(next);
      navigate(from, { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tx-login">
      <SafeArea position="top" />
      <div className="tx-login-hero">
        <div className="tx-login-logo">{t('h5.login.logo')}</div>
        <h1>{t('app.name')}</h1>
        <p>{t('h5.login.subtitle')}</p>
      </div>
      <Form
        className="tx-login-form"
        layout="vertical"
        mode="card"
        onFinish={onFinish}
        onValuesChange={() => setError(null)}
        footer={
          <>
            {error && (
              <div className="tx-login-error" role="alert">
                {error}
              </div>
            )}
            <Button block type="submit" color="primary" size="large" loading={busy} className="tx-login-button">
              {t('common.login')}
            </Button>
          </>
        }
      >
        <Form.Item name="username" label={t('common.username')} rules={[{ required: true, whitespace: true, message: t('h5.login.usernameRequired') }]}>
          <Input name="username" autoComplete="username" autoCapitalize="off" autoCorrect="off" placeholder={t('h5.login.usernamePlaceholder')} clearable />
        </Form.Item>
        <Form.Item name="password" label={t('common.password')} rules={[{ required: true, message: t('h5.login.passwordRequired') }]}>
          <Input name="password" type="password" autoComplete="current-password" placeholder={t('h5.login.passwordPlaceholder')} clearable />
        </Form.Item>
      </Form>
      <p className="tx-login-foot">{t('h5.login.footnote')}</p>
      <SafeArea position="bottom" />
    </div>
  );
}
