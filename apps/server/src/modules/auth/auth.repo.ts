import type { Db } from '../../db/index.ts';
import type { SessionTable } from '../../db/types.ts';
import { bumpAuthEpoch } from '../../lib/authEpoch.ts';

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export function findUser(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Counts a failed login atomically and locks the account when the limit is reached. */
export async function recordFailedLogin(db: Db, userId: string, limit: number, lockUntil: number, now: number): Promise<{ locked: boolean }> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
    .where('id', '=', userId)
    .execute();
  const locked = await db
    .updateTable('users')
    .set({ locked_until: lockUntil, failed_logins: 0 })
    .where('id', '=', userId)
    .where('failed_logins', '>=', limit)
    .executeTakeFirst();
  return { locked: Number(locked.numUpdatedRows) > 0 };
}

export async function recordSuccessfulLogin(db: Db, userId: string, now: number): Promise<void> {
  bumpAuthEpoch();
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now }).where('id', '=', userId).execute();
}

export async function insertSession(db: Db, s: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export function findSession(db: Db, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  bumpAuthEpoch();
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  bumpAuthEpoch();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function setSessionAlliance(db: Db, id: string, allianceId: string): Promise<void> {
  bumpAuthEpoch();
  await db.updateTable('sessions').set({ alliance_id: allianceId }).where('id', '=', id).execute();
}

/** Removes sessions idle for longer than the limit. */
export async function purgeIdleSessions(db: Db, before: number): Promise<number> {
  bumpAuthEpoch();
  const r = await db.deleteFrom('sessions').where('last_seen_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Memberships of a user with the names the switcher shows. */
export function membershipsOf(db: Db, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('alliances as a', 'a.id', 'm.alliance_id')
    .innerJoin('roles as r', 'r.id', 'm.role_id')
    .leftJoin('units as u', 'u.id', 'm.unit_id')
    .select([
      'm.alliance_id',
      'a.name as alliance_name',
      'a.code as alliance_code',
      'a.status as alliance_status',
      'm.role_id',
      'r.name as role_name',
      'r.permissions',
      'r.data_scope',
      'm.unit_id',
      'u.name as unit_name',
      'm.scope_org_id',
      'm.scope_grid_id',
      'm.created_at',
    ])
    .where('m.user_id', '=', userId)
    .orderBy('a.name')
    .execute();
}

export function findAlliance(db: Db, id: string) {
  return db.selectFrom('alliances').selectAll().where('id', '=', id).executeTakeFirst();
}

export function firstAlliance(db: Db) {
  return db.selectFrom('alliances').selectAll().where('status', '=', 'active').orderBy('created_at').executeTakeFirst();
}

export function findApiKeyByHash(db: Db, hash: string) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('roles as r', 'r.id', 'k.role_id')
    .innerJoin('alliances as a', 'a.id', 'k.alliance_id')
    .select([
      'k.id',
      'k.alliance_id',
      'k.name',
      'k.revoked_at',
      'k.last_used_at',
      'r.permissions',
      'r.data_scope',
      'r.name as role_name',
      'r.id as role_id',
      'a.status as alliance_status',
    ])
    .where('k.key_hash', '=', hash)
    .executeTakeFirst();
}
