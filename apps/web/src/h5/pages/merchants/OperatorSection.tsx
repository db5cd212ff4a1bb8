import type { CreditEntry, CreditNotice, MerchantCredit } from '@tongxin/domain';
import { Button, Form, List, Popup, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { ApiError } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { errorText } from '../../errors.ts';
import { useFetch } from '../../hooks/useFetch.ts';
import { merchantsApi } from './api.ts';
import { dateTime } from '../../../shared/dates.ts';

const DAY = 86_400_000;

/** Deductions the operator may still contest: within the objection period and not contested yet. */
export function contestable(credit: MerchantCredit, now: number): Set<string> {
  const contested = new Set(credit.objections.map((o) => o.entryId).filter(Boolean));
  return new Set(credit.entries.filter((e) => e.kind === 'deduction' && !contested.has(e.id) && now < e.at + credit.objectionDays * DAY).map((e) => e.id));
}

/**
 * What the shop's operator reads and does on the phone besides the ledger: 异议申诉 against a recent deduction, the
 * decisions on them, the committee's notices (摘牌, 授牌, 分值处置) and the shop's promise.
 */
export function OperatorSection({ merchantId, credit }: { merchantId: string; credit: MerchantCredit }) {
  const notices = useFetch<{ items: CreditNotice[] }>(`/merchants/${merchantId}/credit/notices?pageSize=10`);
  return (
    <>
      <List header={t('merchants.h5.objections')}>
        {credit.objections.length === 0 ? (
          <List.Item>{t('merchants.h5.noObjections')}</List.Item>
        ) : (
          credit.objections.map((o) => (
            <List.Item
              key={o.id}
              data-testid="h5-objection"
              description={o.decisionNote ? t('merchants.h5.decision', { note: o.decisionNote }) : dateTime(o.filedAt)}
              extra={
                <Tag color={o.status === 'upheld' ? 'success' : o.status === 'rejected' ? 'default' : 'warning'}>
                  {t(`merchants.credit.objection.${o.status}`)}
                </Tag>
              }
            >
              {o.contested ? t('merchants.credit.contestedEntry', { item: o.contested.itemName ?? '', points: o.contested.points }) : o.ticketNumber}
            </List.Item>
          ))
        )}
      </List>
      <List header={t('merchants.h5.notices')}>
        {(notices.data?.items ?? []).length === 0 ? (
          <List.Item>{notices.error ?? t('merchants.h5.noNotices')}</List.Item>
        ) : (
          notices.data?.items.map((n) => (
            <List.Item key={n.id} description={`${dateTime(n.createdAt)} · ${n.body}`}>
              {n.title}
            </List.Item>
          ))
        )}
      </List>
      <List header={t('merchants.h5.promise')}>
        <List.Item>
          <div className="tx-pre">{credit.promise ?? t('merchants.h5.noPromise')}</div>
        </List.Item>
      </List>
    </>
  );
}

/** 异议申诉 against one deduction: the reason, sent to the committee, which decides within the period. */
export function ObjectionPopup({
  merchantId,
  entry,
  onClose,
  onDone,
}: {
  merchantId: string;
  entry: CreditEntry | null;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const [saving, setSaving] = useState(false);
  const submit = async (v: { reason?: string }) => {
    if (!entry || !v.reason?.trim()) return;
    setSaving(true);
    try {
      await merchantsApi.object(merchantId, { entryId: entry.id, reason: v.reason.trim() });
      Toast.show({ icon: 'success', content: t('merchants.h5.objected') });
      await onDone();
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? errorText(e) : t('error.network') });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Popup visible={!!entry} onMaskClick={onClose} bodyStyle={{ maxHeight: '90vh', overflowY: 'auto' }} destroyOnClose>
      {entry && (
        <Form
          layout="vertical"
          onFinish={submit}
          footer={
            <Button block color="primary" type="submit" loading={saving}>
              {t('merchants.h5.objectSubmit')}
            </Button>
          }
        >
          <Form.Header>
            {t('merchants.credit.objectionFile')} · {entry.itemName ?? ''}（{entry.delta}）
          </Form.Header>
          <Form.Item
            name="reason"
            label={t('merchants.credit.objectionReason')}
            rules={[{ required: true, whitespace: true, message: t('merchants.h5.objectReasonRequired') }]}
          >
            <TextArea maxLength={500} rows={4} showCount placeholder={t('merchants.h5.objectReasonPlaceholder')} />
          </Form.Item>
        </Form>
      )}
    </Popup>
  );
}
