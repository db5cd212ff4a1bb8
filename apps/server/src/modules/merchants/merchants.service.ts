import { toWgs84, type Merchant, type MerchantCreate, type MerchantQuery, type MerchantUpdate } from '@tongxin/domain';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText } from '../../lib/freeText.ts';
import { changedPart, changedPhone } from '../../lib/patch.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../../db/index.ts';
import { assertRefs, listParams, paged } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './merchants.repo.ts';
import { merchantFilter } from './merchants.filter.ts';
import { merchantScope } from './merchants.scope.ts';
import { newPublicCode, toMerchant } from './merchants.view.ts';

/** The merchants of the alliance within the actor's scope, filtered (?phone=: the exact contact phone) and paged. */
export async function listMerchants(deps: Deps, a: TenantActor, q: MerchantQuery) {
  const scope = await merchantScope(deps.db, a);
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, scope, merchantFilter(deps, q), offset, limit);
  return paged(
    r.items.map((row) => toMerchant(deps, row)),
    r.total,
  );
}

/** One merchant of the current alliance within the actor's scope, or 404 (other modules read merchants through this). */
export async function getMerchant(deps: Deps, a: TenantActor, id: string): Promise<Merchant> {
  const row = await repo.get(deps.db, a.allianceId, await merchantScope(deps.db, a), id);
  if (!row) throw notFound('merchant');
  return toMerchant(deps, row);
}

async function assertUniqueCode(trx: Db, allianceId: string, code: string, selfId: string | null): Promise<void> {
  const other = await repo.findByCreditCode(trx, allianceId, code);
  if (other && other.id !== selfId) throw invalidField('creditCode', 'duplicate', 'a merchant with this credit code is already registered in the alliance');
}

async function assertMerchantRefs(trx: Db, allianceId: string, b: MerchantUpdate): Promise<void> {
  await assertRefs(trx, allianceId, [
    ['gridId', 'grids', b.gridId],
    ['operatorPersonId', 'people', b.operatorPersonId],
    ['liaisonPersonId', 'people', b.liaisonPersonId],
  ]);
}

/** A monitoring point needs its 居务联络员. */
function assertLiaison(row: Pick<MerchantTable, 'monitoring_point' | 'liaison_person_id'>): void {
  if (row.monitoring_point === 1 && !row.liaison_person_id) throw invalidField('liaisonPersonId', 'required', 'a monitoring point needs a liaison person');
}

/** The row must stay within the actor's reach after the change (a grid officer cannot file a shop into another grid). */
async function assertReachable(trx: Db, deps: Deps, a: TenantActor, id: string): Promise<repo.MerchantRow> {
  const row = await repo.get(trx, a.allianceId, await merchantScope(trx, a), id);
  if (!row) throw forbidden('outside your data scope');
  return row;
}

function locationColumns(loc: MerchantCreate['location']): Pick<MerchantTable, 'lng' | 'lat' | 'crs' | 'wgs_lng' | 'wgs_lat'> {
  if (!loc) return { lng: null, lat: null, crs: null, wgs_lng: null, wgs_lat: null };
  const w = toWgs84(loc);
  return { lng: loc.lng, lat: loc.lat, crs: loc.crs, wgs_lng: w.lng, wgs_lat: w.lat };
}

/** Registers a merchant: unique credit code in the alliance, a new public code, audit record in the same transaction. */
export async function createMerchant(deps: Deps, a: TenantActor, b: MerchantCreate): Promise<Merchant> {
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    await assertUniqueCode(trx, a.allianceId, b.creditCode, null);
    await assertMerchantRefs(trx, a.allianceId, b);
    const phone = b.contactPhone ?? null;
    const row: MerchantTable = {
      id,
      alliance_id: a.allianceId,
      credit_code: b.creditCode,
      name: b.name,
      business_type: b.businessType,
      address: b.address ?? null,
      ...locationColumns(b.location),
      grid_id: b.gridId ?? null,
      operator_person_id: b.operatorPersonId ?? null,
      operator_name: b.operatorName ?? null,
      party_member_operator: b.partyMemberOperator ? 1 : 0,
      contact_phone_enc: deps.cipher.encrypt(phone),
      contact_phone_bidx: deps.cipher.phoneIndex(phone),
      status: b.status ?? 'operating',
      public_code: newPublicCode(),
      monitoring_point: b.monitoringPoint ? 1 : 0,
      liaison_person_id: b.liaisonPersonId ?? null,
      credit_points: 12,
      credit_stars: await repo.openingStarsOf(trx, a.allianceId),
      credit_flag: null,
      plaques: '[]',
      upheld_year: 0,
      upheld_count: 0,
      promise: null,
      created_at: now,
      updated_at: now,
    };
    assertLiaison(row);
    await repo.insert(trx, row);
    const view = toMerchant(deps, await assertReachable(trx, deps, a, id));
    await appendAudit(trx, deps, a, { action: 'merchant.create', entity: 'merchant', entityId: id, after: view });
    return view;
  });
}

/** Edits a merchant; the public code and the credit summary are not editable here. */
export async function updateMerchant(deps: Deps, a: TenantActor, id: string, b: MerchantUpdate): Promise<Merchant> {
  const scope = await merchantScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('merchant');
    const patch: Partial<MerchantTable> = {};
    if (b.creditCode !== undefined && b.creditCode !== row.credit_code) {
      await assertUniqueCode(trx, a.allianceId, b.creditCode, id);
      patch.credit_code = b.creditCode;
    }
    if (b.name !== undefined) patch.name = keptName('name', row.name, b.name);
    if (b.businessType !== undefined) patch.business_type = b.businessType;
    if (b.address !== undefined) patch.address = keptText(row.address, b.address);
    if (b.location !== undefined) Object.assign(patch, locationColumns(b.location));
    if (b.gridId !== undefined) patch.grid_id = b.gridId;
    if (b.operatorPersonId !== undefined) patch.operator_person_id = b.operatorPersonId;
    if (b.operatorName !== undefined) patch.operator_name = keptName('operatorName', row.operator_name, b.operatorName);
    if (b.partyMemberOperator !== undefined) patch.party_member_operator = b.partyMemberOperator ? 1 : 0;
    const contactPhone = changedPhone(deps.cipher, 'contactPhone', row.contact_phone_enc, b.contactPhone);
    if (contactPhone !== undefined) {
      patch.contact_phone_enc = deps.cipher.encrypt(contactPhone);
      patch.contact_phone_bidx = deps.cipher.phoneIndex(contactPhone);
    }
    if (b.status !== undefined) patch.status = b.status;
    if (b.monitoringPoint !== undefined) patch.monitoring_point = b.monitoringPoint ? 1 : 0;
    if (b.liaisonPersonId !== undefined) patch.liaison_person_id = b.liaisonPersonId;
    const changed = changedPart(row, patch);
    if (Object.keys(changed).length === 0) return toMerchant(deps, row);
    // the rules look at what changes: a shop saved as shown may predate them (a monitoring point without its liaison)
    await assertMerchantRefs(trx, a.allianceId, {
      gridId: changed.grid_id,
      operatorPersonId: changed.operator_person_id,
      liaisonPersonId: changed.liaison_person_id,
    });
    if (changed.monitoring_point !== undefined || changed.liaison_person_id !== undefined) assertLiaison({ ...row, ...patch });
    await repo.update(trx, id, { ...patch, updated_at: deps.clock.now() });
    const after = toMerchant(deps, await assertReachable(trx, deps, a, id));
    await appendAudit(trx, deps, a, { action: 'merchant.update', entity: 'merchant', entityId: id, before: toMerchant(deps, row), after });
    return after;
  });
}

function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Deletes a registration made by mistake; a merchant with history (tickets, credit ledger …) is closed instead (409). */
export async function deleteMerchant(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await merchantScope(deps.db, a);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const row = await repo.get(trx, a.allianceId, scope, id);
      if (!row) throw notFound('merchant');
      const refs = await repo.referencesTo(trx, id);
      if (refs.length) throw conflict('merchant has history: set its status to closed instead', { references: refs });
      await repo.removeCreditBookkeeping(trx, id);
      await repo.remove(trx, id);
      await appendAudit(trx, deps, a, { action: 'merchant.delete', entity: 'merchant', entityId: id, before: toMerchant(deps, row) });
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw conflict('merchant has history: set its status to closed instead', { references: ['credit'] });
    throw err;
  }
}
