import './inbox.css';
import type { InboxItem } from '@tongxin/domain';
import { Badge, Button, InfiniteScroll, List, PullToRefresh, Tabs, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { errorText } from '../../errors.ts';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { dateTime } from '../../../shared/dates.ts';
import { inboxDetail } from '../../../shared/inboxText.ts';

const WARN = new Set(['sla_warning', 'overdue', 'accept_overdue', 'return', 'urge', 'credit_threshold', 'credit_plaque_revoked']);

/** 消息: my notifications in the current alliance; tapping one marks it read and opens its ticket. */
export default function InboxPage() {
  const navigate = useNavigate();
  const [tab, setTab] = useState<'all' | 'unread'>('unread');
  const [read, setRead] = useState<Set<string>>(new Set());
  const list = usePagedList<InboxItem>('/inbox', { unread: tab === 'unread' ? 'true' : undefined });

  const open = async (x: InboxItem) => {
    if (!x.readAt && !read.has(x.id)) {
      await post(`/inbox/${x.id}/read`).catch(() => undefined);
      setRead((s) => new Set(s).add(x.id));
    }
    if (x.ticketId) navigate(`/tickets/${x.ticketId}`);
    // a credit notice opens the shop's record
    else if (x.merchantId) navigate(`/merchants/${x.merchantId}`);
  };
  const readAll = async () => {
    try {
      await post('/inbox/read-all');
      Toast.show({ icon: 'success', content: t('notifications.inbox.readAllDone') });
      await list.refresh();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
    }
  };

  return (
    <PageShell
      title={t('notifications.h5.title')}
      right={
        <Button size="mini" color="primary" fill="none" onClick={() => void readAll()}>
          {t('notifications.h5.readAll')}
        </Button>
      }
    >
      <Tabs activeKey={tab} onChange={(k) => setTab(k as 'all' | 'unread')}>
        <Tabs.Tab key="unread" title={t('notifications.inbox.unreadOnly')} />
        <Tabs.Tab key="all" title={t('notifications.inbox.all')} />
      </Tabs>
      <PullToRefresh onRefresh={list.refresh}>
        <List>
          {list.items.map((x) => {
            const unread = !x.readAt && !read.has(x.id);
            return (
              <List.Item
                key={x.id}
                data-testid="inbox-item"
                onClick={() => void open(x)}
                prefix={unread ? <Badge content={Badge.dot} /> : <span style={{ display: 'inline-block', width: 8 }} />}
                description={
                  <>
                    {x.facts && x.ticketId && <div className="tx-ellipsis">{inboxDetail(x.event, x.facts)}</div>}
                    {x.note && !x.facts?.systemNote && <div className="tx-ellipsis">{x.note}</div>}
                    <div className="tx-inbox-meta">
                      {x.ticketNumber && <span>{x.ticketNumber}</span>}
                      <span>{dateTime(x.createdAt)}</span>
                    </div>
                  </>
                }
                extra={
                  <Tag color={WARN.has(x.event) ? 'danger' : 'primary'} fill="outline">
                    {t(`notifications.event.${x.event}`)}
                  </Tag>
                }
              >
                <span style={{ fontWeight: unread ? 600 : 400 }}>{x.ticketTitle ?? x.summary}</span>
              </List.Item>
            );
          })}
        </List>
        <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
          {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
        </InfiniteScroll>
      </PullToRefresh>
    </PageShell>
  );
}
