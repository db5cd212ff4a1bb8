import type { Db } from '../../db/index.ts';
import { referencingTables } from '../../db/references.ts';
import type { UnitTable } from '../../db/types.ts';
import type { PhoneLookup } from '../../lib/crypto.ts';
import { scopeFilter, type ResolvedScope } from '../access/index.ts';
import { containsText } from '../../db/like.ts';

const COLS = { orgId: 'units.org_id', gridId: 'units.grid_id', unitId: 'units.id', createdBy: 'units.created_by' };

export interface UnitFilter {
  q?: string | undefined;
  kind?: string | undefined;
  orgId?: string | undefined;
  /** blind indexes of the exact contact phone looked up (any of them) */
  phoneBidx?: PhoneLookup | undefined;
}

function base(db: Db, allianceId: string, scope: ResolvedScope, f: UnitFilter) {
  let q = db.selectFrom('units').where('units.alliance_id', '=', allianceId).where(scopeFilter(scope, COLS));
  if (f.q) q = q.where(containsText('units.name', f.q));
  if (f.kind) q = q.where('units.kind', '=', f.kind);
  if (f.orgId) q = q.where('units.org_id', '=', f.orgId);
  if (f.phoneBidx) q = q.where('units.contact_phone_bidx', 'in', f.phoneBidx);
  return q;
}

export async function list(db: Db, allianceId: string, scope: ResolvedScope, f: UnitFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, scope, f).selectAll('units').orderBy('units.kind').orderBy('units.name').orderBy('units.id').offset(offset).limit(limit).execute(),
    base(db, allianceId, scope, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function get(db: Db, allianceId: string, scope: ResolvedScope, id: string) {
  return base(db, allianceId, scope, {}).selectAll('units').where('units.id', '=', id).executeTakeFirst();
}

export async function insert(db: Db, row: UnitTable): Promise<void> {
  await db.insertInto('units').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<UnitTable>): Promise<void> {
  await db.updateTable('units').set(patch).where('id', '=', id).execute();
}

/** Names of the tables that still reference the unit, so a delete can be refused with a reason. */
export function referencesTo(db: Db, allianceId: string, id: string): Promise<string[]> {
  return referencingTables(db, 'units', id, allianceId);
}

export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('units').where('id', '=', id).execute();
}
