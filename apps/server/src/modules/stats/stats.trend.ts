import { DAY_MS as DAY, SHANGHAI_OFFSET_MS as SHANGHAI, monthRange, previousMonth, shanghaiMonth } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import type { ResolvedScope } from '../access/index.ts';
import * as repo from './stats.overview.repo.ts';
import { pastCache } from './stats.pastCache.ts';
import { rates } from './stats.service.ts';

/** One past month of the trend. */
export interface TrendMonth {
  month: string;
  created: number;
  closed: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

// eleven past months cost 100–200 ms on an alliance of 180,000 cases — time the one SQLite connection is blocked for
// everyone — and depend on nothing of the reader but the alliance and data scope
const cache = pastCache<TrendMonth[]>();

/** The `count` months before `month`, oldest first. */
export function monthsBefore(month: string, count: number): string[] {
  const out: string[] = [];
  let m = month;
  while (out.length < count) out.unshift((m = previousMonth(m)));
  return out;
}

/** Cases taken in and closed, and the 三率 of those taken in, for each of the `count` months before `month`. */
export async function pastTrend(deps: Deps, a: TenantActor, scope: ResolvedScope, month: string, count: number): Promise<TrendMonth[]> {
  const now = deps.clock.now();
  const key = `${a.allianceId}|${JSON.stringify(scope)}|${month}|${count}`;
  const hit = cache.get(key, now);
  if (hit) return hit;
  const months = monthsBefore(month, count);
  const from = monthRange(months[0] as string).start;
  const to = monthRange(month).start;
  const w = { allianceId: a.allianceId, scope };
  const [volumes, monthRates] = await Promise.all([repo.dailyVolumes(deps.db, w, from, to), rates(deps, a, { groupBy: 'month', from, to })]);
  const created = foldDays(volumes.created);
  const closed = foldDays(volumes.closed);
  const rateOf = new Map(monthRates.rows.map((r) => [r.key, r]));
  const value = months.map((m) => {
    const r = rateOf.get(m);
    return {
      month: m,
      created: created.get(m) ?? 0,
      closed: closed.get(m) ?? 0,
      responseRate: r?.responseRate ?? null,
      resolutionRate: r?.resolutionRate ?? null,
      satisfactionRate: r?.satisfactionRate ?? null,
    };
  });
  cache.set(key, now, value);
  return value;
}

/** Per Shanghai day (days since the epoch) → per 'YYYY-MM'. */
function foldDays(days: Map<number, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [d, c] of days) {
    const m = shanghaiMonth(d * DAY - SHANGHAI);
    out.set(m, (out.get(m) ?? 0) + c);
  }
  return out;
}
