import { maskPhone, toWgs84, type Resource, type ResourceCreate, type ResourceQuery, type ResourceUpdate, type WeeklySlot } from '@tongxin/domain';
import type { ResourceTable } from '../../db/tables/resources.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow, changedPhone } from '../../lib/patch.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { indexTokens } from '../tickets/index.ts';
import { assertUnitWritable, unitOf } from './reach.ts';
import * as repo from './resources.repo.ts';
import type { ResourceRow } from './resources.repo.ts';

function parseSlots(json: string): WeeklySlot[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as WeeklySlot[]) : [];
  } catch {
    return [];
  }
}

/** The API view of a resource row; the contact phone is decrypted only to be masked. */
export function toResource(deps: Pick<Deps, 'cipher'>, r: ResourceRow): Resource {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    unitId: r.unit_id,
    unitName: shownText(r.unit_name),
    category: r.category as Resource['category'],
    title: shownText(r.title),
    description: shownText(r.description),
    capacity: r.capacity === null ? null : Number(r.capacity),
    availability: shownText(r.availability),
    weeklySlots: parseSlots(r.weekly_slots),
    contactName: shownText(r.contact_name),
    contactPhone: maskPhone(deps.cipher.decrypt(r.contact_phone_enc)),
    address: shownText(r.address),
    location: r.lng === null || r.lat === null ? null : { lng: Number(r.lng), lat: Number(r.lat), crs: (r.crs ?? 'wgs84') as 'wgs84' | 'gcj02' },
    status: r.status as Resource['status'],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** Search tokens of a resource (jieba, the tickets module's tokenizer), kept on the row for matching. */
export function tokensOf(r: Pick<ResourceTable, 'title' | 'description' | 'availability'>): string {
  return JSON.stringify(indexTokens([r.title, r.description ?? '', r.availability ?? ''].join('\n')));
}

function pointColumns(loc: ResourceCreate['location']): Pick<ResourceTable, 'lng' | 'lat' | 'crs' | 'wgs_lng' | 'wgs_lat'> {
  if (!loc) return { lng: null, lat: null, crs: null, wgs_lng: null, wgs_lat: null };
  const w = toWgs84(loc);
  return { lng: loc.lng, lat: loc.lat, crs: loc.crs, wgs_lng: w.lng, wgs_lat: w.lat };
}

/** Slots sorted by weekday and start, so the stored list reads in week order. */
const sortSlots = (s: WeeklySlot[] | undefined) => [...(s ?? [])].sort((x, y) => x.weekday - y.weekday || x.start.localeCompare(y.start));

export async function listResources(deps: Deps, a: TenantActor, q: ResourceQuery) {
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, q, offset, limit);
  return paged(
    r.items.map((row) => toResource(deps, row)),
    r.total,
  );
}

export async function getResource(deps: Deps, a: TenantActor, id: string): Promise<Resource> {
  const row = await repo.get(deps.db, a.allianceId, id);
  if (!row) throw notFound('resource');
  return toResource(deps, row);
}

export async function createResource(deps: Deps, a: TenantActor, body: ResourceCreate): Promise<Resource> {
  const scope = await resolveScope(deps.db, a);
  const unitId = unitOf(a, body.unitId, 'unitId');
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    await assertUnitWritable(trx, a, scope, unitId, 'unitId');
    const phone = body.contactPhone ?? null;
    const base = { title: body.title, description: body.description ?? null, availability: body.availability ?? null };
    const row: ResourceTable = {
      id,
      alliance_id: a.allianceId,
      unit_id: unitId,
      category: body.category,
      ...base,
      capacity: body.capacity ?? null,
      weekly_slots: JSON.stringify(sortSlots(body.weeklySlots)),
      contact_name: body.contactName ?? null,
      contact_phone_enc: deps.cipher.encrypt(phone),
      contact_phone_bidx: deps.cipher.phoneIndex(phone),
      address: body.address ?? null,
      ...pointColumns(body.location),
      status: body.status ?? 'active',
      tokens: tokensOf(base),
      created_by: a.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    const view = toResource(deps, (await repo.get(trx, a.allianceId, id)) as ResourceRow);
    await appendAudit(trx, deps, a, { action: 'resource.create', entity: 'resource', entityId: id, after: view });
    return view;
  });
}

export async function updateResource(deps: Deps, a: TenantActor, id: string, body: ResourceUpdate): Promise<Resource> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw notFound('resource');
    await assertUnitWritable(trx, a, scope, row.unit_id, 'unitId');
    const patch: Partial<ResourceTable> = {};
    if (body.category !== undefined) patch.category = body.category;
    if (body.title !== undefined) patch.title = keptName('title', row.title, body.title);
    if (body.description !== undefined) patch.description = keptText(row.description, body.description);
    if (body.capacity !== undefined) patch.capacity = body.capacity;
    if (body.availability !== undefined) patch.availability = keptText(row.availability, body.availability);
    if (body.weeklySlots !== undefined) patch.weekly_slots = JSON.stringify(sortSlots(body.weeklySlots));
    if (body.contactName !== undefined) patch.contact_name = keptName('contactName', row.contact_name, body.contactName);
    const contactPhone = changedPhone(deps.cipher, 'contactPhone', row.contact_phone_enc, body.contactPhone);
    if (contactPhone !== undefined) {
      patch.contact_phone_enc = deps.cipher.encrypt(contactPhone);
      patch.contact_phone_bidx = deps.cipher.phoneIndex(contactPhone);
    }
    if (body.address !== undefined) patch.address = keptText(row.address, body.address);
    if (body.location !== undefined) Object.assign(patch, pointColumns(body.location));
    if (body.status !== undefined) patch.status = body.status;
    if (!changesRow(row, patch)) return toResource(deps, row);
    patch.updated_at = deps.clock.now();
    const merged = { ...row, ...patch };
    if (body.title !== undefined || body.description !== undefined || body.availability !== undefined) patch.tokens = tokensOf(merged);
    await repo.update(trx, id, patch);
    const after = toResource(deps, { ...merged, ...patch });
    await appendAudit(trx, deps, a, { action: 'resource.update', entity: 'resource', entityId: id, before: toResource(deps, row), after });
    return after;
  });
}

export async function deleteResource(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw notFound('resource');
    await assertUnitWritable(trx, a, scope, row.unit_id, 'unitId');
    if (await repo.isReferenced(trx, id)) throw conflict('the resource is linked to projects; disable it instead', { references: ['projects'] });
    await repo.remove(trx, id);
    await appendAudit(trx, deps, a, { action: 'resource.delete', entity: 'resource', entityId: id, before: toResource(deps, row) });
  });
}
