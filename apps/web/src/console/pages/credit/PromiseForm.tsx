import { ModalForm, ProFormTextArea } from '@ant-design/pro-components';
import { PromiseBody } from '@tongxin/domain';
import { Form } from 'antd';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';

/** 亮身份、亮职责、亮承诺: a new promise (the old one stays in the history). */
export function PromiseForm({
  merchantId,
  initial,
  onClose,
  onDone,
}: {
  merchantId: string;
  initial?: Partial<PromiseBody>;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<PromiseBody>();
  const required = { required: true, message: t('issue.required') };
  return (
    <ModalForm<PromiseBody>
      name="credit-promise"
      title={t('merchants.credit.promiseEdit')}
      open
      form={form}
      initialValues={initial}
      onOpenChange={(o) => !o && onClose()}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/merchants/${merchantId}/credit/promise`, v), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormTextArea name="identity" label={t('merchants.credit.identity')} rules={[required, zodRule(PromiseBody, 'identity')]} fieldProps={{ rows: 2 }} />
      <ProFormTextArea name="duty" label={t('merchants.credit.duty')} rules={[required, zodRule(PromiseBody, 'duty')]} fieldProps={{ rows: 2 }} />
      <ProFormTextArea name="pledge" label={t('merchants.credit.pledge')} rules={[required, zodRule(PromiseBody, 'pledge')]} fieldProps={{ rows: 3 }} />
    </ModalForm>
  );
}
