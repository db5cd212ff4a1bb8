import { meetingAllows } from '@tongxin/domain';
import type { MeetingAgendaItem, MeetingDetail, Project, Unit } from '@tongxin/domain';
import { Button, Card, Descriptions, Drawer, Empty, Input, List, Modal, Progress, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { del, get, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { showError } from '../../lib/errors.ts';
import { fmtTime } from '../../lib/time.ts';
import { STATUS_COLORS as PROJECT_COLORS } from '../projects/ProjectsPage.tsx';
import { CaseDrawer } from '../tickets/TicketDrawer.tsx';
import { changeMeeting, HoldDialog, ResolutionDialog, TakeDialog, TopicDialog } from './MeetingDialogs.tsx';

export const MEETING_COLORS: Record<string, string> = { planned: 'processing', held: 'success', cancelled: 'default' };

type Dialog = 'take' | 'topic' | 'hold' | 'resolve' | null;

/** One agenda line: a 吹哨 case (its number opens the case) or a topic, with 移出 / 删除 while the meeting is planned. */
function AgendaLine({
  item,
  editable,
  onOpenCase,
  onRemove,
}: {
  item: MeetingAgendaItem;
  editable: boolean;
  onOpenCase: (id: string) => void;
  onRemove: () => void;
}) {
  const isCase = item.kind === 'case';
  const hidden = isCase && item.ticketId === null;
  const title = hidden ? t('meetings.caseHidden') : item.title;
  return (
    <List.Item
      actions={
        // a case outside the reader's reach is removed by who sees it (the server answers 404 otherwise)
        editable && !hidden
          ? [
              <a key="rm" onClick={onRemove}>
                {isCase ? t('meetings.release') : t('meetings.removeTopic')}
              </a>,
            ]
          : []
      }
    >
      <List.Item.Meta
        title={
          <Space size={6} wrap>
            <Tag color={isCase ? 'orange' : 'blue'}>{t(`meetings.kind.${item.kind}`)}</Tag>
            {item.ticketId && item.ticketNumber && <a onClick={() => onOpenCase(item.ticketId as string)}>{item.ticketNumber}</a>}
            <span>{title}</span>
            {item.leadUnitName && <Typography.Text type="secondary">{item.leadUnitName}</Typography.Text>}
          </Space>
        }
        description={item.description}
      />
    </List.Item>
  );
}

/** A meeting: its details, agenda (take 吹哨 cases, add topics, release), minutes / 标记已召开, resolutions and their projects. */
export function MeetingDrawer({
  id,
  units,
  writable,
  onClose,
  onChanged,
}: {
  id: string;
  units: Unit[];
  writable: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [m, setM] = useState<MeetingDetail | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    get<MeetingDetail>(`/meetings/${id}`)
      .then((r) => live && setM(r))
      .catch((e: unknown) => {
        showError(e);
        onClose();
      });
    return () => {
      live = false;
    };
  }, [id, onClose]);

  const changed = (next: MeetingDetail) => {
    setM(next);
    setDialog(null);
    onChanged();
  };
  const run = (fn: () => Promise<MeetingDetail>) => changeMeeting(fn, changed);

  if (!m)
    return (
      <Drawer open onClose={onClose} width={860}>
        <Spin />
      </Drawer>
    );
  const can = (act: Parameters<typeof meetingAllows>[1]) => writable && meetingAllows(m.status, act);
  const remove = (item: MeetingAgendaItem) =>
    item.kind === 'case'
      ? Modal.confirm({
          title: t('meetings.releaseConfirm'),
          onOk: () => run(() => del<MeetingDetail>(`/meetings/${m.id}/agenda/${item.id}`)),
        })
      : Modal.confirm({
          title: t('common.confirmDelete'),
          okButtonProps: { danger: true },
          onOk: () => run(() => del<MeetingDetail>(`/meetings/${m.id}/topics/${item.id}`)),
        });
  const cancel = () => {
    let reason = '';
    Modal.confirm({
      title: t('meetings.cancel'),
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{t('meetings.cancelConfirm')}</span>
          <Input.TextArea placeholder={t('meetings.cancelReason')} maxLength={500} onChange={(e) => (reason = e.target.value)} />
        </Space>
      ),
      okButtonProps: { danger: true },
      onOk: () => run(() => post<MeetingDetail>(`/meetings/${m.id}/cancel`, { reason })),
    });
  };

  return (
    <Drawer
      open
      onClose={onClose}
      width={860}
      title={
        <Space>
          {m.title}
          <Tag color={MEETING_COLORS[m.status]}>{t(`meetingStatus.${m.status}`)}</Tag>
        </Space>
      }
      extra={
        <Space>
          {can('hold') && (
            <Button type="primary" onClick={() => setDialog('hold')}>
              {t('meetings.hold')}
            </Button>
          )}
          {can('cancel') && (
            <Button danger onClick={cancel}>
              {t('meetings.cancel')}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions column={2} size="small" bordered labelStyle={{ whiteSpace: 'nowrap' }}>
        <Descriptions.Item label={t('meetings.heldAt')}>{fmtTime(m.heldAt).slice(0, 16)}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.host')}>{m.host ?? '-'}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.place')} span={2}>
          {m.place ?? '-'}
        </Descriptions.Item>
        <Descriptions.Item label={t('meetings.attendees')} span={2}>
          {m.attendees ?? '-'}
        </Descriptions.Item>
        {m.status === 'cancelled' && (
          <Descriptions.Item label={t('meetings.cancelReason')} span={2}>
            {m.cancelReason ?? '-'}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Card
        size="small"
        title={t('meetings.agenda')}
        style={{ marginTop: 16 }}
        extra={
          can('agenda') && (
            <Space>
              <Button size="small" onClick={() => setDialog('take')}>
                {t('meetings.take')}
              </Button>
              <Button size="small" onClick={() => setDialog('topic')}>
                {t('meetings.addTopic')}
              </Button>
            </Space>
          )
        }
      >
        {m.agenda.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.agendaEmpty')} />
        ) : (
          <List
            size="small"
            dataSource={m.agenda}
            renderItem={(item) => <AgendaLine item={item} editable={can('agenda')} onOpenCase={setCaseId} onRemove={() => remove(item)} />}
          />
        )}
      </Card>

      {m.minutes && (
        <Card size="small" title={t('meetings.minutes')} style={{ marginTop: 16 }}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{m.minutes}</Typography.Paragraph>
        </Card>
      )}

      {m.status === 'held' && (
        <Card
          size="small"
          title={t('meetings.resolutions')}
          style={{ marginTop: 16 }}
          extra={
            can('resolve') && (
              <Button size="small" type="primary" onClick={() => setDialog('resolve')}>
                {t('meetings.resolve')}
              </Button>
            )
          }
        >
          {m.resolutions.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.resolutionsEmpty')} />
          ) : (
            <List
              dataSource={m.resolutions}
              renderItem={(r, i) => (
                <List.Item>
                  <Space direction="vertical" style={{ width: '100%' }} size={4}>
                    <Typography.Text strong>
                      {i + 1}. {r.text}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {t('meetings.by', { name: r.createdByName ?? '-', time: fmtTime(r.createdAt).slice(0, 16) })}
                    </Typography.Text>
                    {r.projects.length === 0 ? (
                      <Typography.Text type="secondary">{t('meetings.noProjects')}</Typography.Text>
                    ) : (
                      <Table<Project>
                        rowKey="id"
                        size="small"
                        pagination={false}
                        dataSource={r.projects}
                        columns={[
                          { title: t('meetings.projectTitle'), dataIndex: 'title', ellipsis: true },
                          { title: t('meetings.projectOwner'), dataIndex: 'ownerUnitName', width: 170, ellipsis: true },
                          {
                            title: t('meetings.projectDeadline'),
                            dataIndex: 'deadline',
                            width: 100,
                            render: (_v, p) => (p.deadline ? <Typography.Text type={p.overdue ? 'danger' : undefined}>{p.deadline}</Typography.Text> : '-'),
                          },
                          {
                            title: t('projects.progress'),
                            dataIndex: 'progress',
                            width: 130,
                            render: (_v, p) => <Progress percent={p.progress} size="small" format={(v) => `${Math.round(v ?? 0)}%`} />,
                          },
                          {
                            title: t('common.status'),
                            dataIndex: 'status',
                            width: 80,
                            render: (_v, p) => <Tag color={PROJECT_COLORS[p.status]}>{t(`projectStatus.${p.status}`)}</Tag>,
                          },
                        ]}
                      />
                    )}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}

      {dialog === 'take' && <TakeDialog meeting={m} onClose={() => setDialog(null)} onDone={(next) => (setM(next), onChanged())} />}
      {dialog === 'topic' && <TopicDialog meeting={m} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog === 'hold' && <HoldDialog meeting={m} onClose={() => setDialog(null)} onDone={changed} />}
      {dialog === 'resolve' && <ResolutionDialog meeting={m} units={units} onClose={() => setDialog(null)} onDone={changed} />}
      {caseId && <CaseDrawer id={caseId} onClose={() => setCaseId(null)} onOpen={setCaseId} onChanged={() => undefined} />}
    </Drawer>
  );
}
