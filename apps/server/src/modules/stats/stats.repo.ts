import { DAY_MS as DAY, SHANGHAI_OFFSET_MS as SHANGHAI } from '@tongxin/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { ResolvedScope } from '../access/index.ts';

export type GroupBy = 'lead_unit' | 'assist_unit' | 'grid' | 'category' | 'month';

/** Raw per-group counts, summed in the database. */
export interface FactRow {
  key: string;
  dispatched: number;
  responseDue: number;
  acceptedOnTime: number;
  rated: number;
  ratedSolved: number;
  ratedSatisfied: number;
  resolved: number;
  resolvedOnTime: number;
}

/** The per-ticket facts as sums of CASE expressions (same SQL on SQLite and PostgreSQL). */
function factColumns(satisfiedStars: number, includeCallbacks: boolean, now: number) {
  const rated = includeCallbacks
    ? sql`t.rating_stars is not null and t.closed_unrated = 0`
    : sql`t.rating_stars is not null and t.closed_unrated = 0 and coalesce(t.rating_by_callback, 0) = 0`;
  return sql`
    coalesce(sum(case when t.dispatched_at is not null then 1 else 0 end), 0) as dispatched,
    coalesce(sum(case when t.dispatched_at is not null and (t.accepted_at is not null or t.accept_due_at is null or t.accept_due_at < ${now}) then 1 else 0 end), 0) as response_due,
    coalesce(sum(case when t.dispatched_at is not null and t.accepted_at is not null and t.accept_due_at is not null and t.accepted_at <= t.accept_due_at then 1 else 0 end), 0) as accepted_on_time,
    coalesce(sum(case when ${rated} then 1 else 0 end), 0) as rated,
    coalesce(sum(case when ${rated} and t.rating_solved = 1 then 1 else 0 end), 0) as rated_solved,
    coalesce(sum(case when ${rated} and t.rating_stars >= ${satisfiedStars} then 1 else 0 end), 0) as rated_satisfied,
    coalesce(sum(case when t.resolved_at is not null then 1 else 0 end), 0) as resolved,
    coalesce(sum(case when t.resolved_at is not null and t.due_at is not null and t.resolved_at <= t.due_at then 1 else 0 end), 0) as resolved_on_time`;
}

/** Tickets in the actor's data scope (as the ticket list defines it). */
export function scopeSql(scope: ResolvedScope): RawBuilder<unknown> {
  switch (scope.kind) {
    case 'alliance':
      return sql`1 = 1`;
    case 'org':
      return sql`t.grid_id in (select g.id from grids g where g.org_id in (select o.id from orgs o where o.path like ${`${scope.orgPath}%`}))`;
    case 'grid':
      return sql`t.grid_id in (select g.id from grids g where g.path like ${`${scope.gridPath}%`})`;
    case 'unit':
      return sql`(t.lead_unit_id = ${scope.unitId} or exists (select 1 from ticket_units su where su.ticket_id = t.id and su.unit_id = ${scope.unitId}))`;
    case 'own':
      return sql`(t.created_by = ${scope.userId} or t.reporter_user_id = ${scope.userId})`;
  }
}

export interface FactQuery {
  allianceId: string;
  scope: ResolvedScope;
  groupBy: GroupBy | null;
  from?: number | undefined;
  to?: number | undefined;
  satisfiedStars: number;
  includeCallbacks: boolean;
  /** 响应率 counts a dispatch still inside its accept window only once it is accepted */
  now: number;
}

interface Raw {
  k: string | number | null;
  dispatched: number | string;
  response_due: number | string;
  accepted_on_time: number | string;
  rated: number | string;
  rated_solved: number | string;
  rated_satisfied: number | string;
  resolved: number | string;
  resolved_on_time: number | string;
}

const toFact = (r: Raw, key: string): FactRow => ({
  key,
  dispatched: Number(r.dispatched),
  responseDue: Number(r.response_due),
  acceptedOnTime: Number(r.accepted_on_time),
  rated: Number(r.rated),
  ratedSolved: Number(r.rated_solved),
  ratedSatisfied: Number(r.rated_satisfied),
  resolved: Number(r.resolved),
  resolvedOnTime: Number(r.resolved_on_time),
});

/**
 * Aggregates facts per group (or one total row when groupBy is null) over tickets created in [from, to).
 * Months are grouped by Shanghai day in SQL (integer epoch arithmetic, portable) and folded into months by the caller.
 */
export async function facts(db: Db, q: FactQuery): Promise<FactRow[]> {
  const where = [sql`t.alliance_id = ${q.allianceId}`, scopeSql(q.scope)];
  if (q.from !== undefined) where.push(sql`t.created_at >= ${q.from}`);
  if (q.to !== undefined) where.push(sql`t.created_at < ${q.to}`);
  let key: RawBuilder<unknown> | null = null;
  let join = sql``;
  switch (q.groupBy) {
    case null:
      break;
    case 'lead_unit':
      // tickets never dispatched form the null group (the service leaves it out of the rows but counts it in the total)
      key = sql`t.lead_unit_id`;
      if (q.scope.kind === 'unit') where.push(sql`t.lead_unit_id = ${q.scope.unitId}`);
      break;
    case 'assist_unit':
      key = sql`tu.unit_id`;
      join = sql`join ticket_units tu on tu.ticket_id = t.id`;
      if (q.scope.kind === 'unit') where.push(sql`tu.unit_id = ${q.scope.unitId}`);
      break;
    case 'grid':
      key = sql`t.grid_id`;
      break;
    case 'category':
      key = sql`t.category_id`;
      break;
    case 'month':
      key = sql`(t.created_at + ${sql.lit(SHANGHAI)}) / ${sql.lit(DAY)}`;
      break;
  }
  const cond = sql.join(where, sql` and `);
  const columns = factColumns(q.satisfiedStars, q.includeCallbacks, q.now);
  // by lead unit: one index range per unit of the alliance (tickets_rate_unit) arrives already grouped, where one range
  // over the month had to be sorted by unit first (half the time of a million-ticket alliance's month); a lead unit is
  // always one of the ticket's alliance (dispatch checks it), and the undispatched cases are the null group
  const query =
    q.groupBy === 'lead_unit'
      ? sql<Raw>`select t.lead_unit_id as k, ${columns} from tickets t
          where ${cond} and t.lead_unit_id in (select u.id from units u where u.alliance_id = ${q.allianceId}) group by t.lead_unit_id
          union all select null as k, ${columns} from tickets t where ${cond} and t.lead_unit_id is null`
      : key
        ? sql<Raw>`select ${key} as k, ${columns} from tickets t ${join} where ${cond} group by ${key}`
        : sql<Raw>`select null as k, ${columns} from tickets t where ${cond}`;
  const rows = (await query.execute(db)).rows.map((r) => toFact(r, keyOf(r.k)));
  // 响应率 also counts the dispatches that ended in a 退单, for the unit they went to (assisting units never accept)
  if (q.groupBy === 'assist_unit') return rows;
  const returned = await returnedFacts(db, q, q.groupBy === 'lead_unit' ? sql`rd.unit_id` : key);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const r of returned) {
    const k = keyOf(r.k);
    let row = byKey.get(k);
    if (!row) {
      row = { ...EMPTY_FACTS, key: k };
      rows.push(row);
      byKey.set(k, row);
    }
    // a returned dispatch counts only once it was accepted or its deadline had passed: it is due a response
    row.dispatched += Number(r.dispatched);
    row.responseDue += Number(r.dispatched);
    row.acceptedOnTime += Number(r.accepted_on_time);
  }
  return rows;
}

/** Facts of nothing: the start of a sum. */
export const EMPTY_FACTS: Omit<FactRow, 'key'> = {
  dispatched: 0,
  responseDue: 0,
  acceptedOnTime: 0,
  rated: 0,
  ratedSolved: 0,
  ratedSatisfied: 0,
  resolved: 0,
  resolvedOnTime: 0,
};

const keyOf = (k: string | number | null | undefined): string => (k === null || k === undefined ? '' : String(k));

/**
 * The returned dispatches (migration 0021) of the tickets created in [from, to), as dispatched / accepted on time per
 * group: by the unit they went to, or by the ticket's grid, category or day. A unit-scoped reader counts its own unit's.
 * A dispatch returned unaccepted before its accept deadline is left out, as before: the case was misrouted and the unit
 * answered in time. One accepted, or returned after the deadline, counts; only an acceptance in time is a response.
 */
async function returnedFacts(db: Db, q: FactQuery, key: RawBuilder<unknown> | null) {
  const where = [
    sql`rd.alliance_id = ${q.allianceId}`,
    q.scope.kind === 'unit' ? sql`rd.unit_id = ${q.scope.unitId}` : scopeSql(q.scope),
    sql`(rd.accepted_at is not null or rd.accept_due_at is null or rd.returned_at > rd.accept_due_at)`,
  ];
  if (q.from !== undefined) where.push(sql`t.created_at >= ${q.from}`);
  if (q.to !== undefined) where.push(sql`t.created_at < ${q.to}`);
  const k = key ?? sql`null`;
  const query = sql<{ k: string | number | null; dispatched: number | string; accepted_on_time: number | string }>`select ${k} as k,
      count(*) as dispatched,
      coalesce(sum(case when rd.accepted_at is not null and rd.accept_due_at is not null and rd.accepted_at <= rd.accept_due_at then 1 else 0 end), 0) as accepted_on_time
    from returned_dispatches rd join tickets t on t.id = rd.ticket_id
    where ${sql.join(where, sql` and `)}${key ? sql` group by ${k}` : sql``}`;
  return (await query.execute(db)).rows;
}

/** Display names of the group keys. */
export async function names(db: Db, allianceId: string, groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
  const ids = keys.filter((k) => k !== '');
  if (ids.length === 0) return new Map();
  const table = groupBy === 'grid' ? 'grids' : groupBy === 'category' ? 'categories' : 'units';
  const rows = await db.selectFrom(table).select(['id', 'name']).where('alliance_id', '=', allianceId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The alliance's 三率 parameters, or undefined when it keeps the defaults. */
export function findRateSettings(db: Db, allianceId: string) {
  return db.selectFrom('rate_settings').selectAll().where('alliance_id', '=', allianceId).executeTakeFirst();
}

/** Stores the alliance's 三率 parameters (one row per alliance). */
export async function saveRateSettings(db: Db, allianceId: string, satisfiedStars: number, includeCallbacks: boolean, now: number): Promise<void> {
  await db
    .insertInto('rate_settings')
    .values({ alliance_id: allianceId, satisfied_stars: satisfiedStars, include_callbacks: includeCallbacks ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.column('alliance_id').doUpdateSet({ satisfied_stars: satisfiedStars, include_callbacks: includeCallbacks ? 1 : 0, updated_at: now }))
    .execute();
}
