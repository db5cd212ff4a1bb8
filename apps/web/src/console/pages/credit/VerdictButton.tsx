import { ModalForm, ProFormRadio, ProFormSwitch, ProFormTextArea } from '@ant-design/pro-components';
import { ComplaintVerdictBody, type VerdictState } from '@tongxin/domain';
import { Button, Form, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { get, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { useSession } from '../../auth/session.tsx';
import { attempt } from '../../lib/errors.ts';

/**
 * The committee's verdict on a complaint about a registered merchant (in the ticket drawer): upheld / rejected, and
 * with upheld the 消费投诉属实 deduction in the same step; once given, the verdict shows as a tag.
 */
export function VerdictButton({ ticketId, kind, onDone }: { ticketId: string; kind: string; onDone: () => void }) {
  const { can } = useSession();
  const [form] = Form.useForm<{ upheld: boolean; deduct: boolean; note?: string }>();
  const upheld = Form.useWatch('upheld', form);
  const [state, setState] = useState<VerdictState | null>(null);
  const load = useCallback(() => {
    if (kind === 'complaint') get<VerdictState>(`/tickets/${ticketId}/verdict`).then(setState, () => setState(null));
  }, [ticketId, kind]);
  useEffect(load, [load]);
  if (!state?.merchantId) return null;
  if (state.verdict)
    return (
      <Tag color={state.verdict === 'upheld' ? 'red' : 'default'} data-testid="verdict-tag">
        {t(`merchants.credit.verdict.${state.verdict}`)}
      </Tag>
    );
  if (!can('credit:decide')) return null;
  return (
    <ModalForm
      name="complaint-verdict"
      title={t('merchants.credit.verdictOf', { name: state.merchantName ?? '' })}
      form={form}
      initialValues={{ upheld: true, deduct: true }}
      trigger={<Button data-testid="verdict-button">{t('merchants.credit.verdict')}</Button>}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/tickets/${ticketId}/verdict`, { ...v, deduct: v.upheld ? v.deduct : false }), form);
        if (ok) {
          load();
          onDone();
        }
        return ok;
      }}
    >
      <ProFormRadio.Group
        name="upheld"
        label={t('merchants.credit.verdict')}
        options={[
          { value: true, label: t('merchants.credit.verdict.upheld') },
          { value: false, label: t('merchants.credit.verdict.rejected') },
        ]}
      />
      {upheld !== false && <ProFormSwitch name="deduct" label={t('merchants.credit.verdictDeduct')} />}
      <ProFormTextArea name="note" label={t('merchants.credit.note')} rules={[zodRule(ComplaintVerdictBody, 'note')]} />
    </ModalForm>
  );
}
