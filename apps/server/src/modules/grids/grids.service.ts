import { gridLevelFits, type Grid, type GridCreate, type GridUpdate, type PageQuery } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { GridTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, assertRefsInScope, assertUniqueInAlliance, listParams, paged, resolveScope, type ResolvedScope } from '../access/index.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { appendAudit } from '../audit/index.ts';
import { personInScope } from '../people/index.ts';
import * as repo from './grids.repo.ts';

type Member = Grid['members'][number];

/** The API view of a grid row with its level name and members. */
export function toGrid(r: GridTable, levelNames: string[], members: Member[]): Grid {
  const level = Number(r.level);
  return {
    id: r.id,
    allianceId: r.alliance_id,
    parentId: r.parent_id,
    level,
    // an alliance that shortened its level names afterwards still gets a readable label
    levelName: shownText(levelNames[level] ?? `第${level + 1}级`),
    name: shownText(r.name),
    code: r.code,
    orgId: r.org_id,
    description: shownText(r.description),
    sortOrder: Number(r.sort_order),
    members,
    createdAt: Number(r.created_at),
  };
}

/** Shapes rows with their members, loaded in one query. */
async function views(db: Db, allianceId: string, rows: GridTable[]): Promise<Grid[]> {
  const [names, members] = await Promise.all([
    repo.levelNames(db, allianceId),
    repo.membersOf(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const by = new Map<string, Member[]>();
  for (const m of members) {
    const list = by.get(m.grid_id) ?? [];
    list.push({ personId: m.person_id, personName: shownText(m.person_name), role: m.role as Member['role'] });
    by.set(m.grid_id, list);
  }
  return rows.map((r) => toGrid(r, names, by.get(r.id) ?? []));
}

async function view(db: Db, allianceId: string, row: GridTable): Promise<Grid> {
  return (await views(db, allianceId, [row]))[0] as Grid;
}

/**
 * A new or moved grid must stay in reach: under a grid scope its parent lies inside the scope's subtree
 * (so no new roots), under an org scope its org lies inside the org subtree, a unit scope reaches no grid.
 */
async function checkPlacementInScope(db: Db, scope: ResolvedScope, parentPath: string | null, orgId: string | null): Promise<void> {
  if (scope.kind === 'grid') {
    if (!parentPath || !parentPath.startsWith(scope.gridPath)) throw forbidden('outside your grid scope');
    return;
  }
  await assertRefsInScope(db, scope, { orgId, gridId: null, unitId: null });
}

function checkDepth(level: number, levelNames: string[]): void {
  if (!gridLevelFits(level, levelNames)) throw invalidField('parentId', 'too_deep', `this alliance's grid tree has ${levelNames.length} levels`);
}

export async function listGrids(deps: Deps, a: TenantActor, q: PageQuery & { parentId?: string | undefined }) {
  const scope = await resolveScope(deps.db, a);
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, scope, q, offset, limit);
  return paged(await views(deps.db, a.allianceId, r.items), r.total);
}

/** Every grid in reach ordered by path, for the tree view (bounded). */
export async function gridTree(deps: Deps, a: TenantActor) {
  const scope = await resolveScope(deps.db, a);
  const r = await repo.list(deps.db, a.allianceId, scope, {}, 0, 5000);
  return paged(await views(deps.db, a.allianceId, r.items), r.total);
}

export async function getGrid(deps: Deps, a: TenantActor, id: string): Promise<Grid> {
  const scope = await resolveScope(deps.db, a);
  const row = await repo.get(deps.db, a.allianceId, scope, id);
  if (!row) throw notFound('grid');
  return view(deps.db, a.allianceId, row);
}

/** A grid code names one grid of the alliance (the merchant import and the people import resolve grids by it). */
const GRID_CODE = { table: 'grids', column: 'code', field: 'code' } as const;
/** Two 银泰百货 under one 网格 cannot be told apart in the tree or a picker; under different ones they can. */
const GRID_NAME = { table: 'grids', column: 'name', field: 'name' } as const;

export async function createGrid(deps: Deps, a: TenantActor, body: GridCreate): Promise<Grid> {
  const scope = await resolveScope(deps.db, a);
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    const parent = body.parentId ? await repo.getInAlliance(trx, a.allianceId, body.parentId) : undefined;
    if (body.parentId && !parent) throw invalidField('parentId', 'unknown_reference', 'parent grid does not exist');
    await assertRefs(trx, a.allianceId, [['orgId', 'orgs', body.orgId]]);
    await checkPlacementInScope(trx, scope, parent?.path ?? null, body.orgId ?? null);
    await assertUniqueInAlliance(trx, GRID_CODE, a.allianceId, body.code);
    await assertUniqueInAlliance(trx, GRID_NAME, a.allianceId, body.name, { parentId: parent?.id ?? null });
    const level = parent ? Number(parent.level) + 1 : 0;
    const names = await repo.levelNames(trx, a.allianceId);
    checkDepth(level, names);
    const row: GridTable = {
      id,
      alliance_id: a.allianceId,
      parent_id: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      level,
      name: body.name,
      code: body.code ?? null,
      org_id: body.orgId ?? null,
      description: body.description ?? null,
      sort_order: body.sortOrder ?? 0,
      created_by: a.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    const out = toGrid(row, names, []);
    await appendAudit(trx, deps, a, { action: 'grid.create', entity: 'grid', entityId: id, after: out });
    return out;
  });
}

export async function updateGrid(deps: Deps, a: TenantActor, id: string, body: GridUpdate): Promise<Grid> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('grid');
    const before = await view(trx, a.allianceId, row);
    const patch: Partial<GridTable> = {};
    if (body.name !== undefined) patch.name = keptName('name', row.name, body.name);
    // checked only when it changes: a grid that shared its code before the rule must stay editable
    if (body.code !== undefined && body.code !== row.code) {
      await assertUniqueInAlliance(trx, GRID_CODE, a.allianceId, body.code, { exceptId: id });
      patch.code = body.code;
    }
    if (body.description !== undefined) patch.description = keptText(row.description, body.description);
    if (body.sortOrder !== undefined) patch.sort_order = body.sortOrder;
    if (body.orgId !== undefined) {
      await assertRefs(trx, a.allianceId, [['orgId', 'orgs', body.orgId]]);
      patch.org_id = body.orgId;
    }
    let moved: { newPath: string; level: number } | null = null;
    if (body.parentId !== undefined && body.parentId !== row.parent_id) {
      const parent = body.parentId ? await repo.getInAlliance(trx, a.allianceId, body.parentId) : undefined;
      if (body.parentId && !parent) throw invalidField('parentId', 'unknown_reference', 'parent grid does not exist');
      if (parent && parent.path.startsWith(row.path)) throw invalidField('parentId', 'cycle', 'a grid cannot move under itself');
      const level = parent ? Number(parent.level) + 1 : 0;
      // the deepest descendant moves along: it must still fit the alliance's levels
      const height = (await repo.maxLevelUnder(trx, a.allianceId, row.path)) - Number(row.level);
      checkDepth(level + height, await repo.levelNames(trx, a.allianceId));
      await checkPlacementInScope(trx, scope, parent?.path ?? null, body.orgId !== undefined ? body.orgId : row.org_id);
      patch.parent_id = parent?.id ?? null;
      moved = { newPath: `${parent?.path ?? '/'}${id}/`, level };
    } else if (body.orgId !== undefined && scope.kind !== 'grid') {
      // under an org scope the grid must stay inside the org subtree (a grid scope does not look at orgs)
      await assertRefsInScope(trx, scope, { orgId: body.orgId, gridId: null, unitId: null });
    }
    if (!changesRow(row, patch)) return before;
    patch.updated_at = deps.clock.now();
    // checked only when the name or the parent changes: a grid that shared its name before the rule stays editable
    if ((patch.name !== undefined && patch.name !== row.name) || (patch.parent_id !== undefined && patch.parent_id !== row.parent_id))
      await assertUniqueInAlliance(trx, GRID_NAME, a.allianceId, patch.name ?? row.name, {
        parentId: patch.parent_id === undefined ? row.parent_id : patch.parent_id,
        exceptId: id,
      });
    await repo.update(trx, id, patch);
    if (moved) await repo.moveSubtree(trx, a.allianceId, row.path, moved.newPath, moved.level - Number(row.level));
    const next = { ...row, ...patch, ...(moved ? { path: moved.newPath, level: moved.level } : {}) };
    const after = await view(trx, a.allianceId, next);
    await appendAudit(trx, deps, a, { action: 'grid.update', entity: 'grid', entityId: id, before, after });
    return after;
  });
}

export async function deleteGrid(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('grid');
    const refs = await repo.referencesTo(trx, a.allianceId, id);
    if (refs.length) throw conflict('grid is still in use', { references: refs });
    const before = await view(trx, a.allianceId, row);
    await repo.remove(trx, id);
    await appendAudit(trx, deps, a, { action: 'grid.delete', entity: 'grid', entityId: id, before });
  });
}

/** Gives a person of the alliance a role (网格员, 邻铺长, 中心户) in the grid. */
export async function addGridMember(deps: Deps, a: TenantActor, id: string, body: { personId: string; role: Member['role'] }): Promise<Grid> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('grid');
    // a person out of the caller's reach answers as one that does not exist (it would show their name in the grid)
    if (!(await personInScope(trx, a.allianceId, scope, body.personId)))
      throw invalidField('personId', 'unknown_reference', 'personId does not exist in this alliance');
    const added = await repo.insertMember(trx, {
      alliance_id: a.allianceId,
      grid_id: id,
      person_id: body.personId,
      role: body.role,
      created_at: deps.clock.now(),
    });
    if (!added) throw conflict('this person already holds this role in the grid');
    await appendAudit(trx, deps, a, { action: 'grid.member_add', entity: 'grid', entityId: id, after: { personId: body.personId, role: body.role } });
    return view(trx, a.allianceId, row);
  });
}

export async function removeGridMember(deps: Deps, a: TenantActor, id: string, personId: string, role: Member['role']): Promise<Grid> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('grid');
    if (!(await repo.getMember(trx, id, personId, role))) throw notFound('grid member');
    await repo.removeMember(trx, id, personId, role);
    await appendAudit(trx, deps, a, { action: 'grid.member_remove', entity: 'grid', entityId: id, before: { personId, role } });
    return view(trx, a.allianceId, row);
  });
}
