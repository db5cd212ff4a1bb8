import type { Ticket } from '@tongxin/domain';
import { InfiniteScroll, List, PullToRefresh, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { dateOnly, dateTime } from '../../../shared/dates.ts';
import { statusColor, statusLabel } from './labels.ts';

/** A paged list of tickets: number, category, status tag and time (and the lead unit, for the committee); tapping opens the detail page. */
/**
 * The deadline a handler works to: while a case waits to be accepted, the accept-by time (red once passed, as the
 * console's 接单时限 is); then the resolve-by day.
 */
function DueText({ ticket: x }: { ticket: Ticket }) {
  if (x.status === 'dispatched' && x.acceptDueAt !== null) {
    const late = Date.now() > x.acceptDueAt;
    return (
      <span className={late ? 'tx-field-error' : undefined} data-testid="list-accept-due">
        {t(late ? 'h5.ticket.acceptLateAt' : 'h5.ticket.acceptDueAt', { time: dateTime(x.acceptDueAt) })}
      </span>
    );
  }
  return x.dueAt ? <span>{t('h5.ticket.dueAt', { date: dateOnly(x.dueAt) })}</span> : null;
}

export function TicketList({
  params,
  showDue,
  showUnit,
  myUnitId,
}: {
  params: Readonly<Record<string, string | undefined>>;
  showDue?: boolean;
  showUnit?: boolean;
  /** the handler's unit: a case it only assists with is tagged 协办 (its lead unit acts on it) */
  myUnitId?: string | null;
}) {
  const navigate = useNavigate();
  const list = usePagedList<Ticket>('/tickets', params);
  return (
    <PullToRefresh onRefresh={list.refresh}>
      {list.total > 0 && <div className="tx-count">{t(list.totalCapped ? 'h5.list.totalCapped' : 'h5.list.total', { n: list.total })}</div>}
      <List className="tx-ticket-list">
        {list.items.map((x) => (
          <List.Item
            key={x.id}
            data-testid="ticket-item"
            data-number={x.number}
            onClick={() => navigate(`/tickets/${x.id}`)}
            description={
              <>
                <div className="tx-ellipsis">{x.title || x.description}</div>
                <div className="tx-ticket-meta">
                  <span>{x.number}</span>
                  <span>{dateTime(x.createdAt)}</span>
                </div>
                {showUnit && x.leadUnitName ? (
                  <div className="tx-ticket-meta">
                    <span className="tx-ellipsis">{x.leadUnitName}</span>
                    {showDue ? <DueText ticket={x} /> : null}
                  </div>
                ) : showDue && (x.dueAt || x.acceptDueAt) ? (
                  <div className="tx-ticket-meta">
                    <DueText ticket={x} />
                  </div>
                ) : null}
              </>
            }
            extra={
              <Tag color={statusColor(x.status)} fill="solid">
                {statusLabel(x.status)}
              </Tag>
            }
          >
            <span>{x.categoryName}</span>
            {myUnitId && x.leadUnitId !== myUnitId && x.assistUnitIds.includes(myUnitId) && (
              <Tag color="primary" fill="outline" className="tx-inline-tag" data-testid="assist-tag">
                {t('h5.ticket.assisting')}
              </Tag>
            )}
            {x.urgent && (
              <Tag color="danger" fill="outline" className="tx-inline-tag">
                {t('h5.ticket.urgent')}
              </Tag>
            )}
            {x.overdue && (
              <Tag color="danger" className="tx-inline-tag">
                {t('h5.ticket.overdue')}
              </Tag>
            )}
          </List.Item>
        ))}
      </List>
      <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
        {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
      </InfiniteScroll>
    </PullToRefresh>
  );
}
