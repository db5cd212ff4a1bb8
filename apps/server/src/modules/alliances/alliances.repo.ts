import type { Db } from '../../db/index.ts';
import type { AllianceTable, RoleTable } from '../../db/types.ts';
import { bumpAuthEpoch } from '../../lib/authEpoch.ts';
import { containsText } from '../../db/like.ts';

export async function list(db: Db, onlyIds: string[] | null, q: string | undefined, offset: number, limit: number) {
  let base = db.selectFrom('alliances');
  if (onlyIds) base = onlyIds.length ? base.where('id', 'in', onlyIds) : base.where('id', '=', '~none~');
  if (q) base = base.where((eb) => eb.or([containsText('name', q), containsText('code', q.toUpperCase())]));
  const [items, total] = await Promise.all([
    base.selectAll().orderBy('created_at').offset(offset).limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Every alliance of the deployment, oldest first (the city's, for its administrator). */
export function all(db: Db) {
  return db.selectFrom('alliances').selectAll().orderBy('created_at').orderBy('code').execute();
}

export function get(db: Db, id: string) {
  return db.selectFrom('alliances').selectAll().where('id', '=', id).executeTakeFirst();
}

export function getByCode(db: Db, code: string) {
  return db.selectFrom('alliances').select('id').where('code', '=', code).executeTakeFirst();
}

export async function memberAllianceIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('alliance_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.alliance_id);
}

export async function insert(db: Db, row: AllianceTable): Promise<void> {
  await db.insertInto('alliances').values(row).execute();
}

export async function insertRole(db: Db, row: RoleTable): Promise<void> {
  await db.insertInto('roles').values(row).execute();
}

export async function update(db: Db, id: string, patch: Partial<AllianceTable>): Promise<void> {
  bumpAuthEpoch();
  await db.updateTable('alliances').set(patch).where('id', '=', id).execute();
}
