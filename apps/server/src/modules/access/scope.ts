import type { Permission } from '@tongxin/domain';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Actor, TenantActor } from '../../lib/context.ts';
import { AppError, forbidden, unauthenticated } from '../../lib/errors.ts';

/** The rows an actor reaches inside the alliance, resolved once per request. */
export type ResolvedScope =
  | { kind: 'alliance' }
  | { kind: 'org'; orgPath: string }
  | { kind: 'grid'; gridPath: string }
  | { kind: 'unit'; unitId: string }
  | { kind: 'own'; userId: string; personId: string | null };

/** Which columns of a table carry each scope dimension; a missing dimension means the scope reaches no row. */
export interface ScopeColumns {
  orgId?: string;
  gridId?: string;
  unitId?: string;
  createdBy?: string;
  personId?: string;
  /** for trees: the row's own path */
  orgPath?: string;
  gridPath?: string;
}

/** Throws 401/403 unless the actor is bound to an alliance and holds the permission. */
export function requireTenant(actor: Actor | null, perm: Permission): TenantActor {
  if (!actor) throw unauthenticated();
  if (!actor.allianceId) throw forbidden('no alliance selected');
  if (!actor.permissions.has(perm)) throw forbidden(`missing permission ${perm}`);
  return actor as TenantActor;
}

/**
 * Throws 401 without a caller and 403 (reason `city_admin_required`) unless it is a city administrator, whichever
 * alliance it has selected (or none): the city-level reads over every alliance. An API key is never one.
 */
export function requireCityAdmin(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  if (!actor.isCityAdmin) throw new AppError('FORBIDDEN', 403, 'only a city administrator reads the whole city', { reason: 'city_admin_required' });
  return actor;
}

/**
 * Refuses (403 `FORBIDDEN`, reason `alliance_scope_required`) an actor whose data scope is narrower than the alliance
 * (org, grid, unit, own; a city administrator's is always the alliance). For the alliance's own acts and rules, which
 * a narrower scope cannot narrow to the rows it reaches: evaluation rounds rank every shop of the alliance, and the
 * credit settings and deduction catalogue are the rules every shop is measured by (docs/CREDIT.md), and the confidential
 * contact receives the conduct feedback of every monitoring point (docs/MERCHANTS.md). Call it before
 * any row is read, so a refusal tells nothing about what exists. `message` says whose act it is.
 */
export function requireAllianceScope(a: TenantActor, message: string): void {
  if (a.scope !== 'alliance') throw new AppError('FORBIDDEN', 403, message, { reason: 'alliance_scope_required' });
}

/** Resolves the actor's data scope into paths usable in SQL. A misconfigured scope reaches nothing. */
export async function resolveScope(db: Db, a: TenantActor): Promise<ResolvedScope> {
  const none: ResolvedScope = { kind: 'unit', unitId: '~none~' };
  switch (a.scope) {
    case 'alliance':
      return { kind: 'alliance' };
    case 'org': {
      if (!a.scopeOrgId) return none;
      const o = await db.selectFrom('orgs').select('path').where('id', '=', a.scopeOrgId).where('alliance_id', '=', a.allianceId).executeTakeFirst();
      return o ? { kind: 'org', orgPath: o.path } : none;
    }
    case 'grid': {
      if (!a.scopeGridId) return none;
      const g = await db.selectFrom('grids').select('path').where('id', '=', a.scopeGridId).where('alliance_id', '=', a.allianceId).executeTakeFirst();
      return g ? { kind: 'grid', gridPath: g.path } : none;
    }
    case 'unit':
      return a.unitId ? { kind: 'unit', unitId: a.unitId } : none;
    case 'own':
      return a.userId ? { kind: 'own', userId: a.userId, personId: a.personId } : none;
  }
}

const FALSE = sql<SqlBool>`1 = 0`;
const TRUE = sql<SqlBool>`1 = 1`;

/** A WHERE expression restricting a table's rows to the scope. Subtrees are matched through the org/grid path. */
export function scopeFilter(scope: ResolvedScope, cols: ScopeColumns): Expression<SqlBool> {
  const ref = (c: string) => sql.ref(c);
  switch (scope.kind) {
    case 'alliance':
      return TRUE;
    case 'org':
      if (cols.orgPath) return sql<SqlBool>`${ref(cols.orgPath)} like ${`${scope.orgPath}%`}`;
      if (!cols.orgId) return FALSE;
      return sql<SqlBool>`${ref(cols.orgId)} in (select o.id from orgs o where o.path like ${`${scope.orgPath}%`})`;
    case 'grid':
      if (cols.gridPath) return sql<SqlBool>`${ref(cols.gridPath)} like ${`${scope.gridPath}%`}`;
      if (!cols.gridId) return FALSE;
      return sql<SqlBool>`${ref(cols.gridId)} in (select g.id from grids g where g.path like ${`${scope.gridPath}%`})`;
    case 'unit':
      return cols.unitId ? sql<SqlBool>`${ref(cols.unitId)} = ${scope.unitId}` : FALSE;
    case 'own': {
      const parts: Expression<SqlBool>[] = [];
      if (cols.createdBy) parts.push(sql<SqlBool>`${ref(cols.createdBy)} = ${scope.userId}`);
      if (cols.personId && scope.personId) parts.push(sql<SqlBool>`${ref(cols.personId)} = ${scope.personId}`);
      if (parts.length === 0) return FALSE;
      return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
    }
  }
}

/** Checks that a new or moved row's references stay inside the scope; throws 403 otherwise. */
export async function assertRefsInScope(
  db: Db,
  scope: ResolvedScope,
  refs: { orgId?: string | null; gridId?: string | null; unitId?: string | null },
): Promise<void> {
  switch (scope.kind) {
    case 'alliance':
    case 'own':
      return;
    case 'org': {
      const o = refs.orgId ? await db.selectFrom('orgs').select('path').where('id', '=', refs.orgId).executeTakeFirst() : undefined;
      if (!o || !o.path.startsWith(scope.orgPath)) throw forbidden('outside your organisation scope');
      return;
    }
    case 'grid': {
      const g = refs.gridId ? await db.selectFrom('grids').select('path').where('id', '=', refs.gridId).executeTakeFirst() : undefined;
      if (!g || !g.path.startsWith(scope.gridPath)) throw forbidden('outside your grid scope');
      return;
    }
    case 'unit':
      if (refs.unitId !== scope.unitId) throw forbidden('outside your unit scope');
  }
}
