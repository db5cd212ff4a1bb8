import type { Db } from '../../db/index.ts';
import { invalidField } from '../../lib/errors.ts';

type RefTable = 'orgs' | 'grids' | 'units' | 'people' | 'roles';

/** Checks that each referenced row exists in the same alliance; otherwise 400 naming the field (never reveals other tenants' rows). */
export async function assertRefs(db: Db, allianceId: string, refs: Array<[field: string, table: RefTable, id: string | null | undefined]>): Promise<void> {
  for (const [field, table, id] of refs) {
    if (!id) continue;
    const row = await db.selectFrom(table).select('id').where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
    if (!row) throw invalidField(field, 'unknown_reference', `${field} does not exist in this alliance`);
  }
}

/**
 * 400 `duplicate` on `field` when another row of the alliance (among the same parent's children, with `parentId`)
 * already has this value in `column`: a second 通惠社区 or a repeated grid code makes every lookup by name or code
 * (the merchant import, the dispatch dialog) ambiguous.
 */
export async function assertUniqueInAlliance(
  db: Db,
  target: { table: 'grids' | 'units' | 'orgs'; column: 'code' | 'name'; field: string },
  allianceId: string,
  value: string | null | undefined,
  opts: { exceptId?: string; parentId?: string | null } = {},
): Promise<void> {
  if (value === null || value === undefined) return;
  let q = db.selectFrom(target.table).select('id').where('alliance_id', '=', allianceId).where(target.column, '=', value);
  if (opts.exceptId) q = q.where('id', '<>', opts.exceptId);
  if (opts.parentId !== undefined) q = opts.parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', opts.parentId);
  if (await q.executeTakeFirst())
    throw invalidField(target.field, 'duplicate', `another ${target.table.slice(0, -1)} of the alliance has this ${target.column}`);
}
