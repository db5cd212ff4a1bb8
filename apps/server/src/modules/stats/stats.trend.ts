import { DAY_MS as DAY, SHANGHAI_OFFSET_MS as SHANGHAI, monthRange, previousMonth, shanghaiMonth } from '@tongxin/domain';
import type { Deps, TenantActor } from '../../lib/context.ts';
import type { ResolvedScope } from '../access/index.ts';
import * as repo from './stats.overview.repo.ts';
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

/**
 * Past months change only by late ratings and closures, and reading eleven of them costs 100–200 ms on an alliance of
 * 180,000 cases — time the one SQLite connection is blocked for everyone. So they are kept for a while per alliance and
 * data scope (the figures depend on nothing else of the reader); the current month is always read afresh.
 */
const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { at: number; months: TrendMonth[] }>();

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
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS && now >= hit.at) return hit.months;
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
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { at: now, months: value });
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
