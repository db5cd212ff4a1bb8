import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { MembershipTable, UserTable } from '../../db/types.ts';
import { scopeFilter, type ResolvedScope } from '../access/index.ts';
import { bumpAuthEpoch } from '../../lib/authEpoch.ts';
import { containsText } from '../../db/like.ts';

// membership columns carry the scope dimensions; an own-scope actor reaches only their own account
const COLS = { unitId: 'm.unit_id', orgId: 'm.scope_org_id', gridId: 'm.scope_grid_id', createdBy: 'u.id' };

export interface UserFilter {
  q?: string | undefined;
  roleId?: string | undefined;
  status?: string | undefined;
}

function base(db: Db, allianceId: string, scope: ResolvedScope, f: UserFilter) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('roles as r', 'r.id', 'm.role_id')
    .innerJoin('alliances as a', 'a.id', 'm.alliance_id')
    .leftJoin('units as un', 'un.id', 'm.unit_id')
    .where('m.alliance_id', '=', allianceId)
    .where(scopeFilter(scope, COLS));
  if (f.q) {
    // case-insensitive on both databases (PostgreSQL's like is case-sensitive)
    const text = f.q.toLowerCase();
    q = q.where((eb) => eb.or([containsText('u.username', text), containsText(sql<string>`lower(u.display_name)`, text)]));
  }
  if (f.roleId) q = q.where('m.role_id', '=', f.roleId);
  if (f.status) q = q.where('u.status', '=', f.status);
  return q;
}

// never the password hash
const SELECT = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.status',
  'u.is_city_admin',
  'u.person_id',
  'u.locked_until',
  'u.last_login_at',
  'u.created_at',
  'm.id as membership_id',
  'm.alliance_id',
  'a.name as alliance_name',
  'a.code as alliance_code',
  'm.role_id',
  'r.name as role_name',
  'r.permissions as role_permissions',
  'r.data_scope as role_data_scope',
  'm.unit_id',
  'un.name as unit_name',
  'm.scope_org_id',
  'm.scope_grid_id',
] as const;

export type UserRow = NonNullable<Awaited<ReturnType<typeof get>>>;

export async function list(db: Db, allianceId: string, scope: ResolvedScope, f: UserFilter, offset: number, limit: number) {
  const [items, total] = await Promise.all([
    base(db, allianceId, scope, f).select(SELECT).orderBy('u.created_at').orderBy('u.id').offset(offset).limit(limit).execute(),
    base(db, allianceId, scope, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** A member of the alliance within the scope, with the membership. */
export function get(db: Db, allianceId: string, scope: ResolvedScope, id: string) {
  return base(db, allianceId, scope, {}).select(SELECT).where('u.id', '=', id).executeTakeFirst();
}

export function findAccount(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'username', 'status', 'is_city_admin']).where('id', '=', id).executeTakeFirst();
}

export function findAccountByUsername(db: Db, username: string) {
  return db.selectFrom('users').select(['id', 'username', 'status', 'is_city_admin']).where('username', '=', username.toLowerCase()).executeTakeFirst();
}

export function findMembership(db: Db, allianceId: string, userId: string) {
  return db.selectFrom('memberships').selectAll().where('alliance_id', '=', allianceId).where('user_id', '=', userId).executeTakeFirst();
}

/** Whether the account is also a member of an alliance other than this one. */
export async function memberElsewhere(db: Db, userId: string, allianceId: string): Promise<boolean> {
  const r = await db.selectFrom('memberships').select('id').where('user_id', '=', userId).where('alliance_id', '<>', allianceId).executeTakeFirst();
  return r !== undefined;
}

export function findRole(db: Db, allianceId: string, id: string) {
  return db.selectFrom('roles').selectAll().where('alliance_id', '=', allianceId).where('id', '=', id).executeTakeFirst();
}

export async function insertMembership(db: Db, row: MembershipTable): Promise<void> {
  bumpAuthEpoch();
  await db.insertInto('memberships').values(row).execute();
}

export async function updateMembership(db: Db, id: string, patch: Partial<MembershipTable>): Promise<void> {
  bumpAuthEpoch();
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('memberships').set(patch).where('id', '=', id).execute();
}

export async function deleteMembership(db: Db, id: string): Promise<void> {
  bumpAuthEpoch();
  await db.deleteFrom('memberships').where('id', '=', id).execute();
}

export async function updateAccount(db: Db, id: string, patch: Partial<UserTable>): Promise<void> {
  bumpAuthEpoch();
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function deleteSessions(db: Db, userId: string): Promise<number> {
  bumpAuthEpoch();
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Sessions of the user that are switched into the alliance fall back to no alliance. */
export async function detachSessions(db: Db, userId: string, allianceId: string): Promise<void> {
  bumpAuthEpoch();
  await db.updateTable('sessions').set({ alliance_id: null }).where('user_id', '=', userId).where('alliance_id', '=', allianceId).execute();
}

/** Whether the person belongs to the alliance (an account's person link is only valid with a membership there). */
export async function personInAlliance(db: Db, personId: string, allianceId: string): Promise<boolean> {
  return !!(await db.selectFrom('people').select('id').where('id', '=', personId).where('alliance_id', '=', allianceId).executeTakeFirst());
}
