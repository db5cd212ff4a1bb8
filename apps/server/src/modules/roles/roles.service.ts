import { BUILTIN_ROLES, PERMISSIONS, missingReads, type PageQuery, type Permission, type Role, type RoleCreate, type RoleUpdate } from '@tongxin/domain';
import type { RoleTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { listParams, paged } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './roles.repo.ts';

const ADMIN_ROLE_NAME = BUILTIN_ROLES.find((r) => r.key === 'admin')?.name ?? '联盟管理员';
/** Permissions the built-in administrator role always keeps, so nobody locks the alliance out of its own management. */
const ADMIN_KEEPS: Permission[] = ['role:write', 'user:write'];

function parsePermissions(json: string): Permission[] {
  try {
    const arr = JSON.parse(json) as unknown;
    return Array.isArray(arr) ? (arr.filter((p) => (PERMISSIONS as readonly string[]).includes(p as string)) as Permission[]) : [];
  } catch {
    return [];
  }
}

/** Deduplicated, in the canonical order of PERMISSIONS. */
function normalise(perms: readonly Permission[]): Permission[] {
  const set = new Set(perms);
  return PERMISSIONS.filter((p) => set.has(p));
}

/** The API view of a role row. */
export function toRole(r: RoleTable): Role {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    name: shownText(r.name),
    description: shownText(r.description),
    permissions: parsePermissions(r.permissions),
    dataScope: r.data_scope as Role['dataScope'],
    builtin: Number(r.builtin) === 1,
    createdAt: Number(r.created_at),
  };
}

/** 403 when the actor hands out permissions they do not hold themselves (city admins may). */
function assertCanGrant(a: TenantActor, perms: readonly Permission[]): void {
  if (a.isCityAdmin) return;
  const missing = perms.filter((p) => !a.permissions.has(p));
  if (missing.length) throw forbidden(`cannot grant permissions you do not hold: ${missing.join(', ')}`);
}

/** 400 on `permissions` when a write-like permission comes without its read (READ_PARTNERS); the route's schema says so first. */
function assertReadsHeld(perms: readonly Permission[]): void {
  const missing = missingReads(perms);
  if (missing.length) throw invalidField('permissions', 'read_missing', `write permissions need their read permissions: ${missing.join(', ')}`);
}

const isAdminRole = (r: RoleTable) => Number(r.builtin) === 1 && r.name === ADMIN_ROLE_NAME;

export async function listRoles(deps: Deps, a: TenantActor, q: PageQuery) {
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, q.q, offset, limit);
  return paged(r.items.map(toRole), r.total);
}

export async function getRole(deps: Deps, a: TenantActor, id: string): Promise<Role> {
  const row = await repo.get(deps.db, a.allianceId, id);
  if (!row) throw notFound('role');
  return toRole(row);
}

export async function createRole(deps: Deps, a: TenantActor, body: RoleCreate): Promise<Role> {
  const permissions = normalise(body.permissions);
  assertCanGrant(a, permissions);
  assertReadsHeld(permissions);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.getByName(trx, a.allianceId, body.name)) throw invalidField('name', 'duplicate', 'a role with this name exists');
    const row: RoleTable = {
      id: newId(now),
      alliance_id: a.allianceId,
      name: body.name,
      description: body.description ?? null,
      permissions: JSON.stringify(permissions),
      data_scope: body.dataScope,
      builtin: 0,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    const view = toRole(row);
    await appendAudit(trx, deps, a, { action: 'role.create', entity: 'role', entityId: row.id, after: view });
    return view;
  });
}

export async function updateRole(deps: Deps, a: TenantActor, id: string, body: RoleUpdate): Promise<Role> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw notFound('role');
    const builtin = Number(row.builtin) === 1;
    const patch: Partial<RoleTable> = {};
    const name = keptName('name', row.name, body.name);
    if (name !== undefined && name !== row.name) {
      if (builtin) throw conflict('a built-in role cannot be renamed');
      if (await repo.getByName(trx, a.allianceId, name)) throw invalidField('name', 'duplicate', 'a role with this name exists');
      patch.name = name;
    }
    if (body.description !== undefined) patch.description = keptText(row.description, body.description);
    if (body.permissions !== undefined) {
      const next = normalise(body.permissions);
      const had = new Set(parsePermissions(row.permissions));
      assertCanGrant(
        a,
        next.filter((p) => !had.has(p)),
      );
      assertReadsHeld(next);
      if (isAdminRole(row)) {
        const lost = ADMIN_KEEPS.filter((p) => !next.includes(p));
        if (lost.length) throw conflict(`the ${ADMIN_ROLE_NAME} role must keep ${ADMIN_KEEPS.join(' and ')}`, { missing: lost });
      }
      patch.permissions = JSON.stringify(next);
    }
    if (body.dataScope !== undefined && body.dataScope !== row.data_scope) {
      if (isAdminRole(row)) throw conflict(`the ${ADMIN_ROLE_NAME} role must keep the alliance data scope`);
      // widening a role's reach is granting too
      if (!a.isCityAdmin && a.scope !== 'alliance') throw forbidden('cannot change the data scope of a role');
      patch.data_scope = body.dataScope;
    }
    if (!changesRow(row, patch)) return toRole(row);
    patch.updated_at = deps.clock.now();
    await repo.update(trx, id, patch);
    const after = toRole({ ...row, ...patch });
    await appendAudit(trx, deps, a, { action: 'role.update', entity: 'role', entityId: id, before: toRole(row), after });
    return after;
  });
}

export async function deleteRole(deps: Deps, a: TenantActor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, id);
    if (!row) throw notFound('role');
    if (Number(row.builtin) === 1) throw conflict('a built-in role cannot be deleted');
    const refs = await repo.referencesTo(trx, id);
    if (refs.length) throw conflict('role is still in use', { references: refs });
    await repo.remove(trx, id);
    await appendAudit(trx, deps, a, { action: 'role.delete', entity: 'role', entityId: id, before: toRole(row) });
  });
}
