import { orgKindFitsUnder, type Org, type OrgCreate, type OrgKind, type OrgUpdate, type PageQuery } from '@tongxin/domain';
import type { OrgTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertUniqueInAlliance, listParams, paged, resolveScope, type ResolvedScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './orgs.repo.ts';

/** The API view of an org row. */
export function toOrg(r: OrgTable): Org {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    parentId: r.parent_id,
    kind: r.kind as Org['kind'],
    name: shownText(r.name),
    secretary: shownText(r.secretary),
    description: shownText(r.description),
    sortOrder: Number(r.sort_order),
    createdAt: Number(r.created_at),
  };
}

/** A child must sit below its parent in the 党组织 hierarchy (a 党支部 cannot hold a 镇党委). */
function checkKindUnderParent(kind: string, parentKind: string | null): void {
  if (!orgKindFitsUnder(kind as OrgKind, (parentKind || null) as OrgKind | null)) {
    throw invalidField('kind', 'kind_not_below_parent', 'an organisation must be of a lower kind than its parent');
  }
}

/** Under an org scope, new roots are out of reach and parents must be inside the subtree. */
function checkParentInScope(scope: ResolvedScope, parentPath: string | null): void {
  if (scope.kind === 'alliance' || scope.kind === 'own') return;
  if (scope.kind === 'org' && parentPath && parentPath.startsWith(scope.orgPath)) return;
  throw forbidden('outside your organisation scope');
}

export async function listOrgs(deps: Deps, a: TenantActor, q: PageQuery & { kind?: string | undefined; parentId?: string | undefined }) {
  const scope = await resolveScope(deps.db, a);
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, scope, q, offset, limit);
  return paged(r.items.map(toOrg), r.total);
}

/** Every org in reach, for the tree view (bounded). */
export async function orgTree(deps: Deps, a: TenantActor) {
  const scope = await resolveScope(deps.db, a);
  const r = await repo.list(deps.db, a.allianceId, scope, {}, 0, 5000);
  return paged(r.items.map(toOrg), r.total);
}

export async function getOrg(deps: Deps, a: TenantActor, id: string): Promise<Org> {
  const scope = await resolveScope(deps.db, a);
  const row = await repo.get(deps.db, a.allianceId, scope, id);
  if (!row) throw notFound('org');
  return toOrg(row);
}

/** 两个“第一党支部” under one 党委 cannot be told apart; under different ones they can. */
const ORG_NAME = { table: 'orgs', column: 'name', field: 'name' } as const;

export async function createOrg(deps: Deps, a: TenantActor, body: OrgCreate): Promise<Org> {
  const scope = await resolveScope(deps.db, a);
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    const parent = body.parentId ? await repo.getInAlliance(trx, a.allianceId, body.parentId) : undefined;
    if (body.parentId && !parent) throw invalidField('parentId', 'unknown_reference', 'parent organisation does not exist');
    checkParentInScope(scope, parent?.path ?? null);
    checkKindUnderParent(body.kind, parent?.kind ?? null);
    await assertUniqueInAlliance(trx, ORG_NAME, a.allianceId, body.name, { parentId: parent?.id ?? null });
    const row: OrgTable = {
      id,
      alliance_id: a.allianceId,
      parent_id: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      kind: body.kind,
      name: body.name,
      secretary: body.secretary ?? null,
      description: body.description ?? null,
      sort_order: body.sortOrder ?? 0,
      created_by: a.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    const view = toOrg(row);
    await appendAudit(trx, deps, a, { action: 'org.create', entity: 'org', entityId: id, after: view });
    return view;
  });
}

export async function updateOrg(deps: Deps, a: TenantActor, id: string, body: OrgUpdate): Promise<Org> {
  const scope = await resolveScope(deps.db, a);
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('org');
    const patch: Partial<OrgTable> = {};
    if (body.name !== undefined) patch.name = keptName('name', row.name, body.name);
    if (body.kind !== undefined) patch.kind = body.kind;
    if (body.secretary !== undefined) patch.secretary = keptName('secretary', row.secretary, body.secretary);
    if (body.description !== undefined) patch.description = keptText(row.description, body.description);
    if (body.sortOrder !== undefined) patch.sort_order = body.sortOrder;
    let parentKind: string | null = null;
    if (body.parentId !== undefined && body.parentId !== row.parent_id) {
      const parent = body.parentId ? await repo.getInAlliance(trx, a.allianceId, body.parentId) : undefined;
      if (body.parentId && !parent) throw invalidField('parentId', 'unknown_reference', 'parent organisation does not exist');
      if (parent && parent.path.startsWith(row.path)) throw invalidField('parentId', 'cycle', 'an organisation cannot move under itself');
      checkParentInScope(scope, parent?.path ?? null);
      patch.parent_id = parent?.id ?? null;
      await repo.movePaths(trx, a.allianceId, row.path, `${parent?.path ?? '/'}${id}/`);
      parentKind = parent?.kind ?? null;
    } else if (row.parent_id) {
      parentKind = (await repo.getInAlliance(trx, a.allianceId, row.parent_id))?.kind ?? null;
    }
    if (!changesRow(row, patch)) return toOrg(row);
    patch.updated_at = deps.clock.now();
    checkKindUnderParent(patch.kind ?? row.kind, parentKind);
    // checked only when the name or the parent changes: an org that was a duplicate before the rule stays editable
    if ((patch.name !== undefined && patch.name !== row.name) || (patch.parent_id !== undefined && patch.parent_id !== row.parent_id))
      await assertUniqueInAlliance(trx, ORG_NAME, a.allianceId, patch.name ?? row.name, {
        parentId: patch.parent_id === undefined ? row.parent_id : patch.parent_id,
        exceptId: id,
      });
    await repo.update(trx, id, patch);
    const after = toOrg({ ...row, ...patch, path: row.path });
    await appendAudit(trx, deps, a, { action: 'org.update', entity: 'org', entityId: id, before: toOrg(row), after });
    return after;
  });
}

export async function deleteOrg(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, a.allianceId, scope, id);
    if (!row) throw notFound('org');
    const refs = await repo.referencesTo(trx, row.alliance_id ?? null, id);
    if (refs.length) throw conflict('organisation is still in use', { references: refs });
    await repo.remove(trx, id);
    await appendAudit(trx, deps, a, { action: 'org.delete', entity: 'org', entityId: id, before: toOrg(row) });
  });
}
