import { ErrorBlock, PullToRefresh, SafeArea, Tag } from 'antd-mobile';
import { t } from '../../shared/i18n.ts';
import { TileGrid } from '../components/TileGrid.tsx';
import { currentMembership, roleKeyOf } from '../roles.ts';
import { useMe, useSession } from '../session.tsx';
import { tilesFor } from '../tiles.ts';
import { useUnread } from './inbox/useUnread.ts';
import { useQueueCounts } from './tickets/useQueueCounts.ts';
import { roleLabel } from '../../shared/dataNames.ts';

/** The home page of the current role: who and where I am, and the entries my role works with. */
export function HomePage() {
  const me = useMe();
  const { refresh } = useSession();
  const role = roleKeyOf(me);
  const unitName = currentMembership(me)?.unitName;
  const tiles = tilesFor(role, me.permissions, me.user.isCityAdmin);
  const unread = useUnread(!!me.currentAlliance);
  const queues = useQueueCounts(tiles, !!me.currentAlliance);
  const roleName = (me.role && roleLabel(me.role.name)) ?? (me.user.isCityAdmin ? t('h5.me.cityAdmin') : null);

  return (
    <PullToRefresh onRefresh={refresh}>
      <header className="tx-hero">
        <SafeArea position="top" />
        <div className="tx-hero-alliance">{me.currentAlliance?.name ?? t('app.fullName')}</div>
        <div className="tx-hero-user">
          <span className="tx-hero-name">{me.user.displayName}</span>
          {roleName && (
            <Tag round color="#fff" fill="outline" className="tx-hero-role">
              {roleName}
            </Tag>
          )}
        </div>
        {unitName && <div className="tx-hero-unit">{unitName}</div>}
      </header>
      {me.currentAlliance ? (
        <main className="tx-home">
          <TileGrid tiles={tiles} badges={{ ...queues, inbox: unread }} />
          <section className="tx-card tx-role-note">
            <h3>{t('h5.home.myRole')}</h3>
            <p>{t(`h5.roleDesc.${role}`)}</p>
          </section>
        </main>
      ) : (
        <>
          {/* without an alliance selected, a city administrator still reads the whole city */}
          {me.user.isCityAdmin && <TileGrid tiles={tiles.filter((x) => x.key === 'city')} />}
          <ErrorBlock
            status="empty"
            title={t('h5.home.noAlliance')}
            description={t(me.user.isCityAdmin ? 'h5.home.noAllianceCityAdmin' : 'h5.home.noAllianceHint')}
          />
        </>
      )}
    </PullToRefresh>
  );
}
