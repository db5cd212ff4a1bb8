import { maskPhone, type Unit, type UnitCreate, type UnitQuery, type UnitUpdate } from '@tongxin/domain';
import type { UnitTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changedPart, changedPhone } from '../../lib/patch.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, assertRefsInScope, assertUniqueInAlliance, listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './units.repo.ts';

/** The API view of a unit row; the contact phone is decrypted only to be masked. */
export function toUnit(deps: Pick<Deps, 'cipher'>, r: UnitTable): Unit {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    kind: r.kind as Unit['kind'],
    name: shownText(r.name),
    category: shownText(r.category),
    orgId: r.org_id,
    gridId: r.grid_id,
    contactName: shownText(r.contact_name),
    contactPhone: maskPhone(deps.cipher.decrypt(r.contact_phone_enc)),
    address: shownText(r.address),
    duties: shownText(r.duties),
    status: r.status as Unit['status'],
    createdAt: Number(r.created_at),
  };
}

/** The units within the actor's scope, filtered (?phone=: the exact contact phone, any spelling) and paged. */
export async function listUnits(deps: Deps, a: TenantActor, q: UnitQuery) {
  const scope = await resolveScope(deps.db, a);
  const { offset, limit } = listParams(q);
  const filter: repo.UnitFilter = { q: q.q, kind: q.kind, orgId: q.orgId };
  if (q.phone !== undefined) filter.phoneBidx = deps.cipher.phoneLookup(q.phone);
  const r = await repo.list(deps.db, a.allianceId, scope, filter, offset, limit);
  return paged(
    r.items.map((row) => toUnit(deps, row)),
    r.total,
  );
}

export async function getUnit(deps: Deps, a: TenantActor, id: string): Promise<Unit> {
  const scope = await resolveScope(deps.db, a);
  const row = await repo.get(deps.db, a.allianceId, scope, id);
  if (!row) throw notFound('unit');
  return toUnit(deps, row);
}

/** A member unit is known by its name (dispatch, routes, the 三率 ranking): two with one name cannot be told apart. */
const UNIT_NAME = { table: 'units', column: 'name', field: 'name' } as const;

export async function createUnit(deps: Deps, a: TenantActor, body: UnitCreate): Promise<Unit> {
  const scope = await resolveScope(deps.db, a);
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    await assertRefs(trx, a.allianceId, [
      ['orgId', 'orgs', body.orgId],
      ['gridId', 'grids', body.gridId],
    ]);
    // a unit-scoped actor cannot create other units: the new id is never its own unit
    await assertRefsInScope(trx, scope, { orgId: body.orgId ?? null, gridId: body.gridId ?? null, unitId: null });
    await assertUniqueInAlliance(trx, UNIT_NAME, a.allianceId, body.name);
    const phone = body.contactPhone ?? null;
    const row: UnitTable = {
      id,
      alliance_id: a.allianceId,
      kind: body.kind,
      name: body.name,
      category: body.category ?? null,
      org_id: body.orgId ?? null,
      grid_id: body.gridId ?? null,
      contact_name: body.contactName ?? null,
      contact_phone_enc: deps.cipher.encrypt(phone),
      contact_phone_bidx: deps.cipher.phoneIndex(phone),
      address: body.address ?? null,
      duties: body.duties ?? null,
      status: body.status ?? 'active',
      created_by: a.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    const view = toUnit(deps, row);
    await appendAudit(trx, deps, a, { action: 'unit.create', entity: 'unit', entityId: id, after: view });
    return view;
  });
}

export async function updateUnit(deps: Deps, a: TenantActor, id: string, body: UnitUpdate): Promise<Unit> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('unit');
    const patch: Partial<UnitTable> = {};
    if (body.kind !== undefined) patch.kind = body.kind;
    // checked only when it changes: a row that was a duplicate (or held a number) before the rule must stay editable
    const name = keptName('name', row.name, body.name);
    if (name !== undefined && name !== row.name) {
      await assertUniqueInAlliance(trx, UNIT_NAME, a.allianceId, name, { exceptId: id });
      patch.name = name;
    }
    if (body.category !== undefined) patch.category = keptText(row.category, body.category);
    if (body.orgId !== undefined) patch.org_id = body.orgId;
    if (body.gridId !== undefined) patch.grid_id = body.gridId;
    if (body.contactName !== undefined) patch.contact_name = keptName('contactName', row.contact_name, body.contactName);
    const contactPhone = changedPhone(deps.cipher, 'contactPhone', row.contact_phone_enc, body.contactPhone);
    if (contactPhone !== undefined) {
      patch.contact_phone_enc = deps.cipher.encrypt(contactPhone);
      patch.contact_phone_bidx = deps.cipher.phoneIndex(contactPhone);
    }
    if (body.address !== undefined) patch.address = keptText(row.address, body.address);
    if (body.duties !== undefined) patch.duties = keptText(row.duties, body.duties);
    if (body.status !== undefined) patch.status = body.status;
    const changed = changedPart(row, patch);
    if (Object.keys(changed).length === 0) return toUnit(deps, row);
    // the rules look at what changes: a reference saved as shown may predate them
    if (changed.org_id !== undefined || changed.grid_id !== undefined) {
      await assertRefs(trx, a.allianceId, [
        ['orgId', 'orgs', changed.org_id],
        ['gridId', 'grids', changed.grid_id],
      ]);
      // the unit must stay within reach after the change
      const merged = { ...row, ...patch };
      await assertRefsInScope(trx, scope, { orgId: merged.org_id, gridId: merged.grid_id, unitId: row.id });
    }
    patch.updated_at = deps.clock.now();
    await repo.update(trx, id, patch);
    const after = toUnit(deps, { ...row, ...patch });
    await appendAudit(trx, deps, a, { action: 'unit.update', entity: 'unit', entityId: id, before: toUnit(deps, row), after });
    return after;
  });
}

export async function deleteUnit(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('unit');
    const refs = await repo.referencesTo(trx, a.allianceId, id);
    if (refs.length) throw conflict('unit is still in use', { references: refs });
    await repo.remove(trx, id);
    await appendAudit(trx, deps, a, { action: 'unit.delete', entity: 'unit', entityId: id, before: toUnit(deps, row) });
  });
}
