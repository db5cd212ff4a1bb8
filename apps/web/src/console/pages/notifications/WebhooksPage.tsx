import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { WEBHOOK_FORMATS, type Webhook, type WebhookTestResult } from '@tongxin/domain';
import { Alert, Button, Popconfirm, Space, Tag, Tooltip, Typography, message } from 'antd';
import { useRef, useState } from 'react';
import { del, post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { useMe } from '../../auth/session.tsx';
import { attempt, showError } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { useUnits } from '../../lib/lookups.ts';
import { fmtTime } from '../../lib/time.ts';
import { DeliveriesDrawer } from './DeliveriesDrawer.tsx';
import { SendErrorTip, sendErrorText } from './sendError.tsx';
import { WebhookForm } from './WebhookForm.tsx';

/** 消息推送: webhooks of my unit (or, for committee staff, of every unit and the alliance), with test and deliveries. */
export function WebhooksPage() {
  const me = useMe();
  const action = useRef<ActionType>(null);
  const units = useUnits();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [deliveriesOf, setDeliveriesOf] = useState<Webhook | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  // committee staff reach the whole alliance; a unit's handler only their unit
  const allianceWide = me.role?.dataScope === 'alliance' || me.user.isCityAdmin;
  const myUnitId = me.memberships.find((m) => m.allianceId === me.currentAlliance?.id)?.unitId ?? null;
  const myUnits = allianceWide ? units.rows : units.rows.filter((u) => u.id === myUnitId);

  const test = async (w: Webhook) => {
    setTesting(w.id);
    try {
      const r = await post<WebhookTestResult>(`/webhooks/${w.id}/test`);
      if (r.ok) void message.success(t('notifications.webhook.testOk', { status: r.httpStatus ?? '-', ms: r.durationMs }));
      else void message.error(t('notifications.webhook.testFailed', { error: r.error ? sendErrorText(r.error).label : '-' }));
      action.current?.reload();
    } catch (e) {
      showError(e);
    } finally {
      setTesting(null);
    }
  };
  const remove = async (w: Webhook) => {
    if (await attempt(() => del(`/webhooks/${w.id}`), undefined, t('notifications.webhook.deleted'))) action.current?.reload();
  };

  const columns: ProColumns<Webhook>[] = [
    {
      title: t('notifications.webhook.name'),
      dataIndex: 'name',
      width: 240,
      render: (_d, w) => (
        <Typography.Text strong ellipsis={{ tooltip: w.name }} style={{ maxWidth: 224 }}>
          {w.name}
        </Typography.Text>
      ),
    },
    {
      title: t('notifications.webhook.unit'),
      dataIndex: 'unitId',
      width: 200,
      valueType: 'select',
      hideInSearch: !allianceWide,
      fieldProps: { options: units.rows.map((u) => ({ value: u.id, label: u.name })), showSearch: true, optionFilterProp: 'label' },
      render: (_d, w) =>
        w.unitName ? (
          <Typography.Text ellipsis={{ tooltip: w.unitName }} style={{ maxWidth: 184 }}>
            {w.unitName}
          </Typography.Text>
        ) : (
          <Tag color="red">{t('notifications.webhook.allianceWide')}</Tag>
        ),
    },
    {
      title: t('notifications.webhook.format'),
      dataIndex: 'format',
      width: 160,
      valueType: 'select',
      fieldProps: { options: enumOptions('notifications.webhook.format', WEBHOOK_FORMATS) },
      render: (_d, w) => (
        <Tag color={w.format === 'wecom' ? 'green' : w.format === 'dingtalk' ? 'blue' : 'purple'}>{t(`notifications.webhook.format.${w.format}`)}</Tag>
      ),
    },
    {
      title: t('notifications.webhook.url'),
      dataIndex: 'url',
      width: 280,
      search: false,
      render: (_d, w) => (
        <Typography.Text code ellipsis style={{ maxWidth: 260 }}>
          {w.url}
        </Typography.Text>
      ),
    },
    {
      title: t('notifications.webhook.status'),
      dataIndex: 'enabled',
      width: 170,
      search: false,
      render: (_d, w) => (
        <Space size={4} wrap>
          {w.enabled ? <Tag color="green">{t('notifications.webhook.on')}</Tag> : <Tag>{t('notifications.webhook.off')}</Tag>}
          {w.pending > 0 && <Tag color="gold">{`${t('notifications.webhook.pending')} ${w.pending}`}</Tag>}
          {w.dead > 0 && <Tag color="red">{`${t('notifications.webhook.dead')} ${w.dead}`}</Tag>}
        </Space>
      ),
    },
    {
      title: t('notifications.webhook.lastSentAt'),
      dataIndex: 'lastSentAt',
      width: 190,
      search: false,
      render: (_d, w) =>
        w.lastError ? (
          <Tooltip title={<SendErrorTip raw={w.lastError} />}>
            <Typography.Text type="danger">{`${fmtTime(w.lastSentAt)} ⚠ ${sendErrorText(w.lastError).label}`}</Typography.Text>
          </Tooltip>
        ) : (
          fmtTime(w.lastSentAt)
        ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      width: 220,
      render: (_d, w) => [
        <a key="test" onClick={() => void test(w)} aria-disabled={testing === w.id}>
          {t('notifications.webhook.test')}
        </a>,
        <a key="deliveries" onClick={() => setDeliveriesOf(w)}>
          {t('notifications.webhook.deliveries')}
        </a>,
        <a key="edit" onClick={() => setEditing(w)}>
          {t('common.edit')}
        </a>,
        <Popconfirm key="del" title={t('notifications.webhook.confirmDelete')} onConfirm={() => remove(w)}>
          <a style={{ color: '#cf1322' }}>{t('common.delete')}</a>
        </Popconfirm>,
      ],
    },
  ];

  return (
    <PageContainer title={t('notifications.webhook.title')}>
      <Alert type="info" showIcon message={t('notifications.webhook.intro')} style={{ marginBottom: 16 }} />
      <ProTable<Webhook>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        scroll={{ x: 1400 }}
        request={listRequest<Webhook>('/webhooks')}
        pagination={{ defaultPageSize: 20 }}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('notifications.webhook.create')}
          </Button>,
        ]}
      />
      {editing && (
        <WebhookForm
          editing={editing === 'new' ? null : editing}
          units={myUnits}
          allianceWide={allianceWide}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            action.current?.reload();
          }}
        />
      )}
      {deliveriesOf && <DeliveriesDrawer hook={deliveriesOf} onClose={() => setDeliveriesOf(null)} onChanged={() => action.current?.reload()} />}
    </PageContainer>
  );
}
