import { creditSettingsOf, openingStars, type MerchantQuery } from '@tongxin/domain';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { MerchantImportReportTable, MerchantTable } from '../../db/types.ts';
import type { PhoneLookup } from '../../lib/crypto.ts';
import { containsText } from '../../db/like.ts';

/** A merchant row with the names of its grid, operator and liaison. */
export type MerchantRow = MerchantTable & { grid_name: string | null; operator_person_name: string | null; liaison_person_name: string | null };

/** The list's filters (merchantFilter): the query's, its phone as the blind indexes of the exact contact phone. */
export type MerchantFilter = Omit<MerchantQuery, 'page' | 'pageSize' | 'phone'> & { phoneBidx?: PhoneLookup };

function base(db: Db, allianceId: string, scope: Expression<SqlBool>, f: MerchantFilter) {
  let q = db.selectFrom('merchants').where('merchants.alliance_id', '=', allianceId).where(scope);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) =>
      eb.or([
        containsText('merchants.name', text),
        containsText('merchants.credit_code', text.toUpperCase()),
        containsText('merchants.address', text),
        containsText('merchants.operator_name', text),
      ]),
    );
  }
  if (f.gridId) {
    q = q.where(
      sql<SqlBool>`merchants.grid_id in (select g.id from grids g where g.alliance_id = ${allianceId} and g.path like (select p.path from grids p where p.id = ${f.gridId}) || '%')`,
    );
  }
  if (f.businessType) q = q.where('merchants.business_type', '=', f.businessType);
  if (f.status) q = q.where('merchants.status', '=', f.status);
  if (f.stars !== undefined) q = q.where('merchants.credit_stars', '=', f.stars);
  if (f.flag) q = q.where('merchants.credit_flag', '=', f.flag);
  // plaques is a JSON array of kinds: match the quoted kind
  if (f.plaque) q = q.where('merchants.plaques', 'like', `%"${f.plaque}"%`);
  if (f.pointsMin !== undefined) q = q.where('merchants.credit_points', '>=', f.pointsMin);
  if (f.pointsMax !== undefined) q = q.where('merchants.credit_points', '<=', f.pointsMax);
  if (f.monitoringPoint) q = q.where('merchants.monitoring_point', '=', f.monitoringPoint === 'true' ? 1 : 0);
  if (f.partyMember) q = q.where('merchants.party_member_operator', '=', f.partyMember === 'true' ? 1 : 0);
  if (f.phoneBidx) q = q.where('merchants.contact_phone_bidx', 'in', f.phoneBidx);
  return q;
}

function joined(q: ReturnType<typeof base>) {
  return q
    .leftJoin('grids', 'grids.id', 'merchants.grid_id')
    .leftJoin('people as op', 'op.id', 'merchants.operator_person_id')
    .leftJoin('people as li', 'li.id', 'merchants.liaison_person_id')
    .selectAll('merchants')
    .select(['grids.name as grid_name', 'op.name as operator_person_name', 'li.name as liaison_person_name']);
}

/** One page of merchants matching the filters, newest first, and the total. */
export async function list(db: Db, allianceId: string, scope: Expression<SqlBool>, f: MerchantFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    joined(base(db, allianceId, scope, f))
      .orderBy('merchants.created_at', 'desc')
      .orderBy('merchants.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute() as Promise<MerchantRow[]>,
    base(db, allianceId, scope, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The next page of the list after a row (newest first, the list's order) without a count: an export's pages. */
export async function listAfter(
  db: Db,
  allianceId: string,
  scope: Expression<SqlBool>,
  f: MerchantFilter,
  after: { createdAt: number; id: string } | null,
  limit: number,
): Promise<MerchantRow[]> {
  let q = joined(base(db, allianceId, scope, f));
  if (after)
    q = q.where(sql<SqlBool>`(merchants.created_at < ${after.createdAt} or (merchants.created_at = ${after.createdAt} and merchants.id < ${after.id}))`);
  return (await q.orderBy('merchants.created_at', 'desc').orderBy('merchants.id', 'desc').limit(limit).execute()) as MerchantRow[];
}

/** A merchant of the alliance within the scope, with names. */
export function get(db: Db, allianceId: string, scope: Expression<SqlBool>, id: string): Promise<MerchantRow | undefined> {
  return joined(base(db, allianceId, scope, {}))
    .where('merchants.id', '=', id)
    .executeTakeFirst() as Promise<MerchantRow | undefined>;
}

/** The merchant of the alliance with this credit code (any scope), for the uniqueness check. */
export function findByCreditCode(db: Db, allianceId: string, creditCode: string) {
  return db.selectFrom('merchants').select(['id']).where('alliance_id', '=', allianceId).where('credit_code', '=', creditCode).executeTakeFirst();
}

export async function insert(db: Db, row: MerchantTable): Promise<void> {
  await db.insertInto('merchants').values(row).execute();
}

// 27 columns: 400 rows stay far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters
const BATCH = 400;

/** Inserts many rows in multi-row INSERTs (the import's transaction). */
export async function insertMany(db: Db, rows: MerchantTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH)
    await db
      .insertInto('merchants')
      .values(rows.slice(i, i + BATCH))
      .execute();
}

export async function update(db: Db, id: string, patch: Partial<MerchantTable>): Promise<void> {
  await db.updateTable('merchants').set(patch).where('id', '=', id).execute();
}

/** The registry rows of the alliance whose credit codes are listed (the import's upsert key). */
export async function byCreditCodes(db: Db, allianceId: string, codes: string[]): Promise<MerchantTable[]> {
  const out: MerchantTable[] = [];
  for (let i = 0; i < codes.length; i += 900) {
    const part = codes.slice(i, i + 900);
    out.push(...(await db.selectFrom('merchants').selectAll().where('alliance_id', '=', allianceId).where('credit_code', 'in', part).execute()));
  }
  return out;
}

/** Ids of the given merchants that the scope reaches. */
export async function idsInScope(db: Db, allianceId: string, scope: Expression<SqlBool>, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 900) {
    const part = ids.slice(i, i + 900);
    const rows = await db
      .selectFrom('merchants')
      .select('merchants.id')
      .where('merchants.alliance_id', '=', allianceId)
      .where(scope)
      .where('merchants.id', 'in', part)
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** The stars a merchant registered now starts with, under the alliance's credit settings (domain `openingStars`). */
export async function openingStarsOf(db: Db, allianceId: string): Promise<number> {
  const r = await db.selectFrom('credit_settings').select('config').where('alliance_id', '=', allianceId).executeTakeFirst();
  return openingStars(creditSettingsOf(r?.config).stars);
}

/** Credit tables whose rows are a merchant's history: any of them makes a registration more than a mistake. */
const CREDIT_HISTORY = ['credit_entries', 'credit_plaques', 'credit_objections', 'credit_round_candidates', 'credit_promises', 'credit_notices'] as const;

/** What refers to the merchant as history (cases, adoptions, its credit record): the names of those tables. */
export async function referencesTo(db: Db, id: string): Promise<string[]> {
  const found = await Promise.all([
    db.selectFrom('tickets').select('id').where('merchant_id', '=', id).limit(1).executeTakeFirst(),
    db.selectFrom('project_adoptions').select('merchant_id').where('merchant_id', '=', id).limit(1).executeTakeFirst(),
    ...CREDIT_HISTORY.map((t) => db.selectFrom(t).select('merchant_id').where('merchant_id', '=', id).limit(1).executeTakeFirst()),
  ]);
  const names = ['tickets', 'project_adoptions', ...CREDIT_HISTORY];
  return names.filter((_, i) => found[i] !== undefined);
}

/**
 * Drops what the credit module opened by itself for a merchant without history — its account, cycle and monthly
 * flags, written on the first read of its credit or by the credit clock — so that a mistaken registration can go.
 */
export async function removeCreditBookkeeping(db: Db, id: string): Promise<void> {
  await db.deleteFrom('credit_flags').where('merchant_id', '=', id).execute();
  await db.deleteFrom('credit_accounts').where('merchant_id', '=', id).execute();
  await db.deleteFrom('credit_cycles').where('merchant_id', '=', id).execute();
}

/** Deletes the row; a reference the checks above do not know makes it throw, which the service turns into 409. */
export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('merchants').where('id', '=', id).execute();
}

/** Grids of the alliance with their paths (import: grid names/codes and scope). */
export function grids(db: Db, allianceId: string) {
  return db.selectFrom('grids').select(['id', 'name', 'code', 'path', 'org_id']).where('alliance_id', '=', allianceId).orderBy('path').execute();
}

export async function insertReport(db: Db, row: MerchantImportReportTable): Promise<void> {
  await db.insertInto('merchant_import_reports').values(row).execute();
}

/** Drops reports older than the cut-off (they are for the import's immediate follow-up). */
export async function pruneReports(db: Db, allianceId: string, before: number): Promise<void> {
  await db.deleteFrom('merchant_import_reports').where('alliance_id', '=', allianceId).where('created_at', '<', before).execute();
}

export function getReport(db: Db, allianceId: string, id: string) {
  return db.selectFrom('merchant_import_reports').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}
