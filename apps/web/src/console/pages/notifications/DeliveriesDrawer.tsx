import { ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { DELIVERY_STATUSES, type Webhook, type WebhookDelivery } from '@tongxin/domain';
import { Drawer, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { attempt } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { fmtTime } from '../../lib/time.ts';
import { SendErrorTip, sendErrorText } from './sendError.tsx';

const COLOR: Record<string, string> = { pending: 'gold', sent: 'green', dead: 'red' };

/** The deliveries of one webhook: status, tries, next retry, last error; failed and waiting ones can be resent. */
export function DeliveriesDrawer({ hook, onClose, onChanged }: { hook: Webhook; onClose: () => void; onChanged: () => void }) {
  const action = useRef<ActionType>(null);
  const retry = async (d: WebhookDelivery) => {
    if (await attempt(() => post(`/webhook-deliveries/${d.id}/retry`), undefined, t('notifications.delivery.retried'))) {
      action.current?.reload();
      onChanged();
    }
  };
  const columns: ProColumns<WebhookDelivery>[] = [
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, search: false, render: (_d, r) => fmtTime(r.createdAt) },
    { title: t('notifications.delivery.event'), dataIndex: 'event', width: 110, search: false, render: (_d, r) => t(`notifications.event.${r.event}`) },
    {
      title: t('notifications.delivery.summary'),
      dataIndex: 'summary',
      search: false,
      render: (_d, r) => (
        <Tooltip title={`${t('notifications.delivery.eventId')}: ${r.eventId}`}>
          <Typography.Text ellipsis style={{ maxWidth: 360 }}>
            {r.summary}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: t('notifications.delivery.status'),
      dataIndex: 'status',
      width: 120,
      valueType: 'select',
      fieldProps: { options: enumOptions('notifications.delivery.status', DELIVERY_STATUSES) },
      render: (_d, r) => (
        <>
          <Tag color={COLOR[r.status]}>{t(`notifications.delivery.status.${r.status}`)}</Tag>
          {r.batchSize && r.batchSize > 1 ? <Tag>{t('notifications.delivery.batch', { n: r.batchSize })}</Tag> : null}
        </>
      ),
    },
    { title: t('notifications.delivery.attempts'), dataIndex: 'attempts', width: 80, search: false },
    {
      title: t('notifications.delivery.nextAt'),
      dataIndex: 'nextAt',
      width: 170,
      search: false,
      render: (_d, r) => (r.status === 'sent' ? fmtTime(r.sentAt) : fmtTime(r.nextAt)),
    },
    {
      title: t('notifications.delivery.lastError'),
      dataIndex: 'lastError',
      width: 180,
      search: false,
      render: (_d, r) =>
        r.lastError ? (
          <Tooltip title={<SendErrorTip raw={r.lastError} />}>
            <Typography.Text type="danger" ellipsis style={{ maxWidth: 164 }}>
              {sendErrorText(r.lastError).label}
            </Typography.Text>
          </Tooltip>
        ) : (
          '-'
        ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 80,
      render: (_d, r) =>
        r.status === 'sent'
          ? []
          : [
              <a key="retry" onClick={() => void retry(r)}>
                {t('notifications.delivery.retry')}
              </a>,
            ],
    },
  ];
  return (
    <Drawer open width={1100} title={t('notifications.delivery.title', { name: hook.name })} onClose={onClose} destroyOnHidden>
      <ProTable<WebhookDelivery>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        request={listRequest<WebhookDelivery>(`/webhooks/${hook.id}/deliveries`)}
        pagination={{ defaultPageSize: 20 }}
        options={{ reload: true, density: false, setting: false }}
      />
    </Drawer>
  );
}
