import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import { t } from '../../shared/i18n.ts';

/** What InfiniteScroll shows at the end of a list: loading, the error with a retry, the empty state or 没有更多了. */
export function ListFooter(p: { hasMore: boolean; failed: boolean; retry: () => void; empty: boolean; error: string | null }) {
  if (p.failed)
    return (
      <span className="tx-list-end" role="alert">
        {p.error ?? t('h5.list.failed')}
        <Button size="mini" fill="none" color="primary" onClick={p.retry}>
          {t('h5.list.retry')}
        </Button>
      </span>
    );
  if (p.hasMore)
    return (
      <span className="tx-list-end">
        {t('common.loading')}
        <DotLoading />
      </span>
    );
  if (p.empty) return <ErrorBlock status="empty" title={t('h5.list.empty')} description="" />;
  return <span className="tx-list-end">{t('h5.list.noMore')}</span>;
}
