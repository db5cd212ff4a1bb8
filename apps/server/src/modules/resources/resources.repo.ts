import type { Db } from '../../db/index.ts';
import type { ResourceTable } from '../../db/tables/resources.ts';
import { containsText } from '../../db/like.ts';

/** A resource row with the name of the unit that offers it. */
export type ResourceRow = ResourceTable & { unit_name: string };

export interface ResourceFilter {
  q?: string | undefined;
  category?: string | undefined;
  unitId?: string | undefined;
  status?: string | undefined;
}

function joined(db: Db, allianceId: string) {
  return db.selectFrom('resources').innerJoin('units', 'units.id', 'resources.unit_id').where('resources.alliance_id', '=', allianceId);
}

function filtered(db: Db, allianceId: string, f: ResourceFilter) {
  let q = joined(db, allianceId);
  if (f.category) q = q.where('resources.category', '=', f.category);
  if (f.unitId) q = q.where('resources.unit_id', '=', f.unitId);
  if (f.status) q = q.where('resources.status', '=', f.status);
  if (f.q) {
    const text = f.q;
    q = q.where((eb) => eb.or([containsText('resources.title', text), containsText('resources.description', text), containsText('units.name', text)]));
  }
  return q;
}

/** One page of the alliance's resources, newest first (the category is a filter and a column). */
export async function list(db: Db, allianceId: string, f: ResourceFilter, offset: number, limit: number): Promise<{ items: ResourceRow[]; total: number }> {
  const [items, total] = await Promise.all([
    filtered(db, allianceId, f)
      .selectAll('resources')
      .select('units.name as unit_name')
      .orderBy('resources.created_at', 'desc')
      .orderBy('resources.id')
      .offset(offset)
      .limit(limit)
      .execute(),
    filtered(db, allianceId, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function get(db: Db, allianceId: string, id: string): Promise<ResourceRow | undefined> {
  return joined(db, allianceId).selectAll('resources').select('units.name as unit_name').where('resources.id', '=', id).executeTakeFirst();
}

/** Every active resource of the alliance with what matching needs (at most `cap`, oldest first). */
export function activeForMatching(db: Db, allianceId: string, cap: number): Promise<ResourceRow[]> {
  return joined(db, allianceId)
    .selectAll('resources')
    .select('units.name as unit_name')
    .where('resources.status', '=', 'active')
    .where('units.status', '=', 'active')
    .orderBy('resources.id')
    .limit(cap)
    .execute();
}

export async function insert(db: Db, row: ResourceTable): Promise<void> {
  await db.insertInto('resources').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<ResourceTable>): Promise<void> {
  await db.updateTable('resources').set(patch).where('id', '=', id).execute();
}

/** Whether any project still names the resource. */
export async function isReferenced(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('projects').select('id').where('resource_id', '=', id).limit(1).executeTakeFirst());
}

export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('resources').where('id', '=', id).execute();
}
