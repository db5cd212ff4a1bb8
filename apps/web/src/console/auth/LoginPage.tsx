import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { MeResponse } from '@tongxin/domain';
import { Alert, Button, Card, Form, Input, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { errorText } from '../lib/errors.ts';
import { fmtTime } from '../lib/time.ts';
import { useSession } from './session.tsx';

interface LoginValues {
  username: string;
  password: string;
}

function loginError(e: unknown): string {
  if (e instanceof ApiError && e.code === 'ACCOUNT_LOCKED') {
    const until = (e.details as { lockedUntil?: number } | undefined)?.lockedUntil;
    return until ? t('console.login.lockedUntil', { time: fmtTime(until) }) : t('error.ACCOUNT_LOCKED');
  }
  return errorText(e);
}

/** 登录 page: username and password; shows INVALID_CREDENTIALS and ACCOUNT_LOCKED with the unlock time. */
export function LoginPage() {
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const redirect = params.get('redirect');
  const target = redirect && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';

  if (me === undefined) return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  if (me) return <Navigate to={target} replace />;

  const onFinish = async (v: LoginValues) => {
    setBusy(true);
    setError(null);
    try {
      const m = await post<MeResponse>('/auth/login', { username: v.username.trim(), password: v.password });
      setMe(m);
      void navigate(target, { replace: true });
    } catch (e) {
      setError(loginError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tx-login">
      <div className="tx-login-banner">
        <div className="tx-login-emblem">同</div>
        <Typography.Title level={2} style={{ color: '#fff', margin: 0 }}>
          {t('app.fullName')}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,.85)', marginTop: 12 }}>{t('console.login.slogan')}</Typography.Paragraph>
      </div>
      <Card className="tx-login-card" title={t('console.login.title')}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form<LoginValues> layout="vertical" size="large" onFinish={onFinish} autoComplete="on">
          <Form.Item name="username" label={t('common.username')} rules={[{ required: true, message: t('console.login.usernameRequired') }]}>
            <Input name="username" prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('common.password')} rules={[{ required: true, message: t('console.login.passwordRequired') }]}>
            <Input.Password name="password" prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('common.login')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('console.login.notice')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
