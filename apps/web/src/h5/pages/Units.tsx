import type { Unit } from '@tongxin/domain';
import { InfiniteScroll, List, PullToRefresh, SearchBar, Tag } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { PageShell } from '../components/PageShell.tsx';
import { usePagedList } from '../hooks/usePagedList.ts';
import { useMe } from '../session.tsx';

/** 成员单位 / 本单位: the units in the user's data scope (a unit handler sees their own unit). */
export default function UnitsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const list = usePagedList<Unit>('/units', { q: q || undefined });
  const own = me.role?.dataScope === 'unit';

  const setQ = (v: string) => setSearch(v.trim() ? { q: v.trim() } : {}, { replace: true });

  return (
    <PageShell title={t(own ? 'h5.tile.myUnit' : 'h5.tile.units')}>
      {!own && (
        <div className="tx-search">
          <SearchBar placeholder={t('h5.units.searchPlaceholder')} defaultValue={q} onSearch={setQ} onClear={() => setQ('')} />
        </div>
      )}
      <PullToRefresh onRefresh={list.refresh}>
        {list.total > 0 && <div className="tx-count">{t('h5.list.total', { n: list.total })}</div>}
        <List>
          {list.items.map((u) => (
            <List.Item
              key={u.id}
              onClick={() => navigate(`/units/${u.id}`)}
              description={[u.contactName, u.contactPhone].filter(Boolean).join(' ') || u.address || undefined}
            >
              <span>{u.name}</span>
              <Tag color="primary" fill="outline" className="tx-inline-tag">
                {t(`unitKind.${u.kind}`)}
              </Tag>
              {u.status === 'disabled' && (
                <Tag color="default" className="tx-inline-tag">
                  {t('status.disabled')}
                </Tag>
              )}
            </List.Item>
          ))}
        </List>
        <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
          {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
        </InfiniteScroll>
      </PullToRefresh>
    </PageShell>
  );
}
