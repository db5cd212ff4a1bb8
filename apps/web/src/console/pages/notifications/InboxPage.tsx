import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { InboxItem } from '@tongxin/domain';
import { Badge, Button, Segmented, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { attempt, showError } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { fmtTime } from '../../lib/time.ts';
import { inboxSummary } from '../../../shared/inboxText.ts';
import { actorLabel } from '../../../shared/dataNames.ts';
import { CaseDrawer } from '../tickets/TicketDrawer.tsx';
import { refreshUnread } from './unread.ts';

const WARN = new Set(['sla_warning', 'overdue', 'accept_overdue', 'return', 'urge', 'credit_threshold', 'credit_plaque_revoked']);

/** 消息中心: my notifications in the current alliance; opening one marks it read and shows its ticket. */
export function InboxPage() {
  const action = useRef<ActionType>(null);
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [openId, setOpenId] = useState<string | null>(null);

  const markRead = async (item: InboxItem) => {
    if (item.readAt) return;
    try {
      await post(`/inbox/${item.id}/read`);
      refreshUnread();
      action.current?.reload();
    } catch (e) {
      showError(e);
    }
  };
  const navigate = useNavigate();
  const open = (item: InboxItem) => {
    void markRead(item);
    if (item.ticketId) setOpenId(item.ticketId);
  };
  const readAll = async () => {
    if (await attempt(() => post('/inbox/read-all'), undefined, t('notifications.inbox.readAllDone'))) {
      refreshUnread();
      action.current?.reload();
    }
  };

  const columns: ProColumns<InboxItem>[] = [
    {
      title: t('notifications.inbox.time'),
      dataIndex: 'createdAt',
      width: 180,
      render: (_d, r) => (
        <Space>
          <Badge status={r.readAt ? 'default' : 'error'} />
          {fmtTime(r.createdAt)}
        </Space>
      ),
    },
    {
      title: t('notifications.inbox.event'),
      dataIndex: 'event',
      width: 120,
      render: (_d, r) => <Tag color={WARN.has(r.event) ? 'red' : 'blue'}>{t(`notifications.event.${r.event}`)}</Tag>,
    },
    {
      title: t('notifications.inbox.content'),
      dataIndex: 'summary',
      render: (_d, r) => (
        <Typography.Text strong={!r.readAt}>
          {inboxSummary(r)}
          {r.actorName && (
            <Typography.Text type="secondary">
              {' · '}
              {t('notifications.inbox.by', { name: r.facts?.systemNote ? t('console.ticket.slaClock') : actorLabel(r.actorName) })}
            </Typography.Text>
          )}
          {/* a notice without a case (credit notices) carries its whole text here */}
          {!r.ticketId && r.note && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {r.note}
            </Typography.Paragraph>
          )}
        </Typography.Text>
      ),
    },
    { title: t('notifications.inbox.reason'), dataIndex: 'reason', width: 130, render: (_d, r) => <Tag>{t(`notifications.reason.${r.reason}`)}</Tag> },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 160,
      render: (_d, r) => [
        r.ticketId && (
          <a key="open" onClick={() => open(r)}>
            {t('notifications.inbox.openTicket')}
          </a>
        ),
        // a credit notice opens the shop's record (its credit tab holds the ledger, plaques and objections)
        !r.ticketId && r.merchantId && (
          <a
            key="merchant"
            onClick={() => {
              void markRead(r);
              navigate(`/merchants?open=${encodeURIComponent(r.merchantId as string)}`);
            }}
          >
            {t('notifications.inbox.openMerchant')}
          </a>
        ),
        !r.readAt && (
          <a key="read" onClick={() => void markRead(r)}>
            {t('notifications.inbox.markRead')}
          </a>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('notifications.inbox.title')}>
      <ProTable<InboxItem>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={false}
        params={{ unread: filter === 'unread' ? 'true' : undefined }}
        request={listRequest<InboxItem>('/inbox')}
        pagination={{ defaultPageSize: 20 }}
        locale={{ emptyText: t('notifications.inbox.empty') }}
        onRow={(r) => ({ onDoubleClick: () => open(r) })}
        headerTitle={
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as 'all' | 'unread')}
            options={[
              { value: 'all', label: t('notifications.inbox.all') },
              { value: 'unread', label: t('notifications.inbox.unreadOnly') },
            ]}
          />
        }
        toolBarRender={() => [
          <Button key="readAll" onClick={() => void readAll()}>
            {t('notifications.inbox.readAll')}
          </Button>,
        ]}
      />
      {openId && <CaseDrawer id={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} onChanged={() => action.current?.reload()} />}
    </PageContainer>
  );
}
