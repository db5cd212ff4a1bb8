import { PERMISSIONS, type MembershipCreate, type Permission, type User, type UserCreate, type UserUpdate } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { MembershipTable, RoleTable, UserTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { keptName, shownText } from '../../lib/freeText.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, listParams, paged, resolveScope, type ResolvedScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { hashPassword } from '../auth/index.ts';
import { personInScope } from '../people/index.ts';
import { insertAccount, prepareAccount } from './users.accounts.ts';
import * as repo from './users.repo.ts';

export type UserListQuery = { page: number; pageSize: number; q?: string | undefined; roleId?: string | undefined; status?: 'active' | 'disabled' | undefined };

/** Permissions stored as a JSON array on a role row (unknown entries dropped). */
export function parsePermissions(json: string): Permission[] {
  try {
    const arr = JSON.parse(json) as unknown;
    return Array.isArray(arr) ? (arr.filter((p) => (PERMISSIONS as readonly string[]).includes(p as string)) as Permission[]) : [];
  } catch {
    return [];
  }
}

/** The API view of a member: account fields plus the membership in the current alliance; never the password hash. */
export function toUser(r: repo.UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: shownText(r.display_name),
    status: r.status as User['status'],
    isCityAdmin: Number(r.is_city_admin) === 1,
    personId: r.person_id,
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    lastLoginAt: r.last_login_at === null ? null : Number(r.last_login_at),
    membership: {
      allianceId: r.alliance_id,
      allianceName: shownText(r.alliance_name),
      allianceCode: r.alliance_code,
      roleId: r.role_id,
      roleName: shownText(r.role_name),
      unitId: r.unit_id,
      unitName: shownText(r.unit_name ?? null),
      scopeOrgId: r.scope_org_id,
      scopeGridId: r.scope_grid_id,
    },
    createdAt: Number(r.created_at),
  };
}

/** Throws 403 when the actor would hand out permissions they do not hold themselves (city admins may). */
export function assertCanGrant(a: TenantActor, perms: readonly Permission[]): void {
  if (a.isCityAdmin) return;
  const missing = perms.filter((p) => !a.permissions.has(p));
  if (missing.length) throw forbidden(`cannot grant permissions you do not hold: ${missing.join(', ')}`);
}

/**
 * A member may be managed only by someone at least as privileged: city-admin accounts only by city admins,
 * and nobody may manage (e.g. reset the password of) a member whose role holds permissions they lack.
 */
function assertCanManage(a: TenantActor, target: repo.UserRow): void {
  if (a.isCityAdmin) return;
  if (Number(target.is_city_admin) === 1) throw forbidden('city administrator accounts are managed by city administrators');
  assertCanGrant(a, parsePermissions(target.role_permissions));
}

/**
 * The account itself (password, status, display name, person) is shared by every alliance it belongs to: an alliance
 * administrator changes it only while the account belongs to their alliance alone. Otherwise one alliance could take over
 * (or lock out) another's staff by enlisting the account first; a city administrator changes shared accounts.
 */
async function assertOwnAccount(db: Db, a: TenantActor, userId: string): Promise<void> {
  if (a.isCityAdmin) return;
  if (await repo.memberElsewhere(db, userId, a.allianceId))
    throw forbidden('this account also belongs to another alliance: only a city administrator changes its password, status, name, person or lockout');
}

interface MembershipFields {
  roleId: string;
  unitId: string | null;
  scopeOrgId: string | null;
  scopeGridId: string | null;
}

/** Checks a membership's role and references (400 naming the field) and what the actor may grant (403). */
async function checkMembership(db: Db, a: TenantActor, m: MembershipFields, roleChanged: boolean): Promise<RoleTable> {
  const role = await repo.findRole(db, a.allianceId, m.roleId);
  if (!role) throw invalidField('roleId', 'unknown_reference', 'roleId does not exist in this alliance');
  await assertRefs(db, a.allianceId, [
    ['unitId', 'units', m.unitId],
    ['scopeOrgId', 'orgs', m.scopeOrgId],
    ['scopeGridId', 'grids', m.scopeGridId],
  ]);
  if (role.data_scope === 'unit' && !m.unitId) throw invalidField('unitId', 'required', 'a role with unit scope needs unitId');
  if (role.data_scope === 'org' && !m.scopeOrgId) throw invalidField('scopeOrgId', 'required', 'a role with org scope needs scopeOrgId');
  if (role.data_scope === 'grid' && !m.scopeGridId) throw invalidField('scopeGridId', 'required', 'a role with grid scope needs scopeGridId');
  if (roleChanged) {
    assertCanGrant(a, parsePermissions(role.permissions));
    // a scoped manager cannot hand out a wider reach than their own
    if (!a.isCityAdmin && a.scope !== 'alliance' && role.data_scope !== a.scope && role.data_scope !== 'own') {
      throw forbidden('cannot grant a wider data scope than your own');
    }
  }
  return role;
}

/**
 * The person an account is linked to must be one the caller may see (the people list's rule, as for a grid's members):
 * one outside their data scope answers as one that does not exist, so the answer tells nothing about who is there.
 */
async function assertPersonInReach(db: Db, a: TenantActor, scope: ResolvedScope, personId: string | null | undefined): Promise<void> {
  if (personId && !(await personInScope(db, a.allianceId, scope, personId)))
    throw invalidField('personId', 'unknown_reference', 'personId does not exist in this alliance');
}

/** After a write, the member must still be inside the actor's scope (else 403 and the transaction rolls back). */
async function reloadInScope(db: Db, a: TenantActor, scope: ResolvedScope, id: string): Promise<repo.UserRow> {
  const row = await repo.get(db, a.allianceId, scope, id);
  if (!row) throw forbidden('the membership would be outside your data scope');
  return row;
}

export async function listUsers(deps: Deps, a: TenantActor, q: UserListQuery) {
  const scope = await resolveScope(deps.db, a);
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, scope, q, offset, limit);
  return paged(r.items.map(toUser), r.total);
}

export async function getUser(deps: Deps, a: TenantActor, id: string): Promise<User> {
  const scope = await resolveScope(deps.db, a);
  const row = await repo.get(deps.db, a.allianceId, scope, id);
  if (!row) throw notFound('user');
  return toUser(row);
}

function membershipRow(a: TenantActor, userId: string, m: MembershipFields, now: number): MembershipTable {
  return {
    id: newId(now),
    user_id: userId,
    alliance_id: a.allianceId,
    role_id: m.roleId,
    unit_id: m.unitId,
    scope_org_id: m.scopeOrgId,
    scope_grid_id: m.scopeGridId,
    created_at: now,
  };
}

function fieldsOf(body: {
  roleId: string;
  unitId?: string | null | undefined;
  scopeOrgId?: string | null | undefined;
  scopeGridId?: string | null | undefined;
}): MembershipFields {
  return { roleId: body.roleId, unitId: body.unitId ?? null, scopeOrgId: body.scopeOrgId ?? null, scopeGridId: body.scopeGridId ?? null };
}

/** A new account and its membership in the current alliance, in one transaction. Accounts are never city admins here. */
export async function createUser(deps: Deps, a: TenantActor, body: UserCreate): Promise<User> {
  const scope = await resolveScope(deps.db, a);
  const m = fieldsOf(body);
  // hashing is slow: check cheap things first, hash outside the transaction
  await checkMembership(deps.db, a, m, true);
  await assertPersonInReach(deps.db, a, scope, body.personId);
  const prepared = await prepareAccount({
    username: body.username,
    displayName: body.displayName,
    password: body.password,
    personId: body.personId ?? null,
    isCityAdmin: false,
  });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await checkMembership(trx, a, m, true);
    const id = await insertAccount(trx, deps, prepared, a, a.allianceId);
    const ms = membershipRow(a, id, m, now);
    await repo.insertMembership(trx, ms);
    const view = toUser(await reloadInScope(trx, a, scope, id));
    await appendAudit(trx, deps, a, { action: 'membership.create', entity: 'user', entityId: id, after: view });
    return view;
  });
}

/** Adds an existing account (by username) to the current alliance. */
export async function addMembership(deps: Deps, a: TenantActor, body: MembershipCreate): Promise<User> {
  const scope = await resolveScope(deps.db, a);
  const m = fieldsOf(body);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const acc = await repo.findAccountByUsername(trx, body.username);
    if (!acc) throw invalidField('username', 'unknown_reference', 'no account with this username');
    if (Number(acc.is_city_admin) === 1 && !a.isCityAdmin) throw forbidden('city administrator accounts are managed by city administrators');
    if (await repo.findMembership(trx, a.allianceId, acc.id)) throw conflict('this account is already a member of the alliance');
    await checkMembership(trx, a, m, true);
    await repo.insertMembership(trx, membershipRow(a, acc.id, m, now));
    const view = toUser(await reloadInScope(trx, a, scope, acc.id));
    await appendAudit(trx, deps, a, { action: 'membership.create', entity: 'user', entityId: acc.id, after: view });
    return view;
  });
}

export async function updateUser(deps: Deps, a: TenantActor, id: string, body: UserUpdate): Promise<User> {
  const scope = await resolveScope(deps.db, a);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('user');
    assertCanManage(a, row);
    if (body.roleId !== undefined && body.roleId !== row.role_id && id === a.userId) throw conflict('you cannot change your own role', { reason: 'own_role' });
    const acc: Partial<UserTable> = {};
    // only what changes: an edit form sends every field back, and a shared account's may not change here
    // (accounts the CLI made before names were trimmed may carry spaces the form no longer sends)
    // (and one named before names refused numbers saves with it sent back: keptName checks only a changed name)
    const displayName = body.displayName === undefined ? undefined : keptName('displayName', row.display_name.trim(), body.displayName);
    if (displayName !== undefined && displayName !== row.display_name.trim()) acc.display_name = displayName;
    if (body.personId !== undefined && body.personId !== row.person_id) {
      await assertPersonInReach(trx, a, scope, body.personId);
      acc.person_id = body.personId;
    }
    if (body.status !== undefined && body.status !== row.status) {
      if (body.status === 'disabled' && id === a.userId) throw conflict('you cannot disable your own account');
      acc.status = body.status;
    }
    const next: MembershipFields = {
      roleId: body.roleId ?? row.role_id,
      unitId: body.unitId === undefined ? row.unit_id : body.unitId,
      scopeOrgId: body.scopeOrgId === undefined ? row.scope_org_id : body.scopeOrgId,
      scopeGridId: body.scopeGridId === undefined ? row.scope_grid_id : body.scopeGridId,
    };
    const msPatch: Partial<MembershipTable> = {};
    if (next.roleId !== row.role_id) msPatch.role_id = next.roleId;
    if (next.unitId !== row.unit_id) msPatch.unit_id = next.unitId;
    if (next.scopeOrgId !== row.scope_org_id) msPatch.scope_org_id = next.scopeOrgId;
    if (next.scopeGridId !== row.scope_grid_id) msPatch.scope_grid_id = next.scopeGridId;
    // a form saved as shown changes nothing: no write, no audit record
    if (!Object.keys(acc).length && !Object.keys(msPatch).length) return toUser(row);
    if (Object.keys(msPatch).length) await checkMembership(trx, a, next, next.roleId !== row.role_id);
    if (Object.keys(acc).length) {
      await assertOwnAccount(trx, a, id);
      await repo.updateAccount(trx, id, { ...acc, updated_at: now });
    }
    await repo.updateMembership(trx, row.membership_id, msPatch);
    // a disabled account is logged out everywhere at once
    if (acc.status === 'disabled') await repo.deleteSessions(trx, id);
    const after = toUser(await reloadInScope(trx, a, scope, id));
    await appendAudit(trx, deps, a, { action: 'user.update', entity: 'user', entityId: id, before: toUser(row), after });
    return after;
  });
}

/** Removes the membership from the current alliance; the account stays. */
export async function removeMembership(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('user');
    if (id === a.userId) throw conflict('you cannot remove yourself from the alliance');
    assertCanManage(a, row);
    await repo.deleteMembership(trx, row.membership_id);
    await repo.detachSessions(trx, id, a.allianceId);
    // the account's link to a person of this alliance goes with the membership that justified it
    if (row.person_id && (await repo.personInAlliance(trx, row.person_id, a.allianceId)))
      await repo.updateAccount(trx, id, { person_id: null, updated_at: deps.clock.now() });
    await appendAudit(trx, deps, a, { action: 'membership.delete', entity: 'user', entityId: id, before: toUser(row) });
  });
}

/** Sets a new password (policy applies) and ends every session of the user. */
export async function resetPassword(deps: Deps, a: TenantActor, id: string, password: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  const row = await repo.get(deps.db, a.allianceId, scope, id);
  if (!row) throw notFound('user');
  assertCanManage(a, row);
  await assertOwnAccount(deps.db, a, id);
  const hash = await hashPassword(password, row.username);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const again = await repo.get(trx, a.allianceId, scope, id);
    if (!again) throw notFound('user');
    // again inside: another alliance may have enlisted the account while the password was hashed
    await assertOwnAccount(trx, a, id);
    await repo.updateAccount(trx, id, { password_hash: hash, updated_at: now });
    const ended = await repo.deleteSessions(trx, id);
    // never the password or its hash
    await appendAudit(trx, deps, a, { action: 'user.reset_password', entity: 'user', entityId: id, after: { sessionsEnded: ended } });
  });
}

/** Clears a lockout after repeated failed logins. */
export async function unlockUser(deps: Deps, a: TenantActor, id: string): Promise<User> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('user');
    assertCanManage(a, row);
    // the lockout protects the account everywhere: another alliance lifting it could keep guessing its password
    await assertOwnAccount(trx, a, id);
    await repo.updateAccount(trx, id, { locked_until: null, failed_logins: 0, updated_at: deps.clock.now() });
    const after = toUser({ ...row, locked_until: null });
    await appendAudit(trx, deps, a, {
      action: 'user.unlock',
      entity: 'user',
      entityId: id,
      before: { lockedUntil: row.locked_until === null ? null : Number(row.locked_until) },
      after: { lockedUntil: null },
    });
    return after;
  });
}
