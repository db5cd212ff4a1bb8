import { Button, ErrorBlock } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { roleKeyOf } from '../roles.ts';
import { useSession } from '../session.tsx';
import { canOpen, type Screen } from '../tiles.ts';
import { PageShell } from './PageShell.tsx';

/**
 * A screen behind a tile: a user whose home has no tile for it (who opened it by URL) gets a plain "no access" page with
 * a way home, before the screen mounts and fires requests that would fail. Sits below RequireAuth, so `me` is there.
 */
export function RequireTile({ screen, children }: { screen: Screen; children: ReactNode }) {
  const { me } = useSession();
  const navigate = useNavigate();
  if (me && canOpen(screen, roleKeyOf(me), me.permissions, me.user.isCityAdmin)) return children;
  return (
    <PageShell title={t('h5.noAccess.title')}>
      <ErrorBlock status="default" title={t('h5.noAccess.title')} description={t('h5.noAccess.description')} fullPage>
        <Button color="primary" onClick={() => navigate('/', { replace: true })}>
          {t('h5.noAccess.home')}
        </Button>
      </ErrorBlock>
    </PageShell>
  );
}
