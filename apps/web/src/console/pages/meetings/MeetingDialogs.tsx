import { ModalForm, ProFormDateTimePicker, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import { MeetingHoldBody, MeetingTopicCreate, ProjectCreate, ResolutionCreate } from '@tongxin/domain';
import type { AgendaItem, MeetingDetail, Unit } from '@tongxin/domain';
import { Alert, Button, Col, DatePicker, Empty, Form, Input, Modal, Row, Table, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { UnitSelect } from '../../components/RefSelects.tsx';
import { attempt } from '../../lib/errors.ts';
import { fetchAll } from '../../lib/list.ts';
import { dayjs, fmtTime, pickedTime } from '../../lib/time.ts';

interface DialogProps {
  meeting: MeetingDetail;
  onClose: () => void;
  onDone: (m: MeetingDetail) => void;
}

const required = { required: true, message: t('issue.required') };

/**
 * Runs a change of the meeting and hands its new state to `onDone`; resolves true when it succeeded (what ModalForm's
 * onFinish wants). Errors show as in every form: field issues on the form's fields.
 */
export async function changeMeeting(
  fn: () => Promise<MeetingDetail>,
  onDone: (m: MeetingDetail) => void,
  form?: FormInstance,
  okText?: string,
): Promise<boolean> {
  let next: MeetingDetail | null = null;
  const ok = await attempt(
    async () => {
      next = await fn();
    },
    form,
    okText,
  );
  if (ok && next) onDone(next);
  return ok;
}

/** 选取吹哨案件: the waiting 吹哨 items (the agenda list), each put on this meeting's agenda with one click. */
export function TakeDialog({ meeting, onClose, onDone }: DialogProps) {
  const [rows, setRows] = useState<AgendaItem[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void fetchAll<AgendaItem>('/agenda-items', { state: 'waiting' }).then((r) => live && setRows(r));
    return () => {
      live = false;
    };
  }, []);
  const take = async (item: AgendaItem) => {
    setBusy(item.id);
    await changeMeeting(
      () => post<MeetingDetail>(`/meetings/${meeting.id}/agenda`, { agendaItemId: item.id }),
      (next) => {
        setRows((r) => (r ?? []).filter((x) => x.id !== item.id));
        onDone(next);
      },
      undefined,
      t('meetings.taken'),
    );
    setBusy(null);
  };
  return (
    <Modal open title={t('meetings.takeTitle')} onCancel={onClose} footer={null} width={860} destroyOnHidden>
      <Table<AgendaItem>
        rowKey="id"
        size="small"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 8 }}
        locale={{ emptyText: <Empty description={t('meetings.noneWaiting')} /> }}
        columns={[
          { title: t('console.ticket.number'), dataIndex: 'ticketNumber', width: 180 },
          { title: t('console.ticket.title'), dataIndex: 'ticketTitle', ellipsis: true },
          { title: t('console.agenda.reason'), dataIndex: 'reason', ellipsis: true, render: (_v, r) => r.reason ?? '-' },
          { title: t('console.agenda.at'), dataIndex: 'createdAt', width: 150, render: (_v, r) => fmtTime(r.createdAt).slice(0, 16) },
          {
            title: t('common.actions'),
            width: 100,
            render: (_v, r) => (
              <Button size="small" type="link" loading={busy === r.id} onClick={() => void take(r)}>
                {t('meetings.takeOne')}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}

/** 添加议题: a topic typed by staff (not a case). */
export function TopicDialog({ meeting, onClose, onDone }: DialogProps) {
  const [form] = Form.useForm<{ title: string; description?: string }>();
  return (
    <ModalForm
      name="meetingTopic"
      title={t('meetings.addTopic')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        return changeMeeting(() => post<MeetingDetail>(`/meetings/${meeting.id}/topics`, { title: v.title, description: v.description ?? '' }), onDone, form);
      }}
    >
      <ProFormText name="title" label={t('meetings.topicTitle')} rules={[required, zodRule(MeetingTopicCreate, 'title')]} />
      <ProFormTextArea name="description" label={t('meetings.topicDescription')} rules={[zodRule(MeetingTopicCreate, 'description')]} />
    </ModalForm>
  );
}

/** 标记已召开: the minutes, and when it was actually held. */
export function HoldDialog({ meeting, onClose, onDone }: DialogProps) {
  const [form] = Form.useForm<{ minutes: string; heldAt?: unknown }>();
  return (
    <ModalForm
      name="meetingHold"
      title={`${t('meetings.hold')} · ${meeting.title}`}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={640}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const heldAt = pickedTime(v.heldAt);
        return changeMeeting(
          () => post<MeetingDetail>(`/meetings/${meeting.id}/hold`, { minutes: v.minutes, ...(heldAt !== undefined ? { heldAt } : {}) }),
          onDone,
          form,
        );
      }}
    >
      <Alert type="info" showIcon message={t('meetings.holdHint')} style={{ marginBottom: 16 }} />
      <ProFormTextArea name="minutes" label={t('meetings.minutes')} rules={[required, zodRule(MeetingHoldBody, 'minutes')]} fieldProps={{ rows: 8 }} />
      <ProFormDateTimePicker
        name="heldAt"
        label={t('meetings.heldActual')}
        extra={t('meetings.heldActualHint')}
        fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' }, style: { width: '100%' } }}
      />
    </ModalForm>
  );
}

interface ProjectRow {
  title?: string;
  ownerUnitId?: string;
  deadline?: unknown;
}

/** 形成决议并转为项目: the resolution's text and one or more project rows, saved together (any bad row saves nothing). */
export function ResolutionDialog({ meeting, units, onClose, onDone }: DialogProps & { units: Unit[] }) {
  const [form] = Form.useForm<{ text: string; projects?: ProjectRow[] }>();
  return (
    <ModalForm
      name="meetingResolution"
      title={t('meetings.resolve')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={860}
      initialValues={{ projects: [{}] }}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const projects = (v.projects ?? [])
          .filter((p) => p.title || p.ownerUnitId)
          .map((p) => ({
            title: p.title ?? '',
            ...(p.ownerUnitId ? { ownerUnitId: p.ownerUnitId } : {}),
            deadline: p.deadline ? dayjs(p.deadline as string).format('YYYY-MM-DD') : null,
          }));
        return changeMeeting(() => post<MeetingDetail>(`/meetings/${meeting.id}/resolutions`, { text: v.text, projects }), onDone, form);
      }}
    >
      <ProFormTextArea name="text" label={t('meetings.resolutionText')} rules={[required, zodRule(ResolutionCreate, 'text')]} fieldProps={{ rows: 4 }} />
      <Typography.Text strong>{t('meetings.resolutionProjects')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('meetings.resolutionProjectsHint')}
      </Typography.Paragraph>
      <Form.List name="projects">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="top">
                <Col span={10}>
                  <Form.Item name={[f.name, 'title']} rules={[zodRule(ProjectCreate, 'title')]}>
                    <Input placeholder={t('meetings.projectTitle')} />
                  </Form.Item>
                </Col>
                <Col span={7}>
                  <Form.Item name={[f.name, 'ownerUnitId']}>
                    <UnitSelect units={units} placeholder={t('meetings.projectOwner')} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name={[f.name, 'deadline']}>
                    <DatePicker style={{ width: '100%' }} placeholder={t('meetings.projectDeadline')} />
                  </Form.Item>
                </Col>
                <Col span={1}>
                  <Button type="text" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
              {t('meetings.addProject')}
            </Button>
          </>
        )}
      </Form.List>
    </ModalForm>
  );
}
