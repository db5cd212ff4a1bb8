import type { TicketAction, TicketDetail } from '@tongxin/domain';
import { Form, Popup, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { t } from '../../../shared/i18n.ts';
import { PickerTrigger } from '../../components/KeyboardFields.tsx';
import { KeyboardDatePicker } from '../../components/KeyboardPicker.tsx';
import { PhotoPicker, type PickedPhoto } from '../../components/PhotoPicker.tsx';
import { COMMITTEE_FORM_ACTIONS, CommitteeForm } from './CommitteeForms.tsx';
import { RatingFields, SubmitButton, useRun, type Submit } from './formParts.tsx';
import { dateOnly } from '../../../shared/dates.ts';
import { actionLabel, endOfShanghaiDay } from './labels.ts';
import { RequiredLabel } from '../../components/RequiredLabel.tsx';

/** The actions the phone offers (accept has only a confirm); merge (which needs a search over cases) stays in the console. */
export const H5_FORM_ACTIONS: readonly TicketAction[] = [
  'accept',
  'return',
  'resolve',
  'request_extension',
  'rate',
  'cancel',
  'escalate',
  'comment',
  ...COMMITTEE_FORM_ACTIONS,
];

/** A bottom sheet with the form of one action; closes itself when the action succeeds. */
export function ActionPopup({
  action,
  ticket,
  onClose,
  onSubmit,
}: {
  action: TicketAction | null;
  ticket: TicketDetail;
  onClose: () => void;
  onSubmit: Submit;
}) {
  return (
    <Popup visible={!!action && action !== 'accept'} onMaskClick={onClose} onClose={onClose} destroyOnClose bodyClassName="tx-action-popup">
      {action && (
        <div className="tx-action-form" data-testid={`form-${action}`}>
          <div className="tx-action-title">{actionLabel(action)}</div>
          {COMMITTEE_FORM_ACTIONS.includes(action) ? (
            <CommitteeForm action={action} ticket={ticket} onSubmit={onSubmit} />
          ) : (
            <ActionForm action={action} dueAt={ticket.dueAt} onSubmit={onSubmit} />
          )}
        </div>
      )}
    </Popup>
  );
}

const required = (key: string) => [{ required: true, whitespace: true, message: t(key) }];

function ActionForm({ action, dueAt, onSubmit }: { action: TicketAction; dueAt: number | null; onSubmit: Submit }) {
  const { busy, run } = useRun(action, onSubmit);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [until, setUntil] = useState<Date | null>(null);
  const [pickDate, setPickDate] = useState(false);
  // a submit without the date marks the field itself, like the reason's rule does (a toast was easy to miss)
  const [untilMissing, setUntilMissing] = useState(false);

  const ids = () => photos.map((p) => p.extra.id);

  switch (action) {
    case 'return':
    case 'cancel':
    case 'escalate':
      return (
        <Form layout="vertical" onFinish={(v: { reason: string }) => run({ reason: v.reason.trim() })} footer={<SubmitButton busy={busy} />}>
          <Form.Item name="reason" label={t(`h5.ticket.reason.${action}`)} rules={required('h5.ticket.reasonRequired')}>
            <TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t(`h5.ticket.reasonPlaceholder.${action}`)} />
          </Form.Item>
        </Form>
      );
    case 'resolve':
      return (
        <Form
          layout="vertical"
          onFinish={(v: { feedback: string }) =>
            uploading ? Toast.show({ content: t('h5.ticket.photoUploading') }) : run({ feedback: v.feedback.trim(), photos: ids() })
          }
          footer={<SubmitButton busy={busy} disabled={uploading} />}
        >
          <Form.Item name="feedback" label={t('h5.ticket.feedback')} rules={required('h5.ticket.feedbackRequired')}>
            <TextArea maxLength={2000} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('h5.ticket.feedbackPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('h5.ticket.resolvePhotos')}>
            <PhotoPicker value={photos} onChange={setPhotos} max={3} signedIn onBusy={setUploading} />
          </Form.Item>
        </Form>
      );
    case 'comment':
      return (
        <Form
          layout="vertical"
          onFinish={(v: { note: string }) => (uploading ? Toast.show({ content: t('h5.ticket.photoUploading') }) : run({ note: v.note.trim(), photos: ids() }))}
          footer={<SubmitButton busy={busy} disabled={uploading} />}
        >
          <Form.Item name="note" label={t('h5.ticket.note')} rules={required('h5.ticket.noteRequired')}>
            <TextArea maxLength={1000} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
          </Form.Item>
          <Form.Item label={t('h5.ticket.photos')}>
            <PhotoPicker value={photos} onChange={setPhotos} max={3} signedIn onBusy={setUploading} />
          </Form.Item>
        </Form>
      );
    case 'request_extension': {
      // the new deadline must be later than the current one (and than today)
      const min = new Date(Math.max(Date.now(), dueAt ?? 0) + 86_400_000);
      return (
        <Form
          layout="vertical"
          onFinish={(v: { reason: string }) => (until ? run({ until: endOfShanghaiDay(until), reason: v.reason.trim() }) : setUntilMissing(true))}
          onFinishFailed={() => setUntilMissing(!until)}
          footer={<SubmitButton busy={busy} />}
        >
          <Form.Item
            label={<RequiredLabel>{t('h5.ticket.until')}</RequiredLabel>}
            onClick={() => setPickDate(true)}
            arrowIcon
            description={untilMissing && !until ? <span className="tx-field-error">{t('h5.ticket.untilRequired')}</span> : undefined}
          >
            <PickerTrigger open={() => setPickDate(true)} label={t('h5.ticket.until')}>
              {until ? dateOnly(endOfShanghaiDay(until)) : <span className="tx-placeholder">{t('h5.ticket.untilPlaceholder')}</span>}
            </PickerTrigger>
          </Form.Item>
          <KeyboardDatePicker
            visible={pickDate}
            min={min}
            max={new Date(Date.now() + 366 * 86_400_000)}
            onClose={() => setPickDate(false)}
            onConfirm={(d) => setUntil(d)}
            title={t('h5.ticket.until')}
          />
          <Form.Item name="reason" label={t('h5.ticket.reason.request_extension')} rules={required('h5.ticket.reasonRequired')}>
            <TextArea maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }} />
          </Form.Item>
        </Form>
      );
    }
    case 'rate':
      return (
        <Form
          layout="vertical"
          initialValues={{ stars: 5, solved: true }}
          onFinish={(v: { stars: number; solved: boolean; comment?: string }) => {
            if (!v.stars) return Toast.show({ content: t('h5.ticket.starsRequired') });
            return run({ stars: v.stars, solved: !!v.solved, comment: v.comment?.trim() || null });
          }}
          footer={<SubmitButton busy={busy} />}
        >
          <RatingFields />
          <div className="tx-hint tx-rate-hint">{t('h5.ticket.rateHint')}</div>
          <Form.Item name="comment" label={t('h5.ticket.comment')}>
            <TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </Form>
      );
    default:
      return null;
  }
}
