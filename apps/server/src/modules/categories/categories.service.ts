import { DEFAULT_CATEGORIES, type Category, type CategoryCreate, type CategoryUpdate } from '@tongxin/domain';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { CategoryTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changedPart } from '../../lib/patch.ts';
import { invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, listParams, paged } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { containsText } from '../../db/like.ts';

type Route = { gridId: string; unitId: string };
export type CategoryUpdateBody = z.infer<typeof CategoryUpdate>;

/** The API view of a category row with its per-grid routes. */
export function toCategory(r: CategoryTable, routes: Route[]): Category {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    code: r.code,
    name: shownText(r.name),
    gbClass: shownText(r.gb_class),
    acceptHours: Number(r.accept_hours),
    resolveDays: Number(r.resolve_days),
    urgentHours: Number(r.urgent_hours),
    defaultLeadUnitId: r.default_lead_unit_id,
    gridRoutes: routes,
    active: Number(r.active) === 1,
  };
}

async function routesOf(db: Db, categoryIds: string[]): Promise<Map<string, Route[]>> {
  const out = new Map<string, Route[]>();
  if (categoryIds.length === 0) return out;
  const rows = await db
    .selectFrom('category_routes')
    .select(['category_id', 'grid_id', 'unit_id'])
    .where('category_id', 'in', categoryIds)
    .orderBy('grid_id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.category_id) ?? [];
    list.push({ gridId: r.grid_id, unitId: r.unit_id });
    out.set(r.category_id, list);
  }
  return out;
}

/** Inserts DEFAULT_CATEGORIES into a new alliance (inside its creating transaction). */
export async function seedDefaultCategories(trx: Db, allianceId: string, now: number): Promise<void> {
  const rows: CategoryTable[] = DEFAULT_CATEGORIES.map((c) => ({
    id: newId(now),
    alliance_id: allianceId,
    code: c.code,
    name: c.name,
    gb_class: c.gbClass,
    accept_hours: c.acceptHours,
    resolve_days: c.resolveDays,
    urgent_hours: c.urgentHours,
    default_lead_unit_id: null,
    active: 1,
    created_at: now,
    updated_at: now,
  }));
  if (rows.length) await trx.insertInto('categories').values(rows).execute();
}

/** A category row of the alliance, or undefined. */
export function categoryRow(db: Db, allianceId: string, id: string): Promise<CategoryTable | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
}

/**
 * The default lead unit of a case of this category in this grid: the route of the nearest grid ancestor
 * (the grid itself first), else the category's default lead unit, else null.
 */
export async function leadUnitFor(db: Db, allianceId: string, categoryId: string, gridId: string | null | undefined): Promise<string | null> {
  const cat = await db
    .selectFrom('categories')
    .select('default_lead_unit_id')
    .where('id', '=', categoryId)
    .where('alliance_id', '=', allianceId)
    .executeTakeFirst();
  if (!cat) return null;
  if (gridId) {
    const g = await db.selectFrom('grids').select('path').where('id', '=', gridId).where('alliance_id', '=', allianceId).executeTakeFirst();
    if (g) {
      const ancestors = g.path.split('/').filter(Boolean);
      if (ancestors.length) {
        const routes = await db
          .selectFrom('category_routes')
          .select(['grid_id', 'unit_id'])
          .where('category_id', '=', categoryId)
          .where('grid_id', 'in', ancestors)
          .execute();
        let best: { depth: number; unitId: string } | null = null;
        for (const r of routes) {
          const depth = ancestors.indexOf(r.grid_id);
          if (!best || depth > best.depth) best = { depth, unitId: r.unit_id };
        }
        if (best) return best.unitId;
      }
    }
  }
  return cat.default_lead_unit_id;
}

export async function listCategories(
  deps: Deps,
  a: TenantActor,
  q: { page: number; pageSize: number; q?: string | undefined; active?: 'true' | 'false' | undefined },
) {
  const { offset, limit } = listParams(q);
  let base = deps.db.selectFrom('categories').where('alliance_id', '=', a.allianceId);
  if (q.active) base = base.where('active', '=', q.active === 'true' ? 1 : 0);
  if (q.q) base = base.where((eb) => eb.or([containsText('name', q.q as string), containsText('code', (q.q as string).toUpperCase())]));
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('code').offset(offset).limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const routes = await routesOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return paged(
    rows.map((r) => toCategory(r, routes.get(r.id) ?? [])),
    total.n,
  );
}

async function checkRefs(trx: Db, allianceId: string, body: { defaultLeadUnitId?: string | null | undefined; gridRoutes?: Route[] | undefined }) {
  await assertRefs(trx, allianceId, [['defaultLeadUnitId', 'units', body.defaultLeadUnitId]]);
  const seen = new Set<string>();
  for (const [i, r] of (body.gridRoutes ?? []).entries()) {
    if (seen.has(r.gridId)) throw invalidField(`gridRoutes.${i}.gridId`, 'duplicate', 'one route per grid');
    seen.add(r.gridId);
    await assertRefs(trx, allianceId, [
      [`gridRoutes.${i}.gridId`, 'grids', r.gridId],
      [`gridRoutes.${i}.unitId`, 'units', r.unitId],
    ]);
  }
}

async function writeRoutes(trx: Db, allianceId: string, categoryId: string, routes: Route[]): Promise<void> {
  await trx.deleteFrom('category_routes').where('category_id', '=', categoryId).execute();
  if (routes.length)
    await trx
      .insertInto('category_routes')
      .values(routes.map((r) => ({ alliance_id: allianceId, category_id: categoryId, grid_id: r.gridId, unit_id: r.unitId })))
      .execute();
}

/** A second category of the same name (an active one) would split the cases and their 三率 between two look-alikes. */
async function assertNameFree(trx: Db, allianceId: string, name: string, except: string | null): Promise<void> {
  let q = trx.selectFrom('categories').select('id').where('alliance_id', '=', allianceId).where('name', '=', name.trim()).where('active', '=', 1);
  if (except) q = q.where('id', '<>', except);
  if (await q.executeTakeFirst()) throw invalidField('name', 'duplicate', 'an active category has this name');
}

export async function createCategory(deps: Deps, a: TenantActor, body: CategoryCreate): Promise<Category> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('categories').select('id').where('alliance_id', '=', a.allianceId).where('code', '=', body.code).executeTakeFirst();
    if (dup) throw invalidField('code', 'duplicate', 'this category code is taken');
    if (body.active !== false) await assertNameFree(trx, a.allianceId, body.name, null);
    await checkRefs(trx, a.allianceId, body);
    const row: CategoryTable = {
      id: newId(now),
      alliance_id: a.allianceId,
      code: body.code,
      name: body.name,
      gb_class: body.gbClass ?? null,
      accept_hours: body.acceptHours,
      resolve_days: body.resolveDays,
      urgent_hours: body.urgentHours,
      default_lead_unit_id: body.defaultLeadUnitId ?? null,
      active: body.active === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('categories').values(row).execute();
    const routes = body.gridRoutes ?? [];
    await writeRoutes(trx, a.allianceId, row.id, routes);
    const view = toCategory(row, routes);
    await appendAudit(trx, deps, a, { action: 'category.create', entity: 'category', entityId: row.id, after: view });
    return view;
  });
}

export async function updateCategory(deps: Deps, a: TenantActor, id: string, body: CategoryUpdateBody): Promise<Category> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await categoryRow(trx, a.allianceId, id);
    if (!row) throw notFound('category');
    const before = toCategory(row, (await routesOf(trx, [id])).get(id) ?? []);
    const patch: Partial<CategoryTable> = {};
    if (body.name !== undefined) patch.name = keptName('name', row.name, body.name);
    if (body.gbClass !== undefined) patch.gb_class = keptText(row.gb_class, body.gbClass);
    if (body.acceptHours !== undefined) patch.accept_hours = body.acceptHours;
    if (body.resolveDays !== undefined) patch.resolve_days = body.resolveDays;
    if (body.urgentHours !== undefined) patch.urgent_hours = body.urgentHours;
    if (body.defaultLeadUnitId !== undefined) patch.default_lead_unit_id = body.defaultLeadUnitId;
    if (body.active !== undefined) patch.active = body.active ? 1 : 0;
    // the same routes in another order are no change either
    const routeKey = (rs: Route[]) =>
      rs
        .map((r) => `${r.gridId} ${r.unitId}`)
        .sort()
        .join('|');
    const reroutes = body.gridRoutes !== undefined && routeKey(body.gridRoutes) !== routeKey(before.gridRoutes);
    const changed = changedPart(row, patch);
    if (Object.keys(changed).length === 0 && !reroutes) return before;
    // the rules look at what changes: a category saved as shown may predate them (two active ones of one name)
    const activeAfter = (changed.active ?? Number(row.active)) === 1;
    if (activeAfter && (changed.name !== undefined || changed.active === 1)) await assertNameFree(trx, a.allianceId, patch.name ?? row.name, id);
    await checkRefs(trx, a.allianceId, { defaultLeadUnitId: changed.default_lead_unit_id, gridRoutes: reroutes ? body.gridRoutes : undefined });
    patch.updated_at = deps.clock.now();
    await trx.updateTable('categories').set(patch).where('id', '=', id).execute();
    let routes = before.gridRoutes;
    if (body.gridRoutes !== undefined && reroutes) {
      routes = body.gridRoutes;
      await writeRoutes(trx, a.allianceId, id, routes);
    }
    const after = toCategory({ ...row, ...patch }, routes);
    await appendAudit(trx, deps, a, { action: 'category.update', entity: 'category', entityId: id, before, after });
    return after;
  });
}

export async function getCategory(deps: Deps, a: TenantActor, id: string): Promise<Category> {
  const row = await categoryRow(deps.db, a.allianceId, id);
  if (!row) throw notFound('category');
  return toCategory(row, (await routesOf(deps.db, [id])).get(id) ?? []);
}
