import type { Permission } from '@tongxin/domain';
import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { useSession } from './session.tsx';

/** Shows its children only to a signed-in user; otherwise goes to /login and comes back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, signedOut } = useSession();
  const loc = useLocation();
  if (me === undefined) return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;
  if (me === null) {
    const back = loc.pathname + loc.search;
    return <Navigate to={back === '/' || signedOut ? '/login' : `/login?redirect=${encodeURIComponent(back)}`} replace />;
  }
  return <>{children}</>;
}

/** Shows a page only when the user holds the permission (or passes `allow`). */
export function Guard({ perm, allow, children }: { perm?: Permission; allow?: boolean; children: ReactNode }) {
  const { can } = useSession();
  const ok = allow === true || (perm !== undefined && can(perm));
  if (!ok) return <Result status="403" title="403" subTitle={t('console.noPermission')} />;
  return <>{children}</>;
}
