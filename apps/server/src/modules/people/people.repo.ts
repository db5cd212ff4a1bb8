import type { Db } from '../../db/index.ts';
import { referencingTables } from '../../db/references.ts';
import type { PersonTable } from '../../db/types.ts';
import type { PhoneLookup } from '../../lib/crypto.ts';
import { scopeFilter, type ResolvedScope } from '../access/index.ts';
import { containsText } from '../../db/like.ts';

const COLS = { orgId: 'people.org_id', gridId: 'people.grid_id', unitId: 'people.unit_id', createdBy: 'people.created_by', personId: 'people.id' };

export interface PersonFilter {
  q?: string | undefined;
  orgId?: string | undefined;
  unitId?: string | undefined;
  gridId?: string | undefined;
  isPartyMember?: boolean | undefined;
  /** blind indexes of the exact phone (any of them) / ID number looked up */
  phoneBidx?: PhoneLookup | undefined;
  idNumberBidx?: string | undefined;
}

function base(db: Db, allianceId: string, scope: ResolvedScope, f: PersonFilter) {
  let q = db.selectFrom('people').where('people.alliance_id', '=', allianceId).where(scopeFilter(scope, COLS));
  if (f.q) q = q.where(containsText('people.name', f.q));
  if (f.orgId) q = q.where('people.org_id', '=', f.orgId);
  if (f.unitId) q = q.where('people.unit_id', '=', f.unitId);
  if (f.gridId) q = q.where('people.grid_id', '=', f.gridId);
  if (f.isPartyMember !== undefined) q = q.where('people.is_party_member', '=', f.isPartyMember ? 1 : 0);
  if (f.phoneBidx) q = q.where('people.phone_bidx', 'in', f.phoneBidx);
  if (f.idNumberBidx !== undefined) q = q.where('people.id_number_bidx', '=', f.idNumberBidx);
  return q;
}

export async function list(db: Db, allianceId: string, scope: ResolvedScope, f: PersonFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, scope, f).selectAll('people').orderBy('people.created_at', 'desc').orderBy('people.id', 'desc').offset(offset).limit(limit).execute(),
    base(db, allianceId, scope, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function get(db: Db, allianceId: string, scope: ResolvedScope, id: string) {
  return base(db, allianceId, scope, {}).selectAll('people').where('people.id', '=', id).executeTakeFirst();
}

/** Whether the person is one of the alliance's within the scope (the people list's rule). */
export async function inScope(db: Db, allianceId: string, scope: ResolvedScope, id: string): Promise<boolean> {
  return !!(await base(db, allianceId, scope, {}).select('people.id').where('people.id', '=', id).executeTakeFirst());
}

/** Ids of the alliance's people holding an ID number (by blind index), other than `exceptId`; ignores scope. */
export async function idsWithIdNumber(db: Db, allianceId: string, bidx: string, exceptId: string | null): Promise<string[]> {
  let q = db.selectFrom('people').select('id').where('alliance_id', '=', allianceId).where('id_number_bidx', '=', bidx);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.limit(2).execute()).map((r) => r.id);
}

export async function insert(db: Db, row: PersonTable): Promise<void> {
  await db.insertInto('people').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<PersonTable>): Promise<void> {
  await db.updateTable('people').set(patch).where('id', '=', id).execute();
}

/**
 * Names of the tables whose rows block a delete: accounts linked to the person (no foreign key: an account outlives
 * its alliances) and every row pointing at the person, except the grid roles the delete removes with it.
 */
export async function blockingReferences(db: Db, allianceId: string, id: string): Promise<string[]> {
  const user = await db.selectFrom('users').select('id').where('person_id', '=', id).limit(1).executeTakeFirst();
  return [...(user ? ['users'] : []), ...(await referencingTables(db, 'people', id, allianceId, ['grid_members']))];
}

export function gridRolesOf(db: Db, id: string) {
  return db.selectFrom('grid_members').select(['grid_id', 'role']).where('person_id', '=', id).orderBy('grid_id').orderBy('role').execute();
}

/** Removes the person and the grid roles they held. */
export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('grid_members').where('person_id', '=', id).execute();
  await db.deleteFrom('people').where('id', '=', id).execute();
}
