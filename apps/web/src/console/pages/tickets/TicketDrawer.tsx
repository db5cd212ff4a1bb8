import type { Category, Grid, PhotoRef, TicketAction, TicketDetail, TimelineEvent, Unit } from '@tongxin/domain';
import { Alert, Button, Descriptions, Drawer, Empty, Image, Popconfirm, Rate, Result, Space, Spin, Tag, Timeline, Typography, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { get, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { errorText, showError } from '../../lib/errors.ts';
import { fmtTime } from '../../lib/time.ts';
import { ActionForm } from './ActionForm.tsx';
import { Duplicates } from './Duplicates.tsx';
import { timelineActor, timelineDetails, timelineNote } from '../../../shared/timelineDetails.ts';
import { DueCell, RUNNING, StatusTag, useCategories } from './common.tsx';
import { useGrids, useUnits } from '../../lib/lookups.ts';
import { VerdictButton } from '../credit/VerdictButton.tsx';

type PhotoRefT = z.infer<typeof PhotoRef>;

function Photos({ photos }: { photos: PhotoRefT[] }) {
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <Space wrap size={6}>
        {photos.map((p) => (
          <Image key={p.id} src={p.thumbUrl} preview={{ src: p.url }} width={72} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

const PRIMARY: TicketAction[] = ['dispatch', 'accept', 'resolve', 'callback', 'rate', 'decide_extension'];
const DANGER: TicketAction[] = ['return', 'cancel', 'escalate'];
/** Actions the clock takes, never offered as a button. */
const NO_BUTTON: TicketAction[] = ['close_unrated'];

function eventColor(e: TimelineEvent): string {
  if (e.action === 'overdue' || e.action === 'accept_overdue' || e.action === 'escalate' || e.action === 'return') return 'red';
  if (e.action === 'sla_warning' || e.action === 'urge' || e.action === 'reopen' || e.action === 'callback_due') return 'orange';
  if (e.toStatus === 'closed') return 'green';
  return 'blue';
}

function TimelineBody({ e, unitName }: { e: TimelineEvent; unitName: (id: string) => string | null }) {
  const extra = timelineDetails(e, unitName, (ms) => fmtTime(ms).slice(0, 16));
  const note = timelineNote(e);
  return (
    <div>
      <Space size={6} wrap>
        <Typography.Text strong>{t(`ticketAction.${e.action}`)}</Typography.Text>
        {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
          <span>
            <StatusTag status={e.fromStatus} />→ <StatusTag status={e.toStatus} />
          </span>
        )}
        <Typography.Text type="secondary">
          {fmtTime(e.at)} · {timelineActor(e)}
          {e.actorUnitName ? t('console.ticket.actorUnit', { unit: e.actorUnitName }) : ''}
        </Typography.Text>
      </Space>
      {extra.length > 0 && <div style={{ color: '#595959' }}>{extra.join(t('console.ticket.sep'))}</div>}
      {note && <div style={{ whiteSpace: 'pre-wrap' }}>{note}</div>}
      {e.photos.length > 0 && (
        <div style={{ marginTop: 4 }}>
          <Photos photos={e.photos} />
        </div>
      )}
    </div>
  );
}

/** The detail of one ticket: every field, photos, the timeline, and a button for exactly each allowed action. */
export function TicketDrawer({
  id,
  categories,
  grids,
  units,
  onClose,
  onChanged,
  onOpen,
}: {
  id: string;
  onOpen?: (id: string) => void;
  categories: Category[];
  grids: Grid[];
  units: Unit[];
  onClose: () => void;
  onChanged: () => void;
}) {
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [acting, setActing] = useState<TicketAction | null>(null);
  const [busy, setBusy] = useState(false);
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  // a unit handler's list holds only the units it may read: the case names its own lead unit, and a unit known by id
  // alone is left out of the timeline rather than shown as a raw id
  const unitName = (id: string): string | null => unitNames.get(id) ?? (id === ticket?.leadUnitId ? ticket.leadUnitName : null);

  const load = useCallback(async () => {
    try {
      setTicket(await get<TicketDetail>(`/tickets/${id}`));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [id]);
  useEffect(() => {
    setTicket(null);
    void load();
  }, [load]);

  const done = (r: TicketDetail | null) => {
    setActing(null);
    if (r) {
      setTicket(r);
      void message.success(t('console.ticket.actionDone'));
    } else void load();
    onChanged();
  };

  // a case waiting for dispatch may repeat one already in the loop: merged in one step from the warning
  const mergeInto = async (targetId: string) => {
    if (!ticket) return;
    try {
      done(await post<TicketDetail>(`/tickets/${ticket.id}/actions/merge`, { targetId }));
    } catch (e) {
      showError(e);
      void load();
    }
  };

  const accept = async () => {
    if (!ticket) return;
    setBusy(true);
    try {
      done(await post<TicketDetail>(`/tickets/${ticket.id}/actions/accept`, {}));
    } catch (e) {
      showError(e);
      void load();
    } finally {
      setBusy(false);
    }
  };

  const actions = (ticket?.allowedActions ?? []).filter((a) => !NO_BUTTON.includes(a));
  const assist = ticket?.assistUnitNames.join(t('console.ticket.listSep'));
  const pendingExtension = ticket?.extensionPending ? [...ticket.timeline].reverse().find((e) => e.action === 'request_extension') : undefined;

  return (
    <Drawer
      open
      width={760}
      onClose={onClose}
      title={
        ticket ? (
          <Space>
            <span>{ticket.number}</span>
            <StatusTag status={ticket.status} />
            {ticket.urgent && <Tag color="red">{t('console.ticket.urgent')}</Tag>}
            {ticket.escalated && <Tag color="volcano">{t('console.ticket.escalated')}</Tag>}
            <VerdictButton ticketId={ticket.id} kind={ticket.kind} onDone={() => void load()} />
          </Space>
        ) : (
          t('console.ticket.detail')
        )
      }
      footer={
        actions.length > 0 && ticket ? (
          <Space wrap data-testid="ticket-actions">
            {actions.map((a) =>
              a === 'accept' ? (
                <Popconfirm key={a} title={t('console.ticket.confirmAccept')} onConfirm={() => void accept()}>
                  <Button type="primary" loading={busy}>
                    {t('ticketAction.accept')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} danger={DANGER.includes(a)} onClick={() => setActing(a)}>
                  {t(`ticketAction.${a}`)}
                </Button>
              ),
            )}
          </Space>
        ) : null
      }
    >
      {error ? (
        <Result status="warning" title={error} />
      ) : !ticket ? (
        <Spin />
      ) : (
        <>
          {ticket.mergedIntoId && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('console.ticket.mergedInto')}
              action={
                onOpen && (
                  <Button size="small" onClick={() => ticket.mergedIntoId && onOpen(ticket.mergedIntoId)}>
                    {t('console.ticket.openMerged')}
                  </Button>
                )
              }
            />
          )}
          {ticket.status === 'submitted' && ticket.allowedActions.includes('merge') && ticket.location && (
            <Duplicates
              categoryId={ticket.categoryId}
              lng={ticket.location.lng}
              lat={ticket.location.lat}
              crs={ticket.location.crs}
              excludeId={ticket.id}
              onOpen={(other) => onOpen?.(other)}
              onMerge={(target) => void mergeInto(target)}
            />
          )}
          {ticket.dueBeyondCalendar && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('console.ticket.dueBeyondCalendar')} />}
          {pendingExtension && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('console.ticket.extensionPending')}
              description={[
                typeof pendingExtension.data?.until === 'number'
                  ? t('console.ticket.kv', { k: t('console.ticket.extendUntil'), v: fmtTime(pendingExtension.data.until).slice(0, 16) })
                  : '',
                pendingExtension.note ?? '',
              ]
                .filter(Boolean)
                .join(t('console.ticket.sep'))}
            />
          )}
          {/* labels on one line: 承办单位 wrapped after three characters when the values are long */}
          <Descriptions column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('console.ticket.kind')}>
              <Tag color="blue">{t(`ticketKind.${ticket.kind}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.category')}>{ticket.categoryName}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.title')} span={2}>
              {ticket.title}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.description')} span={2}>
              <div style={{ whiteSpace: 'pre-wrap' }}>{ticket.description}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.photos')} span={2}>
              {ticket.photos.length > 0 ? <Photos photos={ticket.photos} /> : '-'}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.grid')}>{ticket.gridName ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.address')}>{ticket.address ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.location')}>
              {ticket.location ? `${ticket.location.lng.toFixed(6)}, ${ticket.location.lat.toFixed(6)} · ${ticket.location.crs.toUpperCase()}` : '-'}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.merchantName')}>{ticket.merchantName ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.reporter')}>
              {ticket.anonymous ? t('console.ticket.anonymous') : (ticket.reporterName ?? '-')}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.reporterPhone')}>{ticket.reporterPhone ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.leadUnit')}>{ticket.leadUnitName ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.responsiblePerson')}>{ticket.responsiblePersonName ?? '-'}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.assistUnits')} span={2}>
              {assist || '-'}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.acceptDue')}>
              <DueCell
                dueAt={ticket.acceptDueAt}
                from={ticket.dispatchedAt}
                overdue={ticket.acceptDueAt !== null && ticket.acceptedAt !== null && ticket.acceptedAt > ticket.acceptDueAt}
                running={ticket.status === 'dispatched'}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.deadline')}>
              <DueCell dueAt={ticket.dueAt} from={ticket.dispatchedAt} overdue={ticket.overdue} running={RUNNING.includes(ticket.status)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.createdAt')}>{fmtTime(ticket.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('console.ticket.closedAt')}>{fmtTime(ticket.closedAt)}</Descriptions.Item>
            {ticket.rating && (
              <Descriptions.Item label={t('console.ticket.rating')} span={2}>
                <Space wrap>
                  <Rate disabled value={ticket.rating.stars} />
                  <Tag color={ticket.rating.solved ? 'green' : 'red'}>
                    {ticket.rating.solved ? t('console.ticket.solvedYes') : t('console.ticket.solvedNo')}
                  </Tag>
                  {ticket.rating.byCallback && <Tag>{t('ticketAction.callback')}</Tag>}
                  {ticket.rating.comment}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('console.ticket.timeline')}
          </Typography.Title>
          {ticket.timeline.length === 0 ? (
            <Empty />
          ) : (
            <Timeline
              items={ticket.timeline.map((e) => ({
                key: e.id,
                color: eventColor(e),
                children: <TimelineBody e={e} unitName={unitName} />,
              }))}
            />
          )}
        </>
      )}
      {acting && ticket && (
        <ActionForm ticket={ticket} action={acting} categories={categories} grids={grids} units={units} onClose={() => setActing(null)} onDone={done} />
      )}
    </Drawer>
  );
}

/** The drawer of one case with the look-ups it shows loaded by itself: for pages that only open cases (消息中心, 吹哨议题). */
export function CaseDrawer(props: { id: string; onClose: () => void; onOpen: (id: string) => void; onChanged: () => void }) {
  const categories = useCategories();
  const grids = useGrids();
  const units = useUnits();
  return <TicketDrawer {...props} categories={categories.rows} grids={grids.rows} units={units.rows} />;
}
