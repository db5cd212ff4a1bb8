import type { Db } from '../../db/index.ts';
import type { TenantActor } from '../../lib/context.ts';
import { forbidden, invalidField } from '../../lib/errors.ts';
import { assertRefsInScope, type ResolvedScope } from '../access/index.ts';

/**
 * Checks that the unit exists in the alliance (else 400 naming the field) and lies within the actor's reach for
 * writing (else 403): unit handlers reach their own unit, org/grid scopes the units attached inside their subtree,
 * the committee every unit. Everyone with resource:read may browse; this decides who may change.
 */
export async function assertUnitWritable(db: Db, a: TenantActor, scope: ResolvedScope, unitId: string, field: string): Promise<void> {
  const u = await db
    .selectFrom('units')
    .select(['id', 'org_id', 'grid_id'])
    .where('id', '=', unitId)
    .where('alliance_id', '=', a.allianceId)
    .executeTakeFirst();
  if (!u) throw invalidField(field, 'unknown_reference', `${field} does not exist in this alliance`);
  // 'own' scopes (merchants, volunteers) never manage a unit's lists
  if (scope.kind === 'own') throw forbidden('outside your scope');
  await assertRefsInScope(db, scope, { unitId: u.id, orgId: u.org_id, gridId: u.grid_id });
}

/** Whether the actor manages the unit's lists (resource:write and assertUnitWritable passes): who reads every adoption. */
export async function managesUnit(db: Db, a: TenantActor, scope: ResolvedScope, unitId: string): Promise<boolean> {
  if (!a.permissions.has('resource:write')) return false;
  try {
    await assertUnitWritable(db, a, scope, unitId, 'ownerUnitId');
    return true;
  } catch {
    return false;
  }
}

/** The unit a new row belongs to: the one named, else the caller's own; 400 when neither exists. */
export function unitOf(a: TenantActor, given: string | undefined, field: string): string {
  const id = given ?? a.unitId;
  if (!id) throw invalidField(field, 'required', `${field} is required when you do not act for a unit`);
  return id;
}
