import {
  DAY_MS as DAY,
  DEFAULT_INCLUDE_CALLBACKS,
  DEFAULT_SATISFIED_STARS,
  computeRates,
  type RateRow,
  type RateSettings,
  type RatesQuery,
} from '@tongxin/domain';
import type { z } from 'zod';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { shownText } from '../../lib/freeText.ts';
import { resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './stats.repo.ts';
import type { FactRow, GroupBy } from './stats.repo.ts';

type Row = z.infer<typeof RateRow>;
type Query = z.infer<typeof RatesQuery>;

/** 按时办结率 on-time rate = resolved by the deadline / resolved (null without a resolved ticket). */
export function toRateRow(f: FactRow, name: string): Row {
  return {
    ...f,
    // a unit, grid or category named before names refused numbers: shown masked, as in the tickets
    name: shownText(name),
    ...computeRates(f),
    onTimeRate: f.resolved > 0 ? f.resolvedOnTime / f.resolved : null,
  };
}

/** Two sets of facts summed (numerators and denominators alike; the rates are computed from the sums). */
export function addFacts(a: FactRow, b: FactRow): FactRow {
  return {
    key: a.key,
    dispatched: a.dispatched + b.dispatched,
    responseDue: a.responseDue + b.responseDue,
    acceptedOnTime: a.acceptedOnTime + b.acceptedOnTime,
    rated: a.rated + b.rated,
    ratedSolved: a.ratedSolved + b.ratedSolved,
    ratedSatisfied: a.ratedSatisfied + b.ratedSatisfied,
    resolved: a.resolved + b.resolved,
    resolvedOnTime: a.resolvedOnTime + b.resolvedOnTime,
  };
}

const EMPTY: FactRow = { key: 'total', ...repo.EMPTY_FACTS };

/** Shanghai day buckets (days since the epoch, +08:00) folded into 'YYYY-MM' months. */
function foldMonths(rows: FactRow[]): FactRow[] {
  const m = new Map<string, FactRow>();
  for (const r of rows) {
    const month = new Date(Number(r.key) * DAY).toISOString().slice(0, 7);
    const prev = m.get(month);
    m.set(month, prev ? addFacts(prev, { ...r, key: month }) : { ...r, key: month });
  }
  return [...m.values()].sort((a, b) => a.key.localeCompare(b.key));
}

const UNNAMED: Record<GroupBy, string> = { lead_unit: '未派单', assist_unit: '—', grid: '未指定网格', category: '—', month: '' };

/** The alliance's 三率 parameters (the defaults until someone sets them). */
export async function rateSettings(deps: Deps, allianceId: string): Promise<RateSettings> {
  const row = await repo.findRateSettings(deps.db, allianceId);
  return row
    ? { satisfiedStars: Number(row.satisfied_stars), includeCallbacks: Number(row.include_callbacks) === 1 }
    : { satisfiedStars: DEFAULT_SATISFIED_STARS, includeCallbacks: DEFAULT_INCLUDE_CALLBACKS };
}

/** Changes the alliance's 三率 parameters; audited, one transaction. */
export async function updateRateSettings(deps: Deps, a: TenantActor, body: RateSettings): Promise<RateSettings> {
  const before = await rateSettings(deps, a.allianceId);
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveRateSettings(trx, a.allianceId, body.satisfiedStars, body.includeCallbacks, deps.clock.now());
    await appendAudit(trx, deps, a, { action: 'stats.settings.update', entity: 'rate_settings', entityId: a.allianceId, before, after: body });
  });
  return body;
}

/** 三率 per group and in total, over tickets created in [from, to) within the caller's data scope. */
export async function rates(deps: Deps, a: TenantActor, q: Query): Promise<{ total: Row; rows: Row[]; settings: RateSettings }> {
  const [scope, settings] = await Promise.all([resolveScope(deps.db, a), rateSettings(deps, a.allianceId)]);
  const base = { allianceId: a.allianceId, scope, from: q.from, to: q.to, now: deps.clock.now(), ...settings };
  const all = await repo.facts(deps.db, { ...base, groupBy: q.groupBy });
  // the groups partition the tickets — except assisting units (a ticket counts for each of them) and a unit-scoped
  // reader's view (only its own unit's group, while the total covers every ticket it reaches): then the total is a pass
  // of its own, otherwise the sum of the groups
  const partition = q.groupBy !== 'assist_unit' && scope.kind !== 'unit';
  const totalFacts = partition ? all.reduce((acc, g) => addFacts(acc, g), EMPTY) : ((await repo.facts(deps.db, { ...base, groupBy: null }))[0] ?? EMPTY);
  const grouped = q.groupBy === 'lead_unit' ? all.filter((g) => g.key !== '') : all;
  const total = toRateRow({ ...totalFacts, key: 'total' }, '合计');
  if (q.groupBy === 'month') return { total, rows: foldMonths(grouped).map((f) => toRateRow(f, f.key)), settings };
  const names = await repo.names(
    deps.db,
    a.allianceId,
    q.groupBy,
    grouped.map((g) => g.key),
  );
  const rows = grouped.map((f) => toRateRow(f, names.get(f.key) ?? UNNAMED[q.groupBy]));
  rows.sort((x, y) => y.dispatched - x.dispatched || x.name.localeCompare(y.name, 'zh-CN'));
  return { total, rows, settings };
}

/**
 * The whole alliance's 三率 facts over tickets created in [from, to), counted with the alliance's own settings: the
 * total of its 三率 page for an alliance-wide reader (the city overview's row of it).
 */
export async function allianceFacts(deps: Deps, allianceId: string, from: number, to: number): Promise<{ facts: FactRow; settings: RateSettings }> {
  const settings = await rateSettings(deps, allianceId);
  const q = { allianceId, scope: { kind: 'alliance' } as const, groupBy: null, from, to, now: deps.clock.now(), ...settings };
  return { facts: { ...((await repo.facts(deps.db, q))[0] ?? EMPTY), key: allianceId }, settings };
}

/** Lead units by on-time rate (units without a resolved ticket last), then by volume (dispatched), then name. */
export async function ranking(deps: Deps, a: TenantActor, q: { from?: number | undefined; to?: number | undefined }): Promise<{ items: Row[] }> {
  const { rows } = await rates(deps, a, { groupBy: 'lead_unit', from: q.from, to: q.to });
  return { items: byOnTime(rows) };
}

/** Rows sorted for the on-time ranking (in place). */
export function byOnTime(rows: Row[]): Row[] {
  return rows.sort((x, y) => (y.onTimeRate ?? -1) - (x.onTimeRate ?? -1) || y.dispatched - x.dispatched || x.name.localeCompare(y.name, 'zh-CN'));
}
