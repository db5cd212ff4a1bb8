import type { Meeting, MeetingDetail } from '@tongxin/domain';
import { ErrorBlock, InfiniteScroll, List, PullToRefresh, Tabs, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { dateTime as fmtMinute } from '../../../shared/dates.ts';
import './meetings.css';

const TABS = ['planned', 'held'] as const;

/** 联席会议 on the phone, read-only: the upcoming meetings and the held ones; a tap opens one. */
export default function MeetingsPage() {
  const [search, setSearch] = useSearchParams();
  const tab = TABS.find((x) => x === search.get('tab')) ?? 'planned';
  const navigate = useNavigate();
  const list = usePagedList<Meeting>('/meetings', { status: tab });
  return (
    <PageShell title={t('h5.tile.meetings')}>
      <Tabs activeKey={tab} onChange={(k) => setSearch({ tab: k }, { replace: true })}>
        {TABS.map((k) => (
          <Tabs.Tab key={k} title={t(`meetings.h5.${k === 'planned' ? 'upcoming' : 'held'}`)} />
        ))}
      </Tabs>
      <PullToRefresh onRefresh={list.refresh}>
        <List>
          {list.items.map((m) => (
            <List.Item
              key={m.id}
              data-testid="meeting-item"
              onClick={() => navigate(`/meetings/${m.id}`)}
              description={
                <div className="tx-meeting-lines">
                  <div>{fmtMinute(m.heldAt)}</div>
                  {m.place && <div>{m.place}</div>}
                  <div>
                    {t('meetings.agendaCount')} {m.agendaCount} · {t('meetings.resolutionCount')} {m.resolutionCount}
                  </div>
                </div>
              }
            >
              {m.title}
            </List.Item>
          ))}
        </List>
        <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
          {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
        </InfiniteScroll>
      </PullToRefresh>
    </PageShell>
  );
}

/** One meeting: when and where, its agenda, minutes and resolutions with the projects they became. */
export function MeetingDetailPage() {
  const { id } = useParams();
  const [m, setM] = useState<MeetingDetail | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    get<MeetingDetail>(`/meetings/${id ?? ''}`)
      .then((r) => live && setM(r))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [id]);
  if (!m)
    return (
      <PageShell title={t('h5.tile.meetings')}>{failed ? <ErrorBlock status="empty" title={t('error.NOT_FOUND')} description="" /> : <Loading />}</PageShell>
    );
  return (
    <PageShell title={t('h5.tile.meetings')}>
      <List header={m.title}>
        <List.Item extra={<Tag color={m.status === 'held' ? 'success' : m.status === 'planned' ? 'primary' : 'default'}>{t(`meetingStatus.${m.status}`)}</Tag>}>
          {fmtMinute(m.heldAt)}
        </List.Item>
        {m.place && <List.Item description={t('meetings.place')}>{m.place}</List.Item>}
        {m.host && <List.Item description={t('meetings.host')}>{m.host}</List.Item>}
        {m.attendees && <List.Item description={t('meetings.attendees')}>{m.attendees}</List.Item>}
      </List>
      <List header={t('meetings.agenda')}>
        {m.agenda.map((i) => (
          <List.Item key={i.id} description={i.description ?? undefined}>
            <Tag color={i.kind === 'case' ? 'warning' : 'primary'} fill="outline" className="tx-inline-tag">
              {t(`meetings.kind.${i.kind}`)}
            </Tag>{' '}
            {i.kind === 'case' && i.ticketId === null ? t('meetings.caseHidden') : i.title}
          </List.Item>
        ))}
        {m.agenda.length === 0 && <List.Item>{t('meetings.agendaEmpty')}</List.Item>}
      </List>
      {m.minutes && (
        <List header={t('meetings.minutes')}>
          <List.Item>
            <div className="tx-meeting-minutes">{m.minutes}</div>
          </List.Item>
        </List>
      )}
      {m.status === 'held' && (
        <List header={t('meetings.resolutions')}>
          {m.resolutions.map((r, n) => (
            <List.Item
              key={r.id}
              description={
                r.projects.length === 0 ? (
                  t('meetings.noProjects')
                ) : (
                  <div className="tx-meeting-lines">
                    {r.projects.map((p) => (
                      <div key={p.id}>
                        {p.title} · {p.ownerUnitName} · {t(`projectStatus.${p.status}`)} {Math.round(p.progress)}%
                      </div>
                    ))}
                  </div>
                )
              }
            >
              {n + 1}. {r.text}
            </List.Item>
          ))}
          {m.resolutions.length === 0 && <List.Item>{t('meetings.resolutionsEmpty')}</List.Item>}
        </List>
      )}
    </PageShell>
  );
}
