import { DAY_MS as DAY, SHANGHAI_OFFSET_MS as SHANGHAI } from '@tongxin/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { ResolvedScope } from '../access/index.ts';
import { scopeSql } from './stats.repo.ts';

const OPEN = sql`t.status in ('submitted', 'dispatched', 'accepted', 'resolved')`;

/** The tickets of an alliance that the reader's data scope reaches (confidential ones counted, as in 三率). */
export interface TicketWhere {
  allianceId: string;
  scope: ResolvedScope;
}

const base = (w: TicketWhere): RawBuilder<unknown> => sql`t.alliance_id = ${w.allianceId} and ${scopeSql(w.scope)}`;
const n = (v: unknown): number => Number(v ?? 0);

/** Open tickets, and those of them past a deadline (the list's 超期 filter, open ones only). */
export async function openCounts(db: Db, w: TicketWhere, now: number): Promise<{ open: number; overdue: number }> {
  const { rows } = await sql<{ open: unknown; overdue: unknown }>`select count(*) as open,
      coalesce(sum(case when t.overdue = 1 or (t.status in ('dispatched', 'accepted') and t.due_at < ${now}) then 1 else 0 end), 0) as overdue
    from tickets t where ${base(w)} and ${OPEN}`.execute(db);
  return { open: n(rows[0]?.open), overdue: n(rows[0]?.overdue) };
}

/** Tickets taken in during [from, to). */
export async function createdBetween(db: Db, w: TicketWhere, from: number, to: number): Promise<number> {
  const { rows } = await sql<{ c: unknown }>`select count(*) as c from tickets t
    where ${base(w)} and t.created_at >= ${from} and t.created_at < ${to}`.execute(db);
  return n(rows[0]?.c);
}

/** Tickets closed during [from, to) (only a closed one has a close time: tickets_closed). */
export async function closedBetween(db: Db, w: TicketWhere, from: number, to: number): Promise<number> {
  const { rows } = await sql<{ c: unknown }>`select count(*) as c from tickets t
    where ${base(w)} and t.closed_at >= ${from} and t.closed_at < ${to}`.execute(db);
  return n(rows[0]?.c);
}

/** Per Shanghai day (days since the epoch) of [from, to): tickets taken in, and tickets closed (only a closed one has a close time: tickets_closed). */
export async function dailyVolumes(db: Db, w: TicketWhere, from: number, to: number): Promise<{ created: Map<number, number>; closed: Map<number, number> }> {
  const day = (col: RawBuilder<unknown>) => sql`(${col} + ${sql.lit(SHANGHAI)}) / ${sql.lit(DAY)}`;
  const [created, closed] = await Promise.all([
    sql<{ d: unknown; c: unknown }>`select ${day(sql`t.created_at`)} as d, count(*) as c from tickets t
      where ${base(w)} and t.created_at >= ${from} and t.created_at < ${to} group by ${day(sql`t.created_at`)}`.execute(db),
    sql<{ d: unknown; c: unknown }>`select ${day(sql`t.closed_at`)} as d, count(*) as c from tickets t
      where ${base(w)} and t.closed_at >= ${from} and t.closed_at < ${to} group by ${day(sql`t.closed_at`)}`.execute(db),
  ]);
  const toMap = (rows: { d: unknown; c: unknown }[]) => new Map(rows.map((r) => [Math.floor(n(r.d)), n(r.c)]));
  return { created: toMap(created.rows), closed: toMap(closed.rows) };
}

/** Tickets taken in during [from, to) per kind, per category (with its name), largest first. */
export async function createdBy(db: Db, w: TicketWhere, from: number, to: number, by: 'kind' | 'category') {
  const q =
    by === 'kind'
      ? sql<{ k: string; name: string | null; c: unknown }>`select t.kind as k, null as name, count(*) as c from tickets t
          where ${base(w)} and t.created_at >= ${from} and t.created_at < ${to} group by t.kind`
      : sql<{ k: string; name: string | null; c: unknown }>`select t.category_id as k, max(c.name) as name, count(*) as c
          from tickets t join categories c on c.id = t.category_id and c.alliance_id = t.alliance_id
          where ${base(w)} and t.created_at >= ${from} and t.created_at < ${to} group by t.category_id`;
  return (await q.execute(db)).rows.map((r) => ({ key: r.k, name: r.name ?? '', count: n(r.c) })).sort((a, b) => b.count - a.count);
}

/**
 * Open tickets per grid (key '' for those without a grid), largest first: counted per grid from the open cases' index
 * (tickets_open_grid) for an alliance-wide or grid scope, then each grid's name joined once per grid, not once per case.
 * A case counts for its own grid only, not for the grids above it.
 */
export async function openByGrid(db: Db, w: TicketWhere) {
  const { rows } = await sql<{ k: string | null; name: string | null; c: unknown }>`select o.k, g.name, o.c
    from (select t.grid_id as k, count(*) as c from tickets t where ${base(w)} and ${OPEN} group by t.grid_id) o
    left join grids g on g.id = o.k and g.alliance_id = ${w.allianceId}`.execute(db);
  return rows.map((r) => ({ key: r.k ?? '', name: r.name ?? '', count: n(r.c) })).sort((a, b) => b.count - a.count);
}

/** The alliance's merchants: counts by status, monitoring point, flag and stars (null stars: 0). */
export async function creditCounts(db: Db, allianceId: string) {
  const [totals, stars] = await Promise.all([
    sql<{ merchants: unknown; operating: unknown; points: unknown; red: unknown; yellow: unknown }>`select count(*) as merchants,
        coalesce(sum(case when status = 'operating' then 1 else 0 end), 0) as operating,
        coalesce(sum(case when monitoring_point = 1 then 1 else 0 end), 0) as points,
        coalesce(sum(case when credit_flag = 'red' then 1 else 0 end), 0) as red,
        coalesce(sum(case when credit_flag = 'yellow' then 1 else 0 end), 0) as yellow
      from merchants where alliance_id = ${allianceId}`.execute(db),
    sql<{ s: unknown; c: unknown }>`select coalesce(credit_stars, 0) as s, count(*) as c from merchants
      where alliance_id = ${allianceId} and status = 'operating' group by coalesce(credit_stars, 0)`.execute(db),
  ]);
  const t = totals.rows[0];
  const byStars = new Map(stars.rows.map((r) => [n(r.s), n(r.c)]));
  return {
    merchants: n(t?.merchants),
    operating: n(t?.operating),
    monitoringPoints: n(t?.points),
    redFlags: n(t?.red),
    yellowFlags: n(t?.yellow),
    stars: [0, 1, 2, 3, 4, 5].map((s) => ({ stars: s, count: byStars.get(s) ?? 0 })),
  };
}

/** The alliance's top-level projects (项目清单) by status, the overdue ones and their average progress (cancelled left out). */
export async function projectCounts(db: Db, allianceId: string, today: string) {
  const { rows } = await sql<{ total: unknown; done: unknown; doing: unknown; overdue: unknown; progress: unknown }>`select count(*) as total,
      coalesce(sum(case when status = 'done' then 1 else 0 end), 0) as done,
      coalesce(sum(case when status = 'in_progress' then 1 else 0 end), 0) as doing,
      coalesce(sum(case when deadline is not null and deadline < ${today} and status in ('planned', 'in_progress') then 1 else 0 end), 0) as overdue,
      avg(progress) as progress
    from projects where alliance_id = ${allianceId} and parent_id is null and status <> 'cancelled'`.execute(db);
  const r = rows[0];
  const total = n(r?.total);
  return {
    total,
    done: n(r?.done),
    inProgress: n(r?.doing),
    overdue: n(r?.overdue),
    averageProgress: total > 0 && r?.progress !== null && r?.progress !== undefined ? Math.round(Number(r.progress)) : null,
  };
}

/** Joint meetings held in [from, to), their resolutions, and the 吹哨 items still waiting for a meeting. */
export async function meetingCounts(db: Db, allianceId: string, from: number, to: number) {
  const [held, resolutions, waiting] = await Promise.all([
    sql<{ c: unknown }>`select count(*) as c from meetings
      where alliance_id = ${allianceId} and status = 'held' and held_at >= ${from} and held_at < ${to}`.execute(db),
    sql<{ c: unknown }>`select count(*) as c from resolutions r join meetings m on m.id = r.meeting_id
      where r.alliance_id = ${allianceId} and m.status = 'held' and m.held_at >= ${from} and m.held_at < ${to}`.execute(db),
    sql<{ c: unknown }>`select count(*) as c from agenda_candidates where alliance_id = ${allianceId} and meeting_id is null`.execute(db),
  ]);
  return { heldThisYear: n(held.rows[0]?.c), resolutionsThisYear: n(resolutions.rows[0]?.c), agendaWaiting: n(waiting.rows[0]?.c) };
}
