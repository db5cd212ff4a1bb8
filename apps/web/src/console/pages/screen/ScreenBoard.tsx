import { DASHBOARD_OTHER_SLICE, type DashboardOverview, type DashboardSlice } from '@tongxin/domain';
import { Empty } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { t } from '../../../shared/i18n.ts';
import { rateGroupName } from '../../../shared/rateGroups.ts';
import { TZ, dayjs } from '../../lib/time.ts';
import { ScreenChart } from './ScreenChart.tsx';
import { categoryOption, gridOption, starsOption, trendOption } from './screenOptions.ts';
import './screen.css';

const pct = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`);

function Panel({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`screen-panel ${className ?? ''}`}>
      <h2>{title}</h2>
      <div className="screen-panel-body">{children}</div>
    </section>
  );
}

function Kpi({ label, value, tone }: { label: string; value: string | number; tone?: 'warn' | 'good' }) {
  return (
    <div className={`screen-kpi ${tone ?? ''}`}>
      <div className="screen-kpi-value">{value}</div>
      <div className="screen-kpi-label" title={label}>
        {label}
      </div>
    </div>
  );
}

/** A slice's name in the user's language: the folded rest and the cases without a grid are named by the screen. */
function sliceName(s: Pick<DashboardSlice, 'key' | 'name'>): string {
  if (s.key === DASHBOARD_OTHER_SLICE) return t('screen.otherCategories');
  return rateGroupName('grid', s);
}

/**
 * The big screen's figures under a header: the console's /screen and a display link's /screen/display draw the same
 * board. `stale`: the last refresh failed and the figures shown are older.
 */
export function ScreenBoard({ data, header, stale }: { data: DashboardOverview; header: ReactNode; stale: boolean }) {
  const trend = useMemo(() => trendOption(data), [data]);
  const categories = useMemo(() => categoryOption(data, sliceName), [data]);
  const grids = useMemo(() => gridOption(data, sliceName), [data]);
  const stars = useMemo(() => (data.credit ? starsOption(data) : null), [data]);

  const k = data.tickets;
  return (
    <div className="screen" data-testid="big-screen">
      {header}
      <div className="screen-kpis">
        <Kpi label={t('screen.open')} value={k.open} />
        <Kpi label={t('screen.overdue')} value={k.overdue} tone={k.overdue > 0 ? 'warn' : undefined} />
        <Kpi label={t('screen.createdToday')} value={k.createdToday} />
        <Kpi label={t('screen.createdThisMonth')} value={k.createdThisMonth} />
        <Kpi label={t('screen.closedThisMonth')} value={k.closedThisMonth} />
        <Kpi label={t('console.stats.responseRate')} value={pct(data.rates.responseRate)} tone="good" />
        <Kpi label={t('console.stats.resolutionRate')} value={pct(data.rates.resolutionRate)} tone="good" />
        <Kpi label={t('console.stats.satisfactionRate')} value={pct(data.rates.satisfactionRate)} tone="good" />
      </div>
      <div className="screen-grid">
        <Panel title={t('screen.trend')} className="trend">
          <ScreenChart option={trend} testId="screen-trend" />
        </Panel>
        <Panel title={t('screen.byCategory', { month: data.month })} className="category">
          {data.byCategory.length ? <ScreenChart option={categories} /> : <Empty description={t('screen.none')} />}
        </Panel>
        <Panel title={t('screen.ranking')} className="ranking">
          {data.ranking.length ? (
            <ol className="screen-ranking">
              {data.ranking.map((r, i) => (
                <li key={r.key}>
                  <span className={`screen-rank r${i + 1}`}>{i + 1}</span>
                  <span className="screen-rank-name" title={r.name}>
                    {r.name}
                  </span>
                  <span className="screen-rank-bar">
                    <i style={{ width: `${Math.round((r.onTimeRate ?? 0) * 100)}%` }} />
                  </span>
                  <span className="screen-rank-value">{pct(r.onTimeRate)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <Empty description={t('screen.none')} />
          )}
        </Panel>
        <Panel title={t('screen.openByGrid')} className="grids">
          {data.openByGrid.length ? <ScreenChart option={grids} /> : <Empty description={t('screen.none')} />}
        </Panel>
        <Panel title={t('screen.recent')} className="recent">
          {data.recent.length ? (
            <table className="screen-recent" data-testid="screen-recent">
              <tbody>
                {data.recent.map((c) => (
                  <tr key={c.id}>
                    <td className="time">{dayjs(c.createdAt).tz(TZ).format('MM-DD HH:mm')}</td>
                    <td className="kind">{t(`ticketKind.${c.kind}`)}</td>
                    <td className="title" title={c.title}>
                      {c.title}
                    </td>
                    <td className="grid">{c.gridName ?? t('stats.group.noGrid')}</td>
                    <td className={`status s-${c.status}`}>{t(`ticketStatus.${c.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <Empty description={t('screen.none')} />
          )}
        </Panel>
        {data.credit && (
          <Panel title={t('screen.credit')} className="credit">
            <div className="screen-mini-kpis">
              <Kpi label={t('screen.merchants')} value={data.credit.operating} />
              <Kpi label={t('screen.monitoringPoints')} value={data.credit.monitoringPoints} />
              <Kpi label={t('screen.redFlags')} value={data.credit.redFlags} tone="good" />
              <Kpi label={t('screen.yellowFlags')} value={data.credit.yellowFlags} tone={data.credit.yellowFlags > 0 ? 'warn' : undefined} />
            </div>
            {stars && <ScreenChart option={stars} />}
          </Panel>
        )}
        {(data.projects || data.meetings) && (
          <Panel title={t('screen.projectsAndMeetings')} className="projects">
            <div className="screen-mini-kpis">
              {data.projects && (
                <>
                  <Kpi label={t('screen.projects')} value={data.projects.total} />
                  <Kpi label={t('screen.projectsDone')} value={data.projects.done} />
                  <Kpi label={t('screen.projectsOverdue')} value={data.projects.overdue} tone={data.projects.overdue > 0 ? 'warn' : undefined} />
                  <Kpi label={t('screen.averageProgress')} value={data.projects.averageProgress === null ? '—' : `${data.projects.averageProgress}%`} />
                </>
              )}
              {data.meetings && (
                <>
                  <Kpi label={t('screen.meetingsHeld')} value={data.meetings.heldThisYear} />
                  <Kpi label={t('screen.resolutions')} value={data.meetings.resolutionsThisYear} />
                  <Kpi label={t('screen.agendaWaiting')} value={data.meetings.agendaWaiting} tone={data.meetings.agendaWaiting > 0 ? 'warn' : undefined} />
                </>
              )}
            </div>
          </Panel>
        )}
      </div>
      <footer className="screen-footer">
        {t('screen.footer', { time: dayjs(data.generatedAt).tz(TZ).format('HH:mm:ss'), scope: t(`dataScope.${data.scope}`) })}
        {stale && <span className="screen-stale">{t('screen.stale')}</span>}
      </footer>
    </div>
  );
}
