import type { Db } from '../../db/index.ts';
import type { RoleTable } from '../../db/types.ts';
import { bumpAuthEpoch } from '../../lib/authEpoch.ts';
import { containsText } from '../../db/like.ts';

function base(db: Db, allianceId: string, q: string | undefined) {
  let b = db.selectFrom('roles').where('alliance_id', '=', allianceId);
  if (q) b = b.where(containsText('name', q));
  return b;
}

export async function list(db: Db, allianceId: string, q: string | undefined, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, q).selectAll().orderBy('builtin', 'desc').orderBy('created_at').orderBy('id').offset(offset).limit(limit).execute(),
    base(db, allianceId, q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function get(db: Db, allianceId: string, id: string) {
  return db.selectFrom('roles').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export function getByName(db: Db, allianceId: string, name: string) {
  return db.selectFrom('roles').select('id').where('alliance_id', '=', allianceId).where('name', '=', name).executeTakeFirst();
}

export async function insert(db: Db, row: RoleTable): Promise<void> {
  await db.insertInto('roles').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<RoleTable>): Promise<void> {
  bumpAuthEpoch();
  await db.updateTable('roles').set(patch).where('id', '=', id).execute();
}

/** What still points at the role (revoked API keys too: they keep their role for the record). */
export async function referencesTo(db: Db, id: string): Promise<string[]> {
  const checks = await Promise.all([
    db.selectFrom('memberships').select('id').where('role_id', '=', id).limit(1).executeTakeFirst(),
    db.selectFrom('api_keys').select('id').where('role_id', '=', id).limit(1).executeTakeFirst(),
  ]);
  return ['memberships', 'apiKeys'].filter((_, i) => checks[i]);
}

export async function remove(db: Db, id: string): Promise<void> {
  bumpAuthEpoch();
  await db.deleteFrom('roles').where('id', '=', id).execute();
}
