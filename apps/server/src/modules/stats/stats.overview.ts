import {
  DASHBOARD_OTHER_SLICE,
  type DashboardOverview,
  type DashboardQuery,
  type DashboardSlice,
  maskFreeText,
  monthRange,
  previousMonth,
  shanghaiDate,
  shanghaiDayStart,
  shanghaiMonth,
  shanghaiYear,
} from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { resolveScope } from '../access/index.ts';
import { listTickets } from '../tickets/index.ts';
import * as repo from './stats.overview.repo.ts';
import { byOnTime, rates } from './stats.service.ts';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;
const TREND_MONTHS = 12;
const TOP_CATEGORIES = 8;
const TOP_GRIDS = 10;
const TOP_UNITS = 10;
const RECENT = 8;

/** The largest slices, and the rest folded into one `DASHBOARD_OTHER_SLICE` (none when nothing is left over). */
function top(slices: DashboardSlice[], k: number): DashboardSlice[] {
  if (slices.length <= k) return slices;
  const rest = slices.slice(k).reduce((s, x) => s + x.count, 0);
  return [...slices.slice(0, k), { key: DASHBOARD_OTHER_SLICE, name: '', count: rest }];
}

/** The last `count` months up to and including `month`, oldest first. */
function monthsUpTo(month: string, count: number): string[] {
  const out = [month];
  while (out.length < count) out.unshift(previousMonth(out[0] as string));
  return out;
}

/** The leaders' big screen (数据大屏): the alliance's loop, credit, projects and meetings in one read. */
export async function overview(deps: Deps, a: TenantActor, q: DashboardQuery): Promise<DashboardOverview> {
  const now = deps.clock.now();
  const month = q.month ?? shanghaiMonth(now);
  const { start, end } = monthRange(month);
  const months = monthsUpTo(month, TREND_MONTHS);
  const trendStart = monthRange(months[0] as string).start;
  const today = shanghaiDate(now);
  const scope = await resolveScope(deps.db, a);
  const w = { allianceId: a.allianceId, scope };
  const allianceWide = scope.kind === 'alliance';
  const year = shanghaiYear(Math.min(now, end - 1));
  const [open, createdToday, createdThisMonth, volumes, monthRates, trendRates, byKind, byCategory, byGrid, recent, credit, projects, meetings] =
    await Promise.all([
      repo.openCounts(deps.db, w, now),
      repo.createdBetween(deps.db, w, shanghaiDayStart(today), shanghaiDayStart(today) + DAY),
      repo.createdBetween(deps.db, w, start, end),
      repo.dailyVolumes(deps.db, w, trendStart, end),
      rates(deps, a, { groupBy: 'lead_unit', from: start, to: end }),
      rates(deps, a, { groupBy: 'month', from: trendStart, to: end }),
      repo.createdBy(deps.db, w, start, end, 'kind'),
      repo.createdBy(deps.db, w, start, end, 'category'),
      repo.openByGrid(deps.db, w),
      a.permissions.has('ticket:read') ? listTickets(deps, a, { page: 1, pageSize: RECENT }) : null,
      allianceWide && a.permissions.has('merchant:read') ? repo.creditCounts(deps.db, a.allianceId) : null,
      allianceWide && a.permissions.has('resource:read') ? repo.projectCounts(deps.db, a.allianceId, today) : null,
      allianceWide && a.permissions.has('meeting:read') ? repo.meetingCounts(deps.db, a.allianceId, year.start, year.end) : null,
    ]);
  // per Shanghai day → per month of the trend
  const created = new Map<string, number>();
  const closed = new Map<string, number>();
  const fold = (days: Map<number, number>, into: Map<string, number>) => {
    for (const [d, c] of days) {
      const m = shanghaiMonth(d * DAY - SHANGHAI);
      into.set(m, (into.get(m) ?? 0) + c);
    }
  };
  fold(volumes.created, created);
  fold(volumes.closed, closed);
  const rateOf = new Map(trendRates.rows.map((r) => [r.key, r]));
  return {
    month,
    generatedAt: now,
    scope: a.scope,
    tickets: { ...open, createdToday, createdThisMonth, closedThisMonth: closed.get(month) ?? 0 },
    rates: monthRates.total,
    trend: months.map((m) => {
      const r = rateOf.get(m);
      return {
        month: m,
        created: created.get(m) ?? 0,
        closed: closed.get(m) ?? 0,
        responseRate: r?.responseRate ?? null,
        resolutionRate: r?.resolutionRate ?? null,
        satisfactionRate: r?.satisfactionRate ?? null,
      };
    }),
    byKind,
    byCategory: top(byCategory, TOP_CATEGORIES),
    openByGrid: byGrid.slice(0, TOP_GRIDS),
    ranking: byOnTime(monthRates.rows.filter((u) => u.dispatched > 0)).slice(0, TOP_UNITS),
    recent: (recent?.items ?? []).map((t) => ({
      id: t.id,
      number: t.number,
      kind: t.kind,
      status: t.status,
      // the reporter's own cases come unmasked to them; a wall screen is read by others
      title: maskFreeText(t.title),
      categoryName: t.categoryName,
      gridName: t.gridName,
      createdAt: t.createdAt,
    })),
    credit,
    projects,
    meetings,
  };
}
