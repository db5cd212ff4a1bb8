import { ModalForm, ProFormRadio, ProFormTextArea } from '@ant-design/pro-components';
import { ObjectionCreate, ObjectionDecision, type CreditObjection } from '@tongxin/domain';
import { Descriptions, Form, Image, Space } from 'antd';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';
import { fmtTime } from '../../lib/time.ts';
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
/** What is contested and why, so the committee decides with the evidence in front of it. */
function ContestedSummary({ objection: o }: { objection: CreditObjection }) {
  const c = o.contested;
  return (
    <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="contested">
      <Descriptions.Item label={t('merchants.credit.objectionReason')}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{o.reason}</span>
        {o.photos.length > 0 && <Thumbs photos={o.photos} />}
      </Descriptions.Item>
      {c ? (
        <>
          <Descriptions.Item label={t('merchants.credit.objectionTarget')}>
            {t('merchants.credit.contestedEntry', { item: c.itemName ?? t('merchants.credit.kind.deduction'), points: c.points })}
          </Descriptions.Item>
          <Descriptions.Item label={t('merchants.credit.at')}>{fmtTime(c.at)}</Descriptions.Item>
          {c.place && <Descriptions.Item label={t('merchants.credit.place')}>{c.place}</Descriptions.Item>}
          {c.note && <Descriptions.Item label={t('merchants.credit.note')}>{c.note}</Descriptions.Item>}
          <Descriptions.Item label={t('merchants.credit.inspector')}>{c.inspectorName ?? '-'}</Descriptions.Item>
          {c.photos.length > 0 && (
            <Descriptions.Item label={t('merchants.credit.photos')}>
              <Thumbs photos={c.photos} />
            </Descriptions.Item>
          )}
        </>
      ) : (
        <Descriptions.Item label={t('merchants.credit.objectionTarget')}>
          {o.ticketNumber} {o.ticketTitle}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

function Thumbs({ photos }: { photos: CreditObjection['photos'] }) {
  return (
    <Image.PreviewGroup>
      <Space size={4} wrap style={{ display: 'flex', marginTop: 4 }}>
        {photos.map((p) => (
          <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={48} height={48} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

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
      <ContestedSummary objection={objection} />
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
