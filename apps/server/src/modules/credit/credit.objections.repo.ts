/** SQL of promises, objections, notices and evaluation rounds. */
import { upheldSummary } from '@tongxin/domain';
import type { Expression, SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { CreditNoticeTable, CreditObjectionTable, CreditPromiseTable, CreditRoundCandidateTable, CreditRoundTable } from '../../db/tables/credit.ts';
import type { TicketTable } from '../../db/types.ts';
import type { Deps } from '../../lib/context.ts';
import type { ObjectionRow } from './credit.view.ts';

export async function insertPromise(db: Db, row: CreditPromiseTable): Promise<void> {
  await db.insertInto('credit_promises').values(row).execute();
}

export function promisesOf(db: Db, merchantId: string): Promise<CreditPromiseTable[]> {
  return db.selectFrom('credit_promises').selectAll().where('merchant_id', '=', merchantId).orderBy('created_at', 'desc').limit(50).execute();
}

// ---- objections

function objections(db: Db) {
  return db
    .selectFrom('credit_objections')
    .innerJoin('merchants', 'merchants.id', 'credit_objections.merchant_id')
    .leftJoin('tickets', 'tickets.id', 'credit_objections.ticket_id')
    .leftJoin('credit_entries as ce', 'ce.id', 'credit_objections.entry_id')
    .selectAll('credit_objections')
    .select([
      'merchants.name as merchant_name',
      'tickets.number as ticket_number',
      'tickets.title as ticket_title',
      'ce.item_name as entry_item_name',
      'ce.points_applied as entry_points',
      'ce.at as entry_at',
      'ce.place as entry_place',
      'ce.note as entry_note',
      'ce.inspector_name as entry_inspector',
      'ce.photos as entry_photos',
    ]);
}

export function objectionsOfMerchant(db: Db, merchantId: string): Promise<ObjectionRow[]> {
  return objections(db).where('credit_objections.merchant_id', '=', merchantId).orderBy('credit_objections.filed_at', 'desc').execute();
}

/** One objection of the alliance whose merchant lies within the scope expression (merchantScope, on `merchants.*`). */
export function objectionById(db: Db, allianceId: string, id: string, scope: Expression<SqlBool>): Promise<ObjectionRow | undefined> {
  return objections(db).where('credit_objections.id', '=', id).where('credit_objections.alliance_id', '=', allianceId).where(scope).executeTakeFirst();
}

/** A page of the alliance's objections whose merchants lie within the scope expression, newest first, and their total. */
export async function listObjections(
  db: Db,
  allianceId: string,
  scope: Expression<SqlBool>,
  f: { status?: string | undefined; merchantId?: string | undefined },
  offset: number,
  limit: number,
): Promise<{ items: ObjectionRow[]; total: number }> {
  let q = objections(db).where('credit_objections.alliance_id', '=', allianceId).where(scope);
  if (f.status) q = q.where('credit_objections.status', '=', f.status);
  if (f.merchantId) q = q.where('credit_objections.merchant_id', '=', f.merchantId);
  const items = await q.orderBy('credit_objections.filed_at', 'desc').offset(offset).limit(limit).execute();
  // the count joins the merchant too: the scope expression is written on merchants.*
  let c = db
    .selectFrom('credit_objections')
    .innerJoin('merchants', 'merchants.id', 'credit_objections.merchant_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('credit_objections.alliance_id', '=', allianceId)
    .where(scope);
  if (f.status) c = c.where('credit_objections.status', '=', f.status);
  if (f.merchantId) c = c.where('credit_objections.merchant_id', '=', f.merchantId);
  return { items, total: Number((await c.executeTakeFirstOrThrow()).n) };
}

export function objectionFor(db: Db, target: { entryId?: string | undefined; ticketId?: string | undefined }) {
  let q = db.selectFrom('credit_objections').select(['id', 'status']);
  q = target.entryId ? q.where('entry_id', '=', target.entryId) : q.where('ticket_id', '=', target.ticketId ?? '');
  return q.executeTakeFirst();
}

export async function insertObjection(db: Db, row: CreditObjectionTable): Promise<void> {
  await db.insertInto('credit_objections').values(row).execute();
}

/** Decides a pending objection; false when it was decided meanwhile. */
export async function decideObjection(db: Db, id: string, patch: Partial<CreditObjectionTable>): Promise<boolean> {
  const r = await db.updateTable('credit_objections').set(patch).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setObjectionReversal(db: Db, id: string, entryId: string): Promise<void> {
  await db.updateTable('credit_objections').set({ reversal_entry_id: entryId }).where('id', '=', id).execute();
}

// ---- tickets (complaint verdicts)

/** A ticket of the alliance, without the data scope: for a caller that has reached the ticket's merchant already. */
export function ticketOf(db: Db, allianceId: string, id: string): Promise<TicketTable | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
}

/** A ticket of the alliance within the scope expression (ticketScope, on `tickets.*`). */
export function ticketInScope(db: Db, allianceId: string, id: string, scope: Expression<SqlBool>): Promise<TicketTable | undefined> {
  return db.selectFrom('tickets').selectAll().where('tickets.id', '=', id).where('tickets.alliance_id', '=', allianceId).where(scope).executeTakeFirst();
}

export async function lockTicketRow(db: Db, kind: Deps['dbKind'], id: string): Promise<void> {
  if (kind === 'postgres') await db.selectFrom('tickets').select('id').where('id', '=', id).forUpdate().execute();
}

/** A ticket of the alliance within the scope expression, with its merchant's name. */
export function verdictRow(db: Db, allianceId: string, id: string, scope: Expression<SqlBool>) {
  return db
    .selectFrom('tickets')
    .leftJoin('merchants', 'merchants.id', 'tickets.merchant_id')
    .select(['tickets.id', 'tickets.kind', 'tickets.merchant_id', 'tickets.complaint_verdict', 'tickets.verdict_at', 'merchants.name as merchant_name'])
    .where('tickets.id', '=', id)
    .where('tickets.alliance_id', '=', allianceId)
    .where(scope)
    .executeTakeFirst();
}

/** Sets the verdict only if none was given: true for the one caller that wins. Keeps the merchant's upheld summary. */
export async function setVerdict(db: Db, id: string, merchantId: string, verdict: 'upheld' | 'rejected', at: number): Promise<boolean> {
  const r = await db
    .updateTable('tickets')
    .set({ complaint_verdict: verdict, verdict_at: at, updated_at: at })
    .where('id', '=', id)
    .where('complaint_verdict', 'is', null)
    .executeTakeFirst();
  const won = Number(r.numUpdatedRows) === 1;
  if (won && verdict === 'upheld') await recountUpheld(db, merchantId);
  return won;
}

/** An upheld objection overturns the verdict (the complaint no longer counts as upheld, on the public page either). */
export async function overturnVerdict(db: Db, id: string, merchantId: string, at: number): Promise<void> {
  await db.updateTable('tickets').set({ complaint_verdict: 'rejected', updated_at: at }).where('id', '=', id).execute();
  await recountUpheld(db, merchantId);
}

/**
 * Writes a merchant's upheld-complaint summary (upheld_year, upheld_count: domain upheldSummary) from its tickets, in
 * the caller's transaction. The public page reads these two columns instead of counting tickets on every scan, so
 * every change of a verdict goes through here.
 */
export async function recountUpheld(db: Db, merchantId: string): Promise<void> {
  // the merchant's row is locked first (a write that changes nothing): on PostgreSQL a concurrent verdict on the same
  // shop then waits for this transaction and counts after it, instead of both counting before either committed
  await db
    .updateTable('merchants')
    .set((eb) => ({ upheld_count: eb.ref('upheld_count') }))
    .where('id', '=', merchantId)
    .execute();
  const rows = await db
    .selectFrom('tickets')
    .select('verdict_at')
    .where('merchant_id', '=', merchantId)
    .where('complaint_verdict', '=', 'upheld')
    .where('verdict_at', 'is not', null)
    .execute();
  const s = upheldSummary(rows.map((r) => Number(r.verdict_at)));
  await db.updateTable('merchants').set({ upheld_year: s.year, upheld_count: s.count }).where('id', '=', merchantId).execute();
}

/** The instants of the upheld verdicts of each merchant (of one alliance, or of all): the source of the upheld summary. */
export async function upheldTimes(db: Db, allianceId?: string): Promise<Map<string, number[]>> {
  let q = db
    .selectFrom('tickets')
    .select(['merchant_id', 'verdict_at'])
    .where('complaint_verdict', '=', 'upheld')
    .where('merchant_id', 'is not', null)
    .where('verdict_at', 'is not', null);
  if (allianceId !== undefined) q = q.where('alliance_id', '=', allianceId);
  const times = new Map<string, number[]>();
  for (const r of await q.execute()) {
    const list = times.get(r.merchant_id as string) ?? [];
    list.push(Number(r.verdict_at));
    times.set(r.merchant_id as string, list);
  }
  return times;
}

/** recountUpheld for every merchant with an upheld complaint (after a bulk import of cases); returns how many. */
export async function recountAllUpheld(db: Db): Promise<number> {
  const times = await upheldTimes(db);
  await db.transaction().execute(async (trx) => {
    for (const [id, list] of times) {
      const s = upheldSummary(list);
      await trx.updateTable('merchants').set({ upheld_year: s.year, upheld_count: s.count }).where('id', '=', id).execute();
    }
  });
  return times.size;
}

// ---- notices

export type NoticeRow = CreditNoticeTable & { merchant_name: string };

/** A page of the alliance's notices about merchants within the scope expression (merchantScope, on `merchants.*`), newest first, and their total. */
export async function notices(
  db: Db,
  allianceId: string,
  scope: Expression<SqlBool>,
  f: { audience?: string | undefined; merchantId?: string | undefined },
  offset: number,
  limit: number,
): Promise<{ items: NoticeRow[]; total: number }> {
  let q = db
    .selectFrom('credit_notices')
    .innerJoin('merchants', 'merchants.id', 'credit_notices.merchant_id')
    .selectAll('credit_notices')
    .select('merchants.name as merchant_name')
    .where('credit_notices.alliance_id', '=', allianceId)
    .where(scope);
  // the count joins the merchant too: the scope expression is written on merchants.*
  let c = db
    .selectFrom('credit_notices')
    .innerJoin('merchants', 'merchants.id', 'credit_notices.merchant_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('credit_notices.alliance_id', '=', allianceId)
    .where(scope);
  if (f.audience) {
    q = q.where('credit_notices.audience', '=', f.audience);
    c = c.where('credit_notices.audience', '=', f.audience);
  }
  if (f.merchantId) {
    q = q.where('credit_notices.merchant_id', '=', f.merchantId);
    c = c.where('credit_notices.merchant_id', '=', f.merchantId);
  }
  const items = await q.orderBy('credit_notices.created_at', 'desc').orderBy('credit_notices.id', 'desc').offset(offset).limit(limit).execute();
  return { items, total: Number((await c.executeTakeFirstOrThrow()).n) };
}

// ---- evaluation rounds

export async function insertRound(db: Db, row: CreditRoundTable): Promise<void> {
  await db.insertInto('credit_rounds').values(row).execute();
}

export function roundById(db: Db, allianceId: string, id: string): Promise<CreditRoundTable | undefined> {
  return db.selectFrom('credit_rounds').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
}

export async function listRounds(db: Db, allianceId: string, status: string | undefined, offset: number, limit: number) {
  let q = db.selectFrom('credit_rounds').selectAll().where('alliance_id', '=', allianceId);
  let c = db
    .selectFrom('credit_rounds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alliance_id', '=', allianceId);
  if (status) {
    q = q.where('status', '=', status);
    c = c.where('status', '=', status);
  }
  const items = await q.orderBy('created_at', 'desc').offset(offset).limit(limit).execute();
  return { items, total: Number((await c.executeTakeFirstOrThrow()).n) };
}

export async function roundCounts(db: Db, roundIds: string[]) {
  if (roundIds.length === 0) return new Map<string, { n: number; approved: number; rejected: number }>();
  const rows = await db
    .selectFrom('credit_round_candidates')
    .select(['round_id', 'decision', (eb) => eb.fn.countAll<number>().as('n')])
    .where('round_id', 'in', roundIds)
    .groupBy(['round_id', 'decision'])
    .execute();
  const out = new Map<string, { n: number; approved: number; rejected: number }>();
  for (const r of rows) {
    const c = out.get(r.round_id) ?? { n: 0, approved: 0, rejected: 0 };
    c.n += Number(r.n);
    if (r.decision === 'approved') c.approved += Number(r.n);
    if (r.decision === 'rejected') c.rejected += Number(r.n);
    out.set(r.round_id, c);
  }
  return out;
}

export async function insertCandidates(db: Db, rows: CreditRoundCandidateTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('credit_round_candidates')
      .values(rows.slice(i, i + 200))
      .execute();
}

export function candidatesOf(db: Db, roundId: string) {
  return db
    .selectFrom('credit_round_candidates')
    .innerJoin('merchants', 'merchants.id', 'credit_round_candidates.merchant_id')
    .selectAll('credit_round_candidates')
    .select('merchants.name as merchant_name')
    .where('round_id', '=', roundId)
    .orderBy('rank')
    .execute();
}

export async function decideCandidate(db: Db, roundId: string, merchantId: string, patch: Partial<CreditRoundCandidateTable>): Promise<boolean> {
  const r = await db.updateTable('credit_round_candidates').set(patch).where('round_id', '=', roundId).where('merchant_id', '=', merchantId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Closes an open round; false when it was finished meanwhile. */
export async function finishRound(db: Db, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('credit_rounds')
    .set({ status: 'finished', finished_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Operating merchants of the alliance with their summary columns, for ranking. */
export function rankableMerchants(db: Db, allianceId: string) {
  return db
    .selectFrom('merchants')
    .select(['id', 'name', 'credit_points', 'operator_person_id', 'party_member_operator', 'plaques', 'status'])
    .where('alliance_id', '=', allianceId)
    .where('status', '=', 'operating')
    .execute();
}
