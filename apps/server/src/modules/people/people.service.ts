import { maskIdNumber, maskPhone, validateIdDocument, type IdType, type PageQuery, type Person, type PersonCreate, type PersonUpdate } from '@tongxin/domain';
import type { PersonTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changedPart, changedPhone, sameSecret } from '../../lib/patch.ts';
import { conflict, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, assertRefsInScope, listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { assertIdNumberFree, auditingIdProbes, checkNewIdNumber } from './people.idNumber.ts';
import * as repo from './people.repo.ts';

/** The API view of a person row: phone and ID number are decrypted only to be masked. */
export function toPerson(deps: Pick<Deps, 'cipher'>, r: PersonTable): Person {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    name: shownText(r.name),
    gender: r.gender as Person['gender'],
    phone: maskPhone(deps.cipher.decrypt(r.phone_enc)),
    idType: r.id_type as Person['idType'],
    idNumber: maskIdNumber(deps.cipher.decrypt(r.id_number_enc)),
    isPartyMember: Number(r.is_party_member) === 1,
    orgId: r.org_id,
    unitId: r.unit_id,
    gridId: r.grid_id,
    title: shownText(r.title),
    note: shownText(r.note),
    createdAt: Number(r.created_at),
  };
}

/** GB 11643: the 17th digit of an 18-digit 居民身份证 number is odd for men, even for women. */
export function genderFromIdNumber(idType: string | null, idNumber: string | null): Person['gender'] {
  if (!idNumber || (idType ?? 'resident_id') !== 'resident_id' || !/^\d{17}[\dX]$/.test(idNumber)) return null;
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
}

export type PersonListQuery = PageQuery & {
  orgId?: string | undefined;
  unitId?: string | undefined;
  gridId?: string | undefined;
  isPartyMember?: 'true' | 'false' | undefined;
  phone?: string | undefined;
  idNumber?: string | undefined;
};

export async function listPeople(deps: Deps, a: TenantActor, q: PersonListQuery) {
  const scope = await resolveScope(deps.db, a);
  const { offset, limit } = listParams(q);
  const filter: repo.PersonFilter = {
    q: q.q,
    orgId: q.orgId,
    unitId: q.unitId,
    gridId: q.gridId,
    isPartyMember: q.isPartyMember === undefined ? undefined : q.isPartyMember === 'true',
  };
  // exact lookups go through the blind index of the normalised value ('' matches nothing)
  if (q.phone !== undefined) filter.phoneBidx = deps.cipher.phoneLookup(q.phone);
  if (q.idNumber !== undefined) filter.idNumberBidx = deps.cipher.blindIndex(q.idNumber.toUpperCase()) ?? '~none~';
  const r = await repo.list(deps.db, a.allianceId, scope, filter, offset, limit);
  return paged(
    r.items.map((row) => toPerson(deps, row)),
    r.total,
  );
}

export async function getPerson(deps: Deps, a: TenantActor, id: string): Promise<Person> {
  const scope = await resolveScope(deps.db, a);
  const row = await repo.get(deps.db, a.allianceId, scope, id);
  if (!row) throw notFound('person');
  return toPerson(deps, row);
}

/** Creates a person; an ID number held outside a narrower actor's scope is refused as any duplicate, and audited. */
export function createPerson(deps: Deps, a: TenantActor, body: PersonCreate): Promise<Person> {
  return auditingIdProbes(deps, a, () => insertPerson(deps, a, body));
}

async function insertPerson(deps: Deps, a: TenantActor, body: PersonCreate): Promise<Person> {
  const scope = await resolveScope(deps.db, a);
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    await assertRefs(trx, a.allianceId, [
      ['orgId', 'orgs', body.orgId],
      ['unitId', 'units', body.unitId],
      ['gridId', 'grids', body.gridId],
    ]);
    await assertRefsInScope(trx, scope, { orgId: body.orgId ?? null, gridId: body.gridId ?? null, unitId: body.unitId ?? null });
    const idNumber = body.idNumber ?? null;
    const idType = body.idType ?? (idNumber ? 'resident_id' : null);
    const idBidx = deps.cipher.blindIndex(idNumber);
    const idCheck = { scope, idNumber, bidx: idBidx, selfId: id };
    await checkNewIdNumber(trx, deps, a, idCheck);
    const phone = body.phone ?? null;
    const row: PersonTable = {
      id,
      alliance_id: a.allianceId,
      name: body.name,
      gender: body.gender ?? genderFromIdNumber(idType, idNumber),
      phone_enc: deps.cipher.encrypt(phone),
      phone_bidx: deps.cipher.phoneIndex(phone),
      id_type: idType,
      id_number_enc: deps.cipher.encrypt(idNumber),
      id_number_bidx: idBidx,
      is_party_member: body.isPartyMember ? 1 : 0,
      org_id: body.orgId ?? null,
      unit_id: body.unitId ?? null,
      grid_id: body.gridId ?? null,
      title: body.title ?? null,
      note: body.note ?? null,
      created_by: a.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    const view = toPerson(deps, row);
    await appendAudit(trx, deps, a, { action: 'person.create', entity: 'person', entityId: id, after: view });
    await assertIdNumberFree(trx, a.allianceId, idCheck);
    return view;
  });
}

/**
 * Edits a person. The rules (ID document, references, scope) look only at what changes: a record saved as shown may
 * predate them. A new ID number is checked as on create (createPerson).
 */
export function updatePerson(deps: Deps, a: TenantActor, id: string, body: PersonUpdate): Promise<Person> {
  return auditingIdProbes(deps, a, () => patchPerson(deps, a, id, body));
}

async function patchPerson(deps: Deps, a: TenantActor, id: string, body: PersonUpdate): Promise<Person> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('person');
    const patch: Partial<PersonTable> = {};
    if (body.name !== undefined) patch.name = keptName('name', row.name, body.name);
    const phone = changedPhone(deps.cipher, 'phone', row.phone_enc, body.phone);
    if (phone !== undefined) {
      patch.phone_enc = deps.cipher.encrypt(phone);
      patch.phone_bidx = deps.cipher.phoneIndex(phone);
    }
    if (body.isPartyMember !== undefined) patch.is_party_member = body.isPartyMember ? 1 : 0;
    if (body.orgId !== undefined) patch.org_id = body.orgId;
    if (body.unitId !== undefined) patch.unit_id = body.unitId;
    if (body.gridId !== undefined) patch.grid_id = body.gridId;
    if (body.title !== undefined) patch.title = keptText(row.title, body.title);
    if (body.note !== undefined) patch.note = keptText(row.note, body.note);
    if (body.idNumber !== undefined && !sameSecret(deps.cipher, row.id_number_enc, body.idNumber)) {
      patch.id_number_enc = deps.cipher.encrypt(body.idNumber);
      patch.id_number_bidx = deps.cipher.blindIndex(body.idNumber);
    }
    const number = patch.id_number_enc !== undefined ? (body.idNumber ?? null) : deps.cipher.decrypt(row.id_number_enc);
    if (body.idNumber !== undefined || body.idType !== undefined) {
      // the document type of the resulting pair: a number without a type is a 居民身份证, no number keeps no type
      const type = number ? ((body.idType !== undefined ? body.idType : row.id_type) ?? 'resident_id') : (body.idType ?? null);
      // the form shows a stored pair without a type as 居民身份证: sent back so, it is no change
      const asStored = patch.id_number_enc === undefined && (type ?? 'resident_id') === (row.id_type ?? 'resident_id');
      if (!asStored) patch.id_type = type;
    }
    const idNumberChanged = patch.id_number_bidx !== undefined && patch.id_number_bidx !== row.id_number_bidx;
    if (body.gender !== undefined && body.gender !== null) patch.gender = body.gender;
    else if (body.gender === null || (idNumberChanged && !row.gender)) patch.gender = genderFromIdNumber(patch.id_type ?? row.id_type, number);

    const changed = changedPart(row, patch);
    if (Object.keys(changed).length === 0) return toPerson(deps, row);
    // identity document: the resulting (type, number) pair, checked when either changes
    if (number && (changed.id_type !== undefined || changed.id_number_enc !== undefined)) {
      const problem = validateIdDocument((patch.id_type ?? row.id_type ?? 'resident_id') as IdType, number);
      if (problem) throw invalidField('idNumber', problem);
    }
    if (changed.org_id !== undefined || changed.unit_id !== undefined || changed.grid_id !== undefined) {
      await assertRefs(trx, a.allianceId, [
        ['orgId', 'orgs', changed.org_id],
        ['unitId', 'units', changed.unit_id],
        ['gridId', 'grids', changed.grid_id],
      ]);
      // the person must stay within the actor's reach after the change
      const merged = { ...row, ...patch };
      await assertRefsInScope(trx, scope, { orgId: merged.org_id, gridId: merged.grid_id, unitId: merged.unit_id });
    }
    patch.updated_at = deps.clock.now();
    const idCheck = { scope, idNumber: body.idNumber ?? null, bidx: patch.id_number_bidx ?? null, selfId: id };
    if (idNumberChanged) await checkNewIdNumber(trx, deps, a, idCheck);
    await repo.update(trx, id, patch);
    const after = toPerson(deps, { ...row, ...patch });
    await appendAudit(trx, deps, a, { action: 'person.update', entity: 'person', entityId: id, before: toPerson(deps, row), after });
    if (idNumberChanged) await assertIdNumberFree(trx, a.allianceId, idCheck);
    return after;
  });
}

/**
 * Deletes a person. Refused (409) while a login account is linked to them; the grid roles they held
 * (网格员, 邻铺长 …) are removed in the same transaction and listed in the audit record.
 */
export async function deletePerson(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('person');
    const refs = await repo.blockingReferences(trx, a.allianceId, id);
    if (refs.length) throw conflict('person is still in use', { references: refs });
    const gridRoles = (await repo.gridRolesOf(trx, id)).map((g) => ({ gridId: g.grid_id, role: g.role }));
    await repo.remove(trx, id);
    await appendAudit(trx, deps, a, { action: 'person.delete', entity: 'person', entityId: id, before: { ...toPerson(deps, row), gridRoles } });
  });
}

/** Shows one full phone or ID number to an actor holding person:reveal; the audit record names the field, never the value. */
export async function revealPerson(
  deps: Deps,
  a: TenantActor,
  id: string,
  field: 'phone' | 'idNumber',
): Promise<{ field: 'phone' | 'idNumber'; value: string | null }> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('person');
    const value = deps.cipher.decrypt(field === 'phone' ? row.phone_enc : row.id_number_enc);
    await appendAudit(trx, deps, a, { action: 'person.reveal', entity: 'person', entityId: id, after: { field } });
    return { field, value };
  });
}
