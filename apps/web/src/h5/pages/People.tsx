import type { Person } from '@tongxin/domain';
import { InfiniteScroll, List, PullToRefresh, SearchBar, Tag } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { PageShell } from '../components/PageShell.tsx';
import { usePagedList } from '../hooks/usePagedList.ts';

/** 人员: people in the user's data scope (phones come masked from the server), searchable, optionally one grid's. */
export default function PeoplePage() {
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const gridId = search.get('gridId') ?? undefined;
  const gridName = search.get('gridName');
  const list = usePagedList<Person>('/people', { q: q || undefined, gridId });

  const setQ = (v: string) => {
    const next = new URLSearchParams(search);
    if (v.trim()) next.set('q', v.trim());
    else next.delete('q');
    setSearch(next, { replace: true });
  };

  return (
    <PageShell title={gridName ? t('h5.people.ofGrid', { name: gridName }) : t('h5.tile.people')}>
      <div className="tx-search">
        <SearchBar placeholder={t('h5.people.searchPlaceholder')} defaultValue={q} onSearch={setQ} onClear={() => setQ('')} />
      </div>
      <PullToRefresh onRefresh={list.refresh}>
        {list.total > 0 && <div className="tx-count">{t('h5.list.total', { n: list.total })}</div>}
        <List>
          {list.items.map((p) => (
            <List.Item
              key={p.id}
              prefix={<span className="tx-avatar tx-avatar-sm">{p.name.slice(0, 1)}</span>}
              description={[p.title, p.gender ? t(`gender.${p.gender}`) : null].filter(Boolean).join(' · ') || undefined}
              extra={p.phone ?? t('h5.people.noPhone')}
            >
              <span className="tx-person-name">{p.name}</span>
              {p.isPartyMember && (
                <Tag color="danger" fill="outline" className="tx-inline-tag">
                  {t('h5.people.partyMember')}
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
