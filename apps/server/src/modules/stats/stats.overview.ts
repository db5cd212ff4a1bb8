import {
  DAY_MS as DAY,
  DASHBOARD_OTHER_SLICE,
  type DashboardOverview,
  type DashboardQuery,
  type DashboardSlice,
  maskFreeText,
  monthRange,
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
import { pastTrend } from './stats.trend.ts';

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

/** Slices (or rows) with numbers in their names masked: a category, grid or unit named before names refused them. */
const shownNames = <T extends { name: string }>(rows: T[]): T[] => rows.map((x) => ({ ...x, name: maskFreeText(x.name) }));

/** The leaders' big screen (数据大屏): the alliance's loop, credit, projects and meetings in one read. */
export async function overview(deps: Deps, a: TenantActor, q: DashboardQuery): Promise<DashboardOverview> {
  const now = deps.clock.now();
  const month = q.month ?? shanghaiMonth(now);
  const { start, end } = monthRange(month);
  const today = shanghaiDate(now);
  const scope = await resolveScope(deps.db, a);
  const w = { allianceId: a.allianceId, scope };
  const allianceWide = scope.kind === 'alliance';
  const year = shanghaiYear(Math.min(now, end - 1));
  const [open, createdToday, createdThisMonth, closedThisMonth, monthRates, past, byKind, byCategory, byGrid, recent, credit, projects, meetings] =
    await Promise.all([
      repo.openCounts(deps.db, w, now),
      repo.createdBetween(deps.db, w, shanghaiDayStart(today), shanghaiDayStart(today) + DAY),
      repo.createdBetween(deps.db, w, start, end),
      repo.closedBetween(deps.db, w, start, end),
      rates(deps, a, { groupBy: 'lead_unit', from: start, to: end }),
      pastTrend(deps, a, scope, month, TREND_MONTHS - 1),
      repo.createdBy(deps.db, w, start, end, 'kind'),
      repo.createdBy(deps.db, w, start, end, 'category'),
      repo.openByGrid(deps.db, w),
      a.permissions.has('ticket:read') ? listTickets(deps, a, { page: 1, pageSize: RECENT }) : null,
      allianceWide && a.permissions.has('merchant:read') ? repo.creditCounts(deps.db, a.allianceId) : null,
      allianceWide && a.permissions.has('resource:read') ? repo.projectCounts(deps.db, a.allianceId, today) : null,
      allianceWide && a.permissions.has('meeting:read') ? repo.meetingCounts(deps.db, a.allianceId, year.start, year.end) : null,
    ]);
  const r = monthRates.total;
  return {
    month,
    generatedAt: now,
    scope: a.scope,
    tickets: { ...open, createdToday, createdThisMonth, closedThisMonth },
    rates: r,
    trend: [
      ...past,
      {
        month,
        created: createdThisMonth,
        closed: closedThisMonth,
        responseRate: r.responseRate,
        resolutionRate: r.resolutionRate,
        satisfactionRate: r.satisfactionRate,
      },
    ],
    byKind,
    byCategory: shownNames(top(byCategory, TOP_CATEGORIES)),
    openByGrid: shownNames(byGrid.slice(0, TOP_GRIDS)),
    ranking: shownNames(byOnTime(monthRates.rows.filter((u) => u.dispatched > 0)).slice(0, TOP_UNITS)),
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
