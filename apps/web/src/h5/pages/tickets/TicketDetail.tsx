import './tickets.css';
import type { PhotoRef, TicketAction, TicketDetail, TimelineEvent } from '@tongxin/domain';
import { Button, Dialog, ErrorBlock, Image, ImageViewer, List, PullToRefresh, Space, Steps, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { z } from 'zod';
import { post } from '../../../shared/api.ts';
import { actorLabel } from '../../../shared/dataNames.ts';
import { t } from '../../../shared/i18n.ts';
import { timelineActor, timelineDetails, timelineNote } from '../../../shared/timelineDetails.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { errorText } from '../../errors.ts';
import { useFetch } from '../../hooks/useFetch.ts';
import { ActionPopup, H5_FORM_ACTIONS } from './ActionForms.tsx';
import { DuplicateCard } from './DuplicateCard.tsx';
import { dateOnly, dateTime } from '../../../shared/dates.ts';
import { actionLabel, kindLabel, statusColor, statusLabel } from './labels.ts';

type Photo = z.infer<typeof PhotoRef>;

/** The step that moves the case on, drawn as the main button. */
const PRIMARY: readonly TicketAction[] = ['accept', 'resolve', 'rate', 'dispatch', 'decide_extension', 'callback'];

function Photos({ photos }: { photos: Photo[] }) {
  if (!photos.length) return null;
  return (
    <Space wrap className="tx-photos">
      {photos.map((p, i) => (
        <Image
          key={p.id}
          src={p.thumbUrl}
          width={72}
          height={72}
          fit="cover"
          style={{ borderRadius: 4 }}
          onClick={() => ImageViewer.Multi.show({ images: photos.map((x) => x.url), defaultIndex: i })}
        />
      ))}
    </Space>
  );
}

function Timeline({ events, unitName }: { events: TimelineEvent[]; unitName: (id: string) => string | null }) {
  return (
    <Steps direction="vertical" current={events.length - 1} className="tx-timeline">
      {events.map((e) => (
        <Steps.Step
          key={e.id}
          status="finish"
          title={
            <span>
              {actionLabel(e.action)}
              {e.toStatus && e.toStatus !== e.fromStatus && <span className="tx-hint"> → {statusLabel(e.toStatus)}</span>}
            </span>
          }
          description={
            <div className="tx-timeline-body">
              <div className="tx-hint">
                {dateTime(e.at)} {[e.actorUnitName, e.byClock ? timelineActor(e) : e.actorName && actorLabel(e.actorName)].filter(Boolean).join(' · ')}
              </div>
              {timelineDetails(e, unitName, (ms) => dateTime(ms)).map((x) => (
                <div key={x} className="tx-hint">
                  {x}
                </div>
              ))}
              {timelineNote(e) && <div className="tx-pre">{timelineNote(e)}</div>}
              <Photos photos={e.photos} />
            </div>
          }
        />
      ))}
    </Steps>
  );
}

/** One ticket: what was reported, who handles it by when, the timeline, and a button for each allowed action. */
export default function TicketDetailPage() {
  const { id = '' } = useParams();
  const { data: tk, error, loading, reload } = useFetch<TicketDetail>(`/tickets/${encodeURIComponent(id)}`);
  const navigate = useNavigate();
  const [open, setOpen] = useState<TicketAction | null>(null);
  const dash = t('h5.dash');

  const act = async (action: TicketAction, body: unknown) => {
    try {
      await post<TicketDetail>(`/tickets/${encodeURIComponent(id)}/actions/${action}`, body);
      Toast.show({ icon: 'success', content: t('h5.ticket.actionDone', { action: actionLabel(action) }) });
      setOpen(null);
      if (action === 'return') {
        // a returned ticket goes back to the committee and out of the unit's sight: back to the list
        const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
        if (idx > 0) navigate(-1);
        else navigate('/tickets/work', { replace: true });
      } else await reload();
      return true;
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
      if (e && typeof e === 'object' && 'code' in e && e.code === 'ILLEGAL_TRANSITION') {
        setOpen(null);
        await reload();
      }
      return false;
    }
  };

  const onAction = async (a: TicketAction) => {
    if (a === 'accept') {
      const ok = await Dialog.confirm({ content: t('h5.ticket.acceptConfirm') });
      if (ok) await act('accept', {});
    } else setOpen(a);
  };

  const actions = (tk?.allowedActions ?? []).filter((a) => H5_FORM_ACTIONS.includes(a));
  const elsewhere = (tk?.allowedActions ?? []).filter((a) => !H5_FORM_ACTIONS.includes(a));

  return (
    <PageShell title={tk?.number ?? t('h5.ticket.detail')}>
      {loading && <Loading />}
      {error && !tk && <ErrorBlock status="default" title={error} description="" />}
      {tk && (
        <div className="tx-ticket-detail">
          <PullToRefresh onRefresh={reload}>
            <List mode="card" header={<span data-testid="ticket-number">{tk.number}</span>}>
              <List.Item
                extra={
                  <Tag color={statusColor(tk.status)} fill="solid" data-testid="ticket-status">
                    {statusLabel(tk.status)}
                  </Tag>
                }
              >
                {tk.categoryName}
                <span className="tx-hint"> · {kindLabel(tk.kind)}</span>
                {tk.overdue && (
                  <Tag color="danger" className="tx-inline-tag">
                    {t('h5.ticket.overdue')}
                  </Tag>
                )}
                {tk.extensionPending && (
                  <Tag color="warning" fill="outline" className="tx-inline-tag">
                    {t('h5.ticket.extensionPending')}
                  </Tag>
                )}
              </List.Item>
              <List.Item>
                {tk.title && !tk.description.startsWith(tk.title) && <div className="tx-ticket-title">{tk.title}</div>}
                <div className="tx-pre">{tk.description}</div>
                <Photos photos={tk.photos} />
              </List.Item>
              <List.Item extra={tk.address ?? dash}>{t('h5.ticket.address')}</List.Item>
              <List.Item extra={tk.gridName ?? dash}>{t('h5.ticket.grid')}</List.Item>
              {tk.merchantName && <List.Item extra={tk.merchantName}>{t('h5.ticket.merchant')}</List.Item>}
              <List.Item
                extra={
                  // an anonymous reporter may still have left a number for the 回访 (masked, as everywhere)
                  [tk.anonymous ? t('h5.ticket.anonymous') : tk.reporterName, tk.reporterPhone].filter(Boolean).join(' ') || dash
                }
              >
                {t('h5.ticket.reporter')}
              </List.Item>
              <List.Item extra={dateTime(tk.createdAt)}>{t('h5.ticket.createdAt')}</List.Item>
              <List.Item extra={tk.leadUnitName ?? dash}>{t('h5.ticket.leadUnit')}</List.Item>
              {tk.assistUnitNames.length > 0 && (
                <List.Item extra={<span data-testid="assist-units">{tk.assistUnitNames.join('、')}</span>}>{t('h5.ticket.assistUnits')}</List.Item>
              )}
              {tk.responsiblePersonName && <List.Item extra={tk.responsiblePersonName}>{t('h5.ticket.responsible')}</List.Item>}
              {tk.status === 'dispatched' && tk.acceptDueAt !== null && (
                // the unit's first clock: accept within hours of the dispatch
                <List.Item
                  extra={
                    <span data-testid="accept-due" className={Date.now() > tk.acceptDueAt ? 'tx-field-error' : undefined}>
                      {dateTime(tk.acceptDueAt)}
                      {Date.now() > tk.acceptDueAt ? ` ${t('h5.ticket.acceptLate')}` : ''}
                    </span>
                  }
                >
                  {t('h5.ticket.acceptDue')}
                </List.Item>
              )}
              <List.Item extra={tk.dueAt ? dateOnly(tk.dueAt) : dash}>{t('h5.ticket.due')}</List.Item>
              {tk.rating && (
                <List.Item extra={`${'★'.repeat(tk.rating.stars)}${'☆'.repeat(5 - tk.rating.stars)}`} description={tk.rating.comment ?? undefined}>
                  {t('h5.ticket.rating')} · {t(tk.rating.solved ? 'h5.ticket.solvedYes' : 'h5.ticket.solvedNo')}
                </List.Item>
              )}
            </List>
            {tk.status === 'submitted' && tk.allowedActions.includes('merge') && tk.location && (
              <DuplicateCard tk={tk} onMerge={(targetId) => act('merge', { targetId })} />
            )}
            <List mode="card" header={t('h5.ticket.timeline')}>
              <List.Item>
                <Timeline events={tk.timeline} unitName={(id) => (id === tk.leadUnitId ? tk.leadUnitName : null)} />
              </List.Item>
            </List>
            {elsewhere.length > 0 && actions.length === 0 && <div className="tx-hint tx-center">{t('h5.ticket.elsewhere')}</div>}
          </PullToRefresh>
          {actions.length > 0 && (
            <div className="tx-action-bar" data-testid="ticket-actions">
              {actions.map((a) => (
                <Button
                  key={a}
                  size="middle"
                  color={PRIMARY.includes(a) ? 'primary' : 'default'}
                  fill={a === 'comment' ? 'outline' : 'solid'}
                  data-action={a}
                  onClick={() => void onAction(a)}
                >
                  {actionLabel(a)}
                </Button>
              ))}
            </div>
          )}
          <ActionPopup action={open} ticket={tk} onClose={() => setOpen(null)} onSubmit={act} />
        </div>
      )}
    </PageShell>
  );
}
