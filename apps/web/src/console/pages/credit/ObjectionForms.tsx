import { ModalForm, ProFormRadio, ProFormTextArea } from '@ant-design/pro-components';
import { ObjectionCreate, ObjectionDecision, type CreditObjection } from '@tongxin/domain';
import { Form } from 'antd';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';
import { PhotoUpload } from '../tickets/PhotoUpload.tsx';

/** 异议申诉 against a deduction entry or an upheld complaint (ticket). */
export function ObjectionFileForm({
  merchantId,
  target,
  onClose,
  onDone,
}: {
  merchantId: string;
  target: { entryId: string } | { ticketId: string };
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ reason: string; photos?: string[] }>();
  return (
    <ModalForm
      name="credit-objection"
      title={t('merchants.credit.objectionFile')}
      open
      form={form}
      onOpenChange={(o) => !o && onClose()}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/merchants/${merchantId}/credit/objections`, { ...target, ...v }), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormTextArea
        name="reason"
        label={t('merchants.credit.objectionReason')}
        rules={[{ required: true, message: t('issue.required') }, zodRule(ObjectionCreate, 'reason')]}
      />
      <Form.Item name="photos" label={t('merchants.credit.photos')}>
        <PhotoUpload />
      </Form.Item>
    </ModalForm>
  );
}

/** The committee's decision on an objection; upheld writes the reversing entry. */
export function ObjectionDecideForm({ objection, onClose, onDone }: { objection: CreditObjection; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ upheld: boolean; note: string }>();
  return (
    <ModalForm
      name="credit-objection-decision"
      title={t('merchants.credit.objectionDecide')}
      open
      form={form}
      onOpenChange={(o) => !o && onClose()}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/credit/objections/${objection.id}/decision`, v), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <p>{objection.reason}</p>
      <ProFormRadio.Group
        name="upheld"
        label={t('merchants.credit.objectionOutcome')}
        // no default: the committee must choose 成立 or 不成立 deliberately
        rules={[{ required: true, message: t('issue.required') }]}
        options={[
          { value: true, label: t('merchants.credit.objection.upheld') },
          { value: false, label: t('merchants.credit.objection.rejected') },
        ]}
      />
      <ProFormTextArea
        name="note"
        label={t('merchants.credit.decisionNote')}
        rules={[{ required: true, message: t('issue.required') }, zodRule(ObjectionDecision, 'note')]}
      />
    </ModalForm>
  );
}
