import { sql } from 'kysely';
import { referencingTables } from '../../db/references.ts';
import type { Db } from '../../db/index.ts';
import type { GridMemberTable, GridTable } from '../../db/types.ts';
import { scopeFilter, type ResolvedScope } from '../access/index.ts';
import { containsText } from '../../db/like.ts';

const COLS = { gridPath: 'grids.path', orgId: 'grids.org_id', createdBy: 'grids.created_by' };

export interface GridFilter {
  q?: string | undefined;
  parentId?: string | undefined;
}

function base(db: Db, allianceId: string, scope: ResolvedScope, f: GridFilter) {
  let q = db.selectFrom('grids').where('grids.alliance_id', '=', allianceId).where(scopeFilter(scope, COLS));
  if (f.q) q = q.where(containsText('grids.name', f.q));
  if (f.parentId) q = q.where('grids.parent_id', '=', f.parentId);
  return q;
}

export async function list(db: Db, allianceId: string, scope: ResolvedScope, f: GridFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, scope, f).selectAll('grids').orderBy('grids.path').offset(offset).limit(limit).execute(),
    base(db, allianceId, scope, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function get(db: Db, allianceId: string, scope: ResolvedScope, id: string) {
  return base(db, allianceId, scope, {}).selectAll('grids').where('grids.id', '=', id).executeTakeFirst();
}

/** Any row of the alliance, ignoring scope (for parent checks). */
export function getInAlliance(db: Db, allianceId: string, id: string) {
  return db.selectFrom('grids').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

/** The alliance's configured level names (社区—网格—企业—商铺 …). */
export async function levelNames(db: Db, allianceId: string): Promise<string[]> {
  const a = await db.selectFrom('alliances').select('grid_level_names').where('id', '=', allianceId).executeTakeFirst();
  try {
    const v = JSON.parse(a?.grid_level_names ?? '[]') as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** Deepest level inside the subtree rooted at `path` (the root included). */
export async function maxLevelUnder(db: Db, allianceId: string, path: string): Promise<number> {
  const r = await db
    .selectFrom('grids')
    .select((eb) => eb.fn.max('level').as('m'))
    .where('alliance_id', '=', allianceId)
    .where('path', 'like', `${path}%`)
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Members of the given grids with the person's name. */
export function membersOf(db: Db, gridIds: string[]) {
  if (gridIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('grid_members')
    .innerJoin('people', 'people.id', 'grid_members.person_id')
    .select(['grid_members.grid_id', 'grid_members.person_id', 'grid_members.role', 'people.name as person_name'])
    .where('grid_members.grid_id', 'in', gridIds)
    .orderBy('grid_members.created_at')
    .orderBy('grid_members.person_id')
    .orderBy('grid_members.role')
    .execute();
}

export async function insert(db: Db, row: GridTable): Promise<void> {
  await db.insertInto('grids').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<GridTable>): Promise<void> {
  await db.updateTable('grids').set(patch).where('id', '=', id).execute();
}

/** Rewrites the path prefix and shifts the level of a moved subtree in one statement. */
export async function moveSubtree(db: Db, allianceId: string, oldPrefix: string, newPrefix: string, levelDelta: number): Promise<void> {
  await db
    .updateTable('grids')
    .set({
      path: sql<string>`${newPrefix} || substr(path, ${oldPrefix.length + 1})`,
      level: sql<number>`level + ${levelDelta}`,
    })
    .where('alliance_id', '=', allianceId)
    .where('path', 'like', `${oldPrefix}%`)
    .execute();
}

/** Names of the tables that still reference the grid (`children`: its sub-grids), so a delete can be refused with a reason. */
export function referencesTo(db: Db, allianceId: string, id: string): Promise<string[]> {
  return referencingTables(db, 'grids', id, allianceId);
}

export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('grids').where('id', '=', id).execute();
}

export function getMember(db: Db, gridId: string, personId: string, role: string) {
  return db.selectFrom('grid_members').selectAll().where('grid_id', '=', gridId).where('person_id', '=', personId).where('role', '=', role).executeTakeFirst();
}

/** Adds a member; false when the same (grid, person, role) already exists. */
export async function insertMember(db: Db, row: GridMemberTable): Promise<boolean> {
  const r = await db
    .insertInto('grid_members')
    .values(row)
    .onConflict((oc) => oc.columns(['grid_id', 'person_id', 'role']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeMember(db: Db, gridId: string, personId: string, role: string): Promise<void> {
  await db.deleteFrom('grid_members').where('grid_id', '=', gridId).where('person_id', '=', personId).where('role', '=', role).execute();
}
