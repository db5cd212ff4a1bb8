import { Button, Input, List, SafeArea } from 'antd-mobile';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { errorText } from '../errors.ts';
import { useTitle } from '../hooks/useTitle.ts';
import { useSession, type Me } from '../session.tsx';

/**
 * Username and password, one big 登录 button; errors (wrong password, locked account) show under the form.
 * A plain <form> rather than antd-mobile's Form keeps rc-field-form out of the first screen's bundle.
 */
export function LoginPage() {
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(`${t('common.login')} · ${t('app.name')}`);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={from} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim()) return setError(t('h5.login.usernameRequired'));
    if (!password) return setError(t('h5.login.passwordRequired'));
    setBusy(true);
    setError(null);
    try {
      const next = await post<Me>('/auth/login', { username: username.trim(), password });
      setMe(next);
      navigate(from, { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setError(null);
  };

  return (
    <div className="tx-login">
      <SafeArea position="top" />
      <div className="tx-login-hero">
        <div className="tx-login-logo" aria-hidden="true">
          {t('h5.login.logo')}
        </div>
        <h1>{t('app.name')}</h1>
        <p>{t('h5.login.subtitle')}</p>
      </div>
      <form className="tx-login-form" onSubmit={onSubmit} noValidate>
        <List mode="card">
          <List.Item prefix={<label htmlFor="tx-username">{t('common.username')}</label>}>
            <Input
              id="tx-username"
              name="username"
              value={username}
              onChange={edit(setUsername)}
              autoComplete="username"
              autoCapitalize="off"
              autoCorrect="off"
              placeholder={t('h5.login.usernamePlaceholder')}
              clearable
            />
          </List.Item>
          <List.Item prefix={<label htmlFor="tx-password">{t('common.password')}</label>}>
            <Input
              id="tx-password"
              name="password"
              type="password"
              value={password}
              onChange={edit(setPassword)}
              autoComplete="current-password"
              placeholder={t('h5.login.passwordPlaceholder')}
              clearable
            />
          </List.Item>
        </List>
        <div className="tx-login-actions">
          {error && (
            <div className="tx-login-error" role="alert">
              {error}
            </div>
          )}
          <Button block type="submit" color="primary" size="large" loading={busy} className="tx-login-button">
            {t('common.login')}
          </Button>
        </div>
      </form>
      <p className="tx-login-foot">{t('h5.login.footnote')}</p>
      <SafeArea position="bottom" />
    </div>
  );
}
