/** SQL of the credit module (十二分制 ledger, cycles, flags, plaques, rounds, promises, objections, notices). */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { CreditAccountTable, CreditCycleTable, CreditEntryTable, CreditItemTable, CreditPlaqueTable } from '../../db/tables/credit.ts';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps } from '../../lib/context.ts';

/** A merchant of the alliance inside the given scope expression (the merchants module's merchantScope). */
export function visibleMerchant(db: Db, allianceId: string, scope: Expression<SqlBool>, id: string): Promise<MerchantTable | undefined> {
  return db.selectFrom('merchants').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).where(scope).executeTakeFirst();
}

export function merchantById(db: Db, id: string): Promise<MerchantTable | undefined> {
  return db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateMerchantSummary(
  db: Db,
  id: string,
  s: { credit_points: number; credit_stars: number; credit_flag: string | null; plaques: string; updated_at: number },
): Promise<void> {
  await db.updateTable('merchants').set(s).where('id', '=', id).execute();
}

export async function setMerchantPromise(db: Db, id: string, text: string, now: number): Promise<void> {
  await db.updateTable('merchants').set({ promise: text, updated_at: now }).where('id', '=', id).execute();
}

// ---- settings and catalogue

export async function settingsJson(db: Db, allianceId: string): Promise<string | null> {
  const r = await db.selectFrom('credit_settings').select('config').where('alliance_id', '=', allianceId).executeTakeFirst();
  return r?.config ?? null;
}

export async function saveSettings(db: Db, allianceId: string, config: string, now: number): Promise<void> {
  await db
    .insertInto('credit_settings')
    .values({ alliance_id: allianceId, config, updated_at: now })
    .onConflict((oc) => oc.column('alliance_id').doUpdateSet({ config, updated_at: now }))
    .execute();
}

export async function countItems(db: Db, allianceId: string): Promise<number> {
  const r = await db
    .selectFrom('credit_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alliance_id', '=', allianceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertItemsIfMissing(db: Db, rows: CreditItemTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('credit_items')
    .values(rows)
    .onConflict((oc) => oc.columns(['alliance_id', 'code']).doNothing())
    .execute();
}

export function listItems(db: Db, allianceId: string): Promise<CreditItemTable[]> {
  return db.selectFrom('credit_items').selectAll().where('alliance_id', '=', allianceId).orderBy('sort_order').orderBy('created_at').execute();
}

export function itemById(db: Db, allianceId: string, id: string): Promise<CreditItemTable | undefined> {
  return db.selectFrom('credit_items').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
}

export function itemByCode(db: Db, allianceId: string, code: string): Promise<CreditItemTable | undefined> {
  return db.selectFrom('credit_items').selectAll().where('code', '=', code).where('alliance_id', '=', allianceId).executeTakeFirst();
}

export async function insertItem(db: Db, row: CreditItemTable): Promise<void> {
  await db.insertInto('credit_items').values(row).execute();
}

export async function updateItem(db: Db, id: string, patch: Partial<CreditItemTable>): Promise<void> {
  await db.updateTable('credit_items').set(patch).where('id', '=', id).execute();
}

// ---- accounts and cycles

export async function insertCycleIfMissing(db: Db, row: CreditCycleTable): Promise<CreditCycleTable> {
  await db
    .insertInto('credit_cycles')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'starts_at']).doNothing())
    .execute();
  return db.selectFrom('credit_cycles').selectAll().where('merchant_id', '=', row.merchant_id).where('starts_at', '=', row.starts_at).executeTakeFirstOrThrow();
}

export async function insertAccountIfMissing(db: Db, row: CreditAccountTable): Promise<void> {
  await db
    .insertInto('credit_accounts')
    .values(row)
    .onConflict((oc) => oc.column('merchant_id').doNothing())
    .execute();
}

/** The account row, locked for the rest of the transaction on PostgreSQL (SQLite serialises write transactions). */
export async function lockAccount(db: Db, kind: Deps['dbKind'], merchantId: string): Promise<CreditAccountTable | undefined> {
  let q = db.selectFrom('credit_accounts').selectAll().where('merchant_id', '=', merchantId);
  if (kind === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export function account(db: Db, merchantId: string): Promise<CreditAccountTable | undefined> {
  return db.selectFrom('credit_accounts').selectAll().where('merchant_id', '=', merchantId).executeTakeFirst();
}

export async function updateAccount(db: Db, merchantId: string, patch: Partial<CreditAccountTable>): Promise<void> {
  await db.updateTable('credit_accounts').set(patch).where('merchant_id', '=', merchantId).execute();
}

export function cycleById(db: Db, id: string): Promise<CreditCycleTable | undefined> {
  return db.selectFrom('credit_cycles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function closeCycle(db: Db, id: string, closing: number, at: number): Promise<void> {
  await db.updateTable('credit_cycles').set({ closing_points: closing, closed_at: at }).where('id', '=', id).where('closed_at', 'is', null).execute();
}

export function cyclesOf(db: Db, merchantId: string): Promise<CreditCycleTable[]> {
  return db.selectFrom('credit_cycles').selectAll().where('merchant_id', '=', merchantId).orderBy('starts_at', 'desc').execute();
}

export function cycleContaining(db: Db, merchantId: string, at: number): Promise<CreditCycleTable | undefined> {
  return db
    .selectFrom('credit_cycles')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .executeTakeFirst();
}

// ---- ledger

export async function lastEntryOfCycle(db: Db, cycleId: string, atOrBefore?: number): Promise<CreditEntryTable | undefined> {
  let q = db.selectFrom('credit_entries').selectAll().where('cycle_id', '=', cycleId);
  if (atOrBefore !== undefined) q = q.where('at', '<=', atOrBefore);
  return q.orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function nextSeq(db: Db, merchantId: string): Promise<number> {
  const r = await db
    .selectFrom('credit_entries')
    .select((eb) => eb.fn.max('seq').as('s'))
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return r?.s === null || r?.s === undefined ? 1 : Number(r.s) + 1;
}

export async function insertEntry(db: Db, row: CreditEntryTable): Promise<void> {
  await db.insertInto('credit_entries').values(row).execute();
}

export function entryOf(db: Db, merchantId: string, id: string): Promise<CreditEntryTable | undefined> {
  return db.selectFrom('credit_entries').selectAll().where('id', '=', id).where('merchant_id', '=', merchantId).executeTakeFirst();
}

export function entriesOf(db: Db, merchantId: string, limit: number): Promise<CreditEntryTable[]> {
  return db.selectFrom('credit_entries').selectAll().where('merchant_id', '=', merchantId).orderBy('seq', 'desc').limit(limit).execute();
}

/** Points already given back (or taken again) by entries that correct or reverse the given entry. */
export async function correctedPoints(db: Db, entryId: string): Promise<number> {
  const r = await db
    .selectFrom('credit_entries')
    .select((eb) => eb.fn.sum<number>('points_applied').as('p'))
    .where('corrects_entry_id', '=', entryId)
    .executeTakeFirst();
  return Number(r?.p ?? 0);
}

/** The deduction the one-step complaint verdict wrote for a ticket, if any. */
export function deductionOfTicket(db: Db, ticketId: string): Promise<CreditEntryTable | undefined> {
  return db.selectFrom('credit_entries').selectAll().where('ticket_id', '=', ticketId).where('kind', '=', 'deduction').executeTakeFirst();
}

/** Points deducted by deductions dated in [start, end), less what corrections and reversals of them gave back. */
export async function deductedIn(db: Db, merchantId: string, start: number, end: number): Promise<number> {
  const d = await db
    .selectFrom('credit_entries')
    .select((eb) => eb.fn.sum<number>('points_applied').as('p'))
    .where('merchant_id', '=', merchantId)
    .where('kind', '=', 'deduction')
    .where('at', '>=', start)
    .where('at', '<', end)
    .executeTakeFirst();
  const back = await db
    .selectFrom('credit_entries as c')
    .innerJoin('credit_entries as e', 'e.id', 'c.corrects_entry_id')
    .select((eb) => eb.fn.sum<number>('c.points_applied').as('p'))
    .where('e.merchant_id', '=', merchantId)
    .where('e.kind', '=', 'deduction')
    .where('e.at', '>=', start)
    .where('e.at', '<', end)
    .executeTakeFirst();
  return Math.max(0, Number(d?.p ?? 0) - Number(back?.p ?? 0));
}

// ---- consequences, flags

/** Records a threshold firing; true only for the first firing of that threshold in the cycle. */
export async function claimFire(
  db: Db,
  row: { cycle_id: string; threshold: number; alliance_id: string; merchant_id: string; entry_id: string; actions: string; fired_at: number },
): Promise<boolean> {
  const r = await db
    .insertInto('credit_fires')
    .values(row)
    .onConflict((oc) => oc.columns(['cycle_id', 'threshold']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function flagRow(db: Db, merchantId: string, month: string) {
  return db.selectFrom('credit_flags').selectAll().where('merchant_id', '=', merchantId).where('month', '=', month).executeTakeFirst();
}

export async function upsertFlag(
  db: Db,
  row: { merchant_id: string; month: string; alliance_id: string; flag: string | null; reasons: string; consequence_yellow: number; computed_at: number },
): Promise<void> {
  await db
    .insertInto('credit_flags')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['merchant_id', 'month'])
        .doUpdateSet({ flag: row.flag, reasons: row.reasons, consequence_yellow: row.consequence_yellow, computed_at: row.computed_at }),
    )
    .execute();
}

export function flagsOf(db: Db, merchantId: string, limit: number) {
  return db.selectFrom('credit_flags').selectAll().where('merchant_id', '=', merchantId).orderBy('month', 'desc').limit(limit).execute();
}

// ---- facts from tickets

export async function upheldComplaints(db: Db, merchantId: string, start: number, end: number): Promise<number> {
  const r = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merchant_id', '=', merchantId)
    .where('complaint_verdict', '=', 'upheld')
    .where('verdict_at', '>=', start)
    .where('verdict_at', '<', end)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function ratings(db: Db, merchantId: string, since: number): Promise<{ avg: number | null; n: number }> {
  const r = await db
    .selectFrom('tickets')
    .select((eb) => [eb.fn.avg<number>('rating_stars').as('a'), eb.fn.count<number>('rating_stars').as('n')])
    .where('merchant_id', '=', merchantId)
    .where('rating_stars', 'is not', null)
    .where('rated_at', '>=', since)
    .executeTakeFirstOrThrow();
  const n = Number(r.n);
  return { avg: n === 0 || r.a === null ? null : Number(r.a), n };
}

export const PARTICIPATION_KINDS = ['need', 'report', 'hazard', 'wish'] as const;

/** Cases the operator (through any account linked to the person) reported in the window, not cancelled or merged. */
export async function participation(db: Db, allianceId: string, personId: string | null, since: number): Promise<number> {
  if (!personId) return 0;
  const r = await db
    .selectFrom('tickets')
    .innerJoin('users', 'users.id', 'tickets.reporter_user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('users.person_id', '=', personId)
    .where('tickets.alliance_id', '=', allianceId)
    .where('tickets.kind', 'in', PARTICIPATION_KINDS)
    .where('tickets.status', 'not in', ['cancelled', 'merged'])
    .where('tickets.created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The same three facts for every merchant of an alliance at once (evaluation rounds). */
export async function alliancefacts(db: Db, allianceId: string, cycleStart: number, since: number) {
  const upheld = await db
    .selectFrom('tickets')
    .select(['merchant_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('alliance_id', '=', allianceId)
    .where('merchant_id', 'is not', null)
    .where('complaint_verdict', '=', 'upheld')
    .where('verdict_at', '>=', cycleStart)
    .groupBy('merchant_id')
    .execute();
  const rated = await db
    .selectFrom('tickets')
    .select(['merchant_id', (eb) => eb.fn.avg<number>('rating_stars').as('a')])
    .where('alliance_id', '=', allianceId)
    .where('merchant_id', 'is not', null)
    .where('rating_stars', 'is not', null)
    .where('rated_at', '>=', since)
    .groupBy('merchant_id')
    .execute();
  const part = await db
    .selectFrom('tickets')
    .innerJoin('users', 'users.id', 'tickets.reporter_user_id')
    .select(['users.person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tickets.alliance_id', '=', allianceId)
    .where('users.person_id', 'is not', null)
    .where('tickets.kind', 'in', PARTICIPATION_KINDS)
    .where('tickets.status', 'not in', ['cancelled', 'merged'])
    .where('tickets.created_at', '>=', since)
    .groupBy('users.person_id')
    .execute();
  return {
    upheld: new Map(upheld.map((r) => [r.merchant_id as string, Number(r.n)])),
    rating: new Map(rated.map((r) => [r.merchant_id as string, Number(r.a)])),
    participation: new Map(part.map((r) => [r.person_id as string, Number(r.n)])),
  };
}

// ---- plaques

export function activePlaques(db: Db, merchantId: string, now: number): Promise<CreditPlaqueTable[]> {
  return db
    .selectFrom('credit_plaques')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .orderBy('granted_at')
    .execute();
}

export function plaquesOf(db: Db, merchantId: string): Promise<CreditPlaqueTable[]> {
  return db.selectFrom('credit_plaques').selectAll().where('merchant_id', '=', merchantId).orderBy('granted_at', 'desc').execute();
}

export async function insertPlaque(db: Db, row: CreditPlaqueTable): Promise<void> {
  await db.insertInto('credit_plaques').values(row).execute();
}

/** Takes plaques down (only those still up); returns the rows it changed. */
export async function revokePlaques(
  db: Db,
  merchantId: string,
  kinds: readonly string[],
  now: number,
  reason: string,
  by: string | null,
): Promise<CreditPlaqueTable[]> {
  if (kinds.length === 0) return [];
  const up = await activePlaques(db, merchantId, now);
  const hit = up.filter((p) => kinds.includes(p.kind));
  for (const p of hit) {
    await db
      .updateTable('credit_plaques')
      .set({ revoked_at: now, revoke_reason: reason, revoked_by_name: by })
      .where('id', '=', p.id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return hit;
}

export async function renewPlaque(db: Db, id: string, validUntil: number | null): Promise<void> {
  await db.updateTable('credit_plaques').set({ valid_until: validUntil }).where('id', '=', id).execute();
}

/** Plaques whose validity ran out but are not marked yet (the clock marks them 'expired'). */
export function expiredPlaques(db: Db, now: number, limit: number) {
  return db
    .selectFrom('credit_plaques')
    .select(['id', 'merchant_id', 'alliance_id', 'kind'])
    .where('revoked_at', 'is', null)
    .where('valid_until', '<=', now)
    .limit(limit)
    .execute();
}

export async function expirePlaque(db: Db, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('credit_plaques')
    .set({ revoked_at: at, revoke_reason: 'expired', revoked_by_name: null })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- background job candidates

export function accountsToRoll(db: Db, now: number, limit: number) {
  return db.selectFrom('credit_accounts').select(['merchant_id']).where('cycle_ends_at', '<=', now).limit(limit).execute();
}

export function accountsWithStaleFlag(db: Db, month: string, limit: number) {
  return db.selectFrom('credit_accounts').select(['merchant_id']).where('flag_month', '<', month).limit(limit).execute();
}

/** Merchants with a case about them rated since their summary was written (within `since`): their stars are stale. */
export async function accountsWithNewRatings(db: Db, kind: 'sqlite' | 'postgres', since: number, limit: number): Promise<Array<{ merchant_id: string }>> {
  // the partial index of migration 0020 (its condition spelled out); SQLite is told to use it, because until the next
  // start has analysed it the planner walks every case of every merchant instead. `>=`: a rating written in the same
  // millisecond as the summary may have come after it
  const index = kind === 'sqlite' ? sql`indexed by tickets_merchant_rated` : sql``;
  const r = await sql<{ merchant_id: string }>`select distinct a.merchant_id from tickets t ${index}
    join credit_accounts a on a.merchant_id = t.merchant_id
    where t.merchant_id is not null and t.rated_at is not null and t.rated_at > ${since}
      and t.rated_at >= a.updated_at
    limit ${limit}`.execute(db);
  return r.rows;
}

/**
 * Merchants whose operator reported a case that counts as participation since their summary was written (within
 * `since`): from the accounts linked to a person, through the merchants that person runs, to that account's cases.
 */
export async function accountsWithNewParticipation(db: Db, since: number, limit: number): Promise<Array<{ merchant_id: string }>> {
  const kinds = sql.join(PARTICIPATION_KINDS.map((k) => sql`${k}`));
  // accounts linked to a person are far fewer than merchants: CROSS JOIN keeps SQLite's planner starting from them
  const r = await sql<{ merchant_id: string }>`select distinct a.merchant_id from users u
    cross join merchants m
    join credit_accounts a on a.merchant_id = m.id
    where u.person_id is not null and m.operator_person_id = u.person_id
      and exists (select 1 from tickets t where t.reporter_user_id = u.id and t.alliance_id = m.alliance_id
        and t.created_at > ${since} and t.created_at >= a.updated_at and t.kind in (${kinds}))
    limit ${limit}`.execute(db);
  return r.rows;
}

export function merchantsWithoutAccount(db: Db, limit: number) {
  return db
    .selectFrom('merchants')
    .leftJoin('credit_accounts', 'credit_accounts.merchant_id', 'merchants.id')
    .select(['merchants.id as merchant_id'])
    .where('credit_accounts.merchant_id', 'is', null)
    .limit(limit)
    .execute();
}

export { claimLease } from '../../db/leases.ts';
