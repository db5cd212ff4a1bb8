/**
 * What `tongxin recount` re-derives of the tickets module: each case's reopen count from its timeline, the alliance's
 * day counters of case numbers from the numbers taken, and the search rows of cases that lost theirs.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../../db/index.ts';
import type { Drift, Recounter } from '../../lib/recount.ts';
import { indexTicket, ticketTokens } from './tickets.tokens.ts';

// a rating that does not close the case sends it back to accepted (tickets.actions 'rate'/'callback'): one reopen
const reopens = (db: Db) =>
  db
    .selectFrom('ticket_events')
    .select(['ticket_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('action', 'in', ['rate', 'callback'])
    .where('from_status', '=', 'resolved')
    .where('to_status', '=', 'accepted')
    .groupBy('ticket_id');

// a case whose timeline starts with its 'create' event has all of it; bulk-generated history keeps only its recent
// cases' timelines (docs/OPERATIONS.md "City-scale data"), and there the stored count is all there is
const hasTimeline = (eb: ExpressionBuilder<Database, 'tickets'>) =>
  eb.exists(eb.selectFrom('ticket_events as e').select('e.id').whereRef('e.ticket_id', '=', 'tickets.id').where('e.action', '=', 'create'));

/** tickets.reopen_count: the ratings on the case's timeline that reopened it (cases whose timeline was kept). */
export const reopenRecounter: Recounter = {
  name: 'tickets.reopen_count',
  async check(_deps, db, allianceId) {
    const counted = new Map((await reopens(db).where('alliance_id', '=', allianceId).execute()).map((r) => [r.ticket_id, Number(r.n)]));
    const rows = await db.selectFrom('tickets').select(['id', 'reopen_count']).where('alliance_id', '=', allianceId).where(hasTimeline).orderBy('id').execute();
    const out: Drift[] = [];
    for (const t of rows) {
      const n = counted.get(t.id) ?? 0;
      if (Number(t.reopen_count) !== n) out.push({ id: t.id, stored: Number(t.reopen_count), derived: n });
    }
    return out;
  },
  async fix(_deps, trx, drifts) {
    for (const d of drifts) {
      // the row is locked first (a write that changes nothing): a rating committing meanwhile is counted, not overwritten
      await trx
        .updateTable('tickets')
        .set((eb) => ({ reopen_count: eb.ref('reopen_count') }))
        .where('id', '=', d.id)
        .execute();
      const r = await reopens(trx).where('ticket_id', '=', d.id).executeTakeFirst();
      await trx
        .updateTable('tickets')
        .set({ reopen_count: Number(r?.n ?? 0) })
        .where('id', '=', d.id)
        .where(hasTimeline)
        .execute();
    }
  },
};

// `<CODE>-YYYYMMDD-NNNN` (tickets.intake.repo): the day and the sequence taken that day
const NUMBER = /-(\d{8})-(\d+)$/;

/** The highest sequence each day's numbers reached in the alliance. */
async function highestPerDay(db: Db, allianceId: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of await db.selectFrom('tickets').select('number').where('alliance_id', '=', allianceId).execute()) {
    const m = NUMBER.exec(t.number);
    if (!m?.[1] || !m[2]) continue;
    out.set(m[1], Math.max(out.get(m[1]) ?? 0, Number(m[2])));
  }
  return out;
}

/**
 * ticket_counters.seq: at least the highest number taken that day. Only ever raised — a counter lowered would hand out
 * a number again (and a counter above the numbers is a case whose intake rolled back, not a difference).
 */
export const dayCounterRecounter: Recounter = {
  name: 'ticket_counters.seq',
  async check(_deps, db, allianceId) {
    const highest = await highestPerDay(db, allianceId);
    const stored = new Map(
      (await db.selectFrom('ticket_counters').select(['day', 'seq']).where('alliance_id', '=', allianceId).execute()).map((r) => [r.day, Number(r.seq)]),
    );
    const out: Drift[] = [];
    for (const [day, seq] of [...highest].sort(([a], [b]) => a.localeCompare(b))) {
      const has = stored.get(day);
      if (has === undefined || has < seq) out.push({ id: day, stored: has ?? null, derived: seq });
    }
    return out;
  },
  async fix(_deps, trx, drifts, actor) {
    const highest = await highestPerDay(trx, actor.allianceId);
    for (const d of drifts) {
      const seq = highest.get(d.id);
      if (seq === undefined) continue;
      await trx
        .insertInto('ticket_counters')
        .values({ alliance_id: actor.allianceId, day: d.id, seq })
        .onConflict((oc) =>
          oc.columns(['alliance_id', 'day']).doUpdateSet({ seq: sql<number>`case when ticket_counters.seq < ${seq} then ${seq} else ticket_counters.seq end` }),
        )
        .execute();
    }
  },
};

/** The alliance's tickets without a search row whose text has tokens (a case without any never gets a row). */
async function unindexed(db: Db, allianceId: string, only?: ReadonlySet<string>): Promise<Array<{ id: string; tokens: string[] }>> {
  // the ids are compared in memory: SQLite's FTS5 table cannot be probed by ticket_id (an unindexed column)
  const indexed = new Set((await db.selectFrom('ticket_search').select('ticket_id').where('alliance_id', '=', allianceId).execute()).map((r) => r.ticket_id));
  const ids = (await db.selectFrom('tickets').select('id').where('alliance_id', '=', allianceId).orderBy('id').execute())
    .map((r) => r.id)
    .filter((id) => !indexed.has(id) && (!only || only.has(id)));
  const out: Array<{ id: string; tokens: string[] }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('tickets')
      .select(['id', 'title', 'description'])
      .where('id', 'in', ids.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const tokens = ticketTokens(r.title, r.description);
      if (tokens.length > 0) out.push({ id: r.id, tokens });
    }
  }
  return out;
}

/** ticket_search: a missing row is rebuilt from the case's title and description, as intake writes it. */
export const searchRecounter: Recounter = {
  name: 'ticket_search',
  async check(_deps, db, allianceId) {
    return (await unindexed(db, allianceId)).map((t) => ({ id: t.id, stored: null, derived: `${t.tokens.length} tokens` }));
  },
  async fix(deps, trx, drifts, actor) {
    for (const t of await unindexed(trx, actor.allianceId, new Set(drifts.map((d) => d.id))))
      await indexTicket(trx, deps.dbKind, actor.allianceId, t.id, t.tokens);
  },
};

/** Every tickets summary `tongxin recount` re-derives. */
export const ticketRecounters: readonly Recounter[] = [reopenRecounter, dayCounterRecounter, searchRecounter];
