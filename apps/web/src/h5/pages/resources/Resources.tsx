import type { Resource } from '@tongxin/domain';
import { InfiniteScroll, List, PullToRefresh, SearchBar, Tag } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { openingText } from '../../../shared/openingHours.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { usePagedList } from '../../hooks/usePagedList.ts';
import './resources.css';

/** One resource: category, providing unit, opening hours, capacity, place and (masked) contact. */
function ResourceItem({ r }: { r: Resource }) {
  const hours = openingText(r);
  const contact = [r.contactName, r.contactPhone].filter(Boolean).join(' ');
  return (
    <List.Item
      data-testid="resource-item"
      description={
        <div className="tx-resource-lines">
          {r.description && <div className="tx-resource-desc">{r.description}</div>}
          <div>{r.unitName}</div>
          {hours && <div>{t('resources.h5.hours', { text: hours })}</div>}
          {r.capacity !== null && <div>{t('resources.h5.capacity', { n: r.capacity })}</div>}
          {r.address && <div>{t('resources.h5.address', { text: r.address })}</div>}
          {contact && <div>{t('resources.h5.contact', { text: contact })}</div>}
        </div>
      }
    >
      <span>{r.title}</span>
      <Tag color="primary" fill="outline" className="tx-inline-tag">
        {t(`resourceCategory.${r.category}`)}
      </Tag>
    </List.Item>
  );
}

/** 资源清单 on the phone: the alliance's shared catalogue of active resources, read-only, searchable. */
export default function ResourcesPage() {
  const [search, setSearch] = useSearchParams();
  const q = search.get('q') ?? '';
  const list = usePagedList<Resource>('/resources', { q: q || undefined, status: 'active' });
  const setQ = (v: string) => setSearch(v.trim() ? { q: v.trim() } : {}, { replace: true });

  return (
    <PageShell title={t('h5.tile.resources')}>
      <div className="tx-search">
        <SearchBar placeholder={t('resources.searchPlaceholder')} defaultValue={q} onSearch={setQ} onClear={() => setQ('')} />
      </div>
      <PullToRefresh onRefresh={list.refresh}>
        {list.total > 0 && <div className="tx-count">{t('h5.list.total', { n: list.total })}</div>}
        <List>
          {list.items.map((r) => (
            <ResourceItem key={r.id} r={r} />
          ))}
        </List>
        <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
          {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
        </InfiniteScroll>
      </PullToRefresh>
    </PageShell>
  );
}
