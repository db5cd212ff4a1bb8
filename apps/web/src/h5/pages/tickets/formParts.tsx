import type { TicketAction } from '@tongxin/domain';
import { Button, Form, Rate, Switch, TextArea } from 'antd-mobile';
import { useState, type CSSProperties } from 'react';
import { t } from '../../../shared/i18n.ts';

/** Posts one action with its body; true when it succeeded (the detail page shows the toast and reloads). */
export type Submit = (action: TicketAction, body: unknown) => Promise<boolean>;

/** The submit button of an action's form. */
export function SubmitButton({ busy, disabled }: { busy: boolean; disabled?: boolean }) {
  return (
    <Button block type="submit" color="primary" loading={busy} disabled={disabled}>
      {t('h5.ticket.submitAction')}
    </Button>
  );
}

/** Submits an action's body with the button busy meanwhile. */
export function useRun(action: TicketAction, onSubmit: Submit) {
  const [busy, setBusy] = useState(false);
  const run = async (body: unknown) => {
    setBusy(true);
    try {
      await onSubmit(action, body);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

/** The stars and "solved" fields of a rating (评单, and 回访 on the reporter's behalf). */
export function RatingFields() {
  return (
    <>
      <Form.Item name="stars" label={t('h5.ticket.stars')}>
        <Rate allowClear={false} />
      </Form.Item>
      {/* the label takes its own width: at the form's 6.8em the English "Problem solved" breaks onto two lines */}
      <Form.Item
        name="solved"
        label={t('h5.ticket.solved')}
        valuePropName="checked"
        childElementPosition="right"
        layout="horizontal"
        style={{ '--prefix-width': 'auto' } as CSSProperties}
      >
        <Switch />
      </Form.Item>
    </>
  );
}

/** The optional note of an action, with a hint of what to write. */
export function NoteField({ label = t('h5.ticket.note'), placeholder }: { label?: string; placeholder?: string }) {
  return (
    <Form.Item name="note" label={label}>
      <TextArea maxLength={1000} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={placeholder} />
    </Form.Item>
  );
}
