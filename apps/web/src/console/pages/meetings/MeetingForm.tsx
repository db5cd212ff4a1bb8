import { ModalForm, ProFormDateTimePicker, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { MeetingCreate } from '@tongxin/domain';
import type { Meeting } from '@tongxin/domain';
import { Form } from 'antd';
import { patch, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';
import { TZ, dayjs, pickedTime } from '../../lib/time.ts';

interface Values {
  title: string;
  heldAt: unknown;
  place?: string;
  host?: string;
  attendees?: string;
}

/** 新建 / 编辑 a planned joint meeting: its name, planned time, place, chair and who attends. */
export function MeetingForm({ editing, onClose, onDone }: { editing: Meeting | null; onClose: () => void; onDone: (id: string) => void }) {
  const [form] = Form.useForm<Values>();
  const rule = (f: string) => [zodRule(MeetingCreate, f)];
  const initial: Partial<Values> = editing
    ? {
        title: editing.title,
        heldAt: dayjs(editing.heldAt).tz(TZ).format('YYYY-MM-DD HH:mm'),
        place: editing.place ?? undefined,
        host: editing.host ?? undefined,
        attendees: editing.attendees ?? undefined,
      }
    : {};
  return (
    <ModalForm<Values>
      name="meeting"
      title={editing ? t('meetings.edit') : t('meetings.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={640}
      grid
      rowProps={{ gutter: 16 }}
      initialValues={initial}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const body = { title: v.title, heldAt: pickedTime(v.heldAt), place: v.place ?? '', host: v.host ?? '', attendees: v.attendees ?? '' };
        let id = editing?.id ?? '';
        const ok = await attempt(async () => {
          const m = editing ? await patch<Meeting>(`/meetings/${editing.id}`, body) : await post<Meeting>('/meetings', body);
          id = m.id;
        }, form);
        if (ok) onDone(id);
        return ok;
      }}
    >
      <ProFormText
        colProps={{ span: 24 }}
        name="title"
        label={t('meetings.title')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(MeetingCreate, 'title', editing?.title)]}
      />
      <ProFormDateTimePicker
        colProps={{ span: 12 }}
        name="heldAt"
        label={t('meetings.heldAt')}
        rules={[{ required: true, message: t('issue.required') }]}
        fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' }, style: { width: '100%' } }}
      />
      <ProFormText colProps={{ span: 12 }} name="host" label={t('meetings.host')} rules={rule('host')} />
      <ProFormText colProps={{ span: 24 }} name="place" label={t('meetings.place')} rules={rule('place')} />
      <ProFormTextArea colProps={{ span: 24 }} name="attendees" label={t('meetings.attendees')} rules={rule('attendees')} fieldProps={{ rows: 3 }} />
    </ModalForm>
  );
}
