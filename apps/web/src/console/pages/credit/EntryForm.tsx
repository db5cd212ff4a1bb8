import { ModalForm, ProFormDigit, ProFormSelect, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { CreditEntryCreate, type CreditEntry, type CreditItem } from '@tongxin/domain';
import { Form } from 'antd';
import { useEffect, useState } from 'react';
import { get, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';
import { PhotoUpload } from '../tickets/PhotoUpload.tsx';

interface Values {
  itemId?: string;
  points?: number;
  place?: string;
  note?: string;
  photos?: string[];
}

/** The deduct / restore dialog (with evidence photos); with `corrects` it records a correction of that entry. */
export function EntryForm({
  merchantId,
  kind,
  corrects,
  onClose,
  onDone,
}: {
  merchantId: string;
  kind: 'deduction' | 'restoration';
  corrects?: CreditEntry | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [items, setItems] = useState<CreditItem[]>([]);
  useEffect(() => {
    if (kind === 'deduction' && !corrects) void get<{ items: CreditItem[] }>('/credit/catalogue').then((r) => setItems(r.items.filter((i) => i.active)));
  }, [kind, corrects]);
  const required = { required: true, message: t('issue.required') };
  const itemId = Form.useWatch('itemId', form);
  const item = items.find((i) => i.id === itemId);
  const title = corrects ? t('merchants.credit.correct') : kind === 'deduction' ? t('merchants.credit.deduct') : t('merchants.credit.restore');
  return (
    <ModalForm<Values>
      name="credit-entry"
      title={title}
      open
      form={form}
      width={560}
      onOpenChange={(o) => !o && onClose()}
      onFinish={async (v) => {
        const body = { kind, ...v, ...(corrects ? { correctsEntryId: corrects.id } : {}) };
        const ok = await attempt(() => post(`/merchants/${merchantId}/credit/entries`, body), form);
        if (ok) onDone();
        return ok;
      }}
    >
      {kind === 'deduction' && !corrects && (
        <ProFormSelect
          name="itemId"
          label={t('merchants.credit.item')}
          rules={[required]}
          options={items.map((i) => ({ value: i.id, label: `${i.name}（-${i.points}）` }))}
          fieldProps={{ showSearch: true, optionFilterProp: 'label' }}
        />
      )}
      <ProFormDigit
        name="points"
        label={t('merchants.credit.points')}
        min={1}
        max={12}
        fieldProps={{ precision: 0 }}
        tooltip={kind === 'deduction' && !corrects ? t('merchants.credit.pointsHint') : undefined}
        placeholder={item ? String(item.points) : undefined}
        rules={[...(kind === 'restoration' || corrects ? [required] : []), zodRule(CreditEntryCreate, 'points')]}
      />
      <ProFormText name="place" label={t('merchants.credit.place')} rules={[zodRule(CreditEntryCreate, 'place')]} />
      <ProFormTextArea name="note" label={t('merchants.credit.note')} rules={[zodRule(CreditEntryCreate, 'note')]} />
      <Form.Item
        name="photos"
        label={t('merchants.credit.photos')}
        rules={kind === 'deduction' && !corrects ? [{ required: true, type: 'array', min: 1, message: t('merchants.credit.photoRequired') }] : undefined}
      >
        <PhotoUpload />
      </Form.Item>
    </ModalForm>
  );
}
