import { sql } from 'kysely';
import { referencingTables } from '../../db/references.ts';
import type { Db } from '../../db/index.ts';
import type { OrgTable } from '../../db/types.ts';
import { scopeFilter, type ResolvedScope } from '../access/index.ts';
import { containsText } from '../../db/like.ts';

const COLS = { orgId: 'orgs.id', orgPath: 'orgs.path', createdBy: 'orgs.created_by' };

export interface OrgFilter {
  q?: string | undefined;
  kind?: string | undefined;
  parentId?: string | undefined;
}

function base(db: Db, allianceId: string, scope: ResolvedScope, f: OrgFilter) {
  let q = db.selectFrom('orgs').where('orgs.alliance_id', '=', allianceId).where(scopeFilter(scope, COLS));
  if (f.q) q = q.where(containsText('orgs.name', f.q));
  if (f.kind) q = q.where('orgs.kind', '=', f.kind);
  if (f.parentId) q = q.where('orgs.parent_id', '=', f.parentId);
  return q;
}

export async function list(db: Db, allianceId: string, scope: ResolvedScope, f: OrgFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, scope, f).selectAll('orgs').orderBy('orgs.path').offset(offset).limit(limit).execute(),
    base(db, allianceId, scope, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function get(db: Db, allianceId: string, scope: ResolvedScope, id: string) {
  return base(db, allianceId, scope, {}).selectAll('orgs').where('orgs.id', '=', id).executeTakeFirst();
}

/** Any row of the alliance, ignoring scope (for parent checks). */
export function getInAlliance(db: Db, allianceId: string, id: string) {
  return db.selectFrom('orgs').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insert(db: Db, row: OrgTable): Promise<void> {
  await db.insertInto('orgs').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<OrgTable>): Promise<void> {
  await db.updateTable('orgs').set(patch).where('id', '=', id).execute();
}

/** Rewrites the path prefix of a moved subtree in one statement. */
export async function movePaths(db: Db, allianceId: string, oldPrefix: string, newPrefix: string): Promise<void> {
  await db
    .updateTable('orgs')
    .set({ path: sql<string>`${newPrefix} || substr(path, ${oldPrefix.length + 1})` })
    .where('alliance_id', '=', allianceId)
    .where('path', 'like', `${oldPrefix}%`)
    .execute();
}

/** Names of the tables that still reference the organisation (`children`: its sub-organisations). */
export function referencesTo(db: Db, allianceId: string | null, id: string): Promise<string[]> {
  return referencingTables(db, 'orgs', id, allianceId);
}

export async function remove(db: Db, id: string): Promise<void> {
  await db.deleteFrom('orgs').where('id', '=', id).execute();
}
