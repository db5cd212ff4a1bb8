import { OPEN311_PUBLIC_KINDS } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Open311RequestTable, Open311SettingsTable } from '../../db/tables/open311.ts';

/** The most rows one GeoReport answer carries (the spec lets servers cap lists; FixMyStreet pages by date). */
export const MAX_ROWS = 1000;

export function allianceByCode(db: Db, code: string) {
  return db.selectFrom('alliances').select(['id', 'code', 'name']).where('code', '=', code).where('status', '=', 'active').executeTakeFirst();
}

/** Up to two active alliances: enough to tell whether the deployment has exactly one. */
export function someAlliances(db: Db) {
  return db.selectFrom('alliances').select(['id', 'code', 'name']).where('status', '=', 'active').orderBy('code').limit(2).execute();
}

export function settingsOf(db: Db, allianceId: string) {
  return db.selectFrom('open311_settings').selectAll().where('alliance_id', '=', allianceId).executeTakeFirst();
}

export async function saveSettings(db: Db, row: Open311SettingsTable): Promise<void> {
  await db
    .insertInto('open311_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('alliance_id').doUpdateSet({ require_key_for_get: row.require_key_for_get, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

const CATEGORY = ['id', 'code', 'name', 'gb_class', 'accept_hours', 'resolve_days', 'updated_at'] as const;

/** Active categories of an alliance (the Open311 services), by code. */
export function activeCategories(db: Db, allianceId: string) {
  return db.selectFrom('categories').select(CATEGORY).where('alliance_id', '=', allianceId).where('active', '=', 1).orderBy('code').limit(MAX_ROWS).execute();
}

export function activeCategory(db: Db, allianceId: string, code: string) {
  return db.selectFrom('categories').select(CATEGORY).where('alliance_id', '=', allianceId).where('code', '=', code).where('active', '=', 1).executeTakeFirst();
}

/** Latest change to any category (the discovery changeset), over one alliance or all. */
export async function categoriesChangedAt(db: Db, allianceId: string | null): Promise<number | null> {
  let q = db.selectFrom('categories').select((eb) => eb.fn.max('updated_at').as('at'));
  if (allianceId) q = q.where('alliance_id', '=', allianceId);
  const r = await q.executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

/** Leaf grids of an alliance (the values of the `grid` attribute). */
export function leafGrids(db: Db, allianceId: string) {
  return db
    .selectFrom('grids as g')
    .select(['g.id', 'g.name'])
    .where('g.alliance_id', '=', allianceId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('grids as c').select('c.id').whereRef('c.parent_id', '=', 'g.id'))))
    .orderBy('g.path')
    .limit(MAX_ROWS)
    .execute();
}

export interface RequestFilter {
  numbers?: string[];
  categoryCodes?: string[];
  statuses?: readonly string[];
  from?: number;
  to?: number;
}

/** Public tickets of one alliance as GeoReport shows them (never the reporter columns), newest first. */
export function requestRows(db: Db, allianceId: string, f: RequestFilter) {
  let q = db
    .selectFrom('tickets as t')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .leftJoin('units as u', 'u.id', 't.lead_unit_id')
    .leftJoin('open311_requests as o', 'o.ticket_id', 't.id')
    .select([
      't.id',
      't.number',
      't.status',
      't.description',
      't.address',
      't.wgs_lat',
      't.wgs_lng',
      't.due_at',
      't.created_at',
      't.updated_at',
      'c.code as category_code',
      'c.name as category_name',
      'u.name as lead_unit_name',
      'o.media_url',
      'o.attributes',
    ])
    .where('t.alliance_id', '=', allianceId)
    .where('t.kind', 'in', [...OPEN311_PUBLIC_KINDS])
    // defence in depth: confidential feedback is of a kind left out above anyway
    .where('t.confidential', '=', 0);
  if (f.numbers) q = q.where('t.number', 'in', f.numbers);
  if (f.categoryCodes) q = q.where('c.code', 'in', f.categoryCodes);
  if (f.statuses) q = q.where('t.status', 'in', [...f.statuses]);
  if (f.from !== undefined) q = q.where('t.created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('t.created_at', '<=', f.to);
  return q.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').limit(MAX_ROWS).execute();
}
export type RequestRow = Awaited<ReturnType<typeof requestRows>>[number];

/** Timeline events that changed a ticket's status (not its creation): the public history of a request. */
function transitions(db: Db) {
  return db
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select(['e.id', 'e.ticket_id', 'e.action', 'e.at', 'e.to_status', 'e.note', 't.number'])
    .where('e.to_status', 'is not', null)
    .where('e.action', '!=', 'create')
    .where('t.kind', 'in', [...OPEN311_PUBLIC_KINDS])
    .where('t.confidential', '=', 0);
}

/** The status changes of some tickets, oldest first. */
export function transitionsOf(db: Db, ticketIds: string[]) {
  return transitions(db).where('e.ticket_id', 'in', ticketIds).orderBy('e.at').orderBy('e.id').execute();
}

/** Status changes of an alliance's tickets within a time window, oldest first. */
export function transitionsBetween(db: Db, allianceId: string, from: number, to: number | undefined) {
  let q = transitions(db).where('e.alliance_id', '=', allianceId).where('e.at', '>=', from);
  if (to !== undefined) q = q.where('e.at', '<=', to);
  return q.orderBy('e.at').orderBy('e.id').limit(MAX_ROWS).execute();
}

/** The ticket number a request token stands for, within one alliance. */
export async function numberByToken(db: Db, allianceId: string, tokenHash: string): Promise<string | null> {
  const r = await db
    .selectFrom('open311_requests as o')
    .innerJoin('tickets as t', 't.id', 'o.ticket_id')
    .select('t.number')
    .where('o.token_hash', '=', tokenHash)
    .where('o.alliance_id', '=', allianceId)
    .executeTakeFirst();
  return r?.number ?? null;
}

export async function insertRequest(db: Db, row: Open311RequestTable): Promise<void> {
  await db.insertInto('open311_requests').values(row).execute();
}
