import { BUILTIN_ROLES, DEFAULT_GRID_LEVEL_NAMES, type Alliance, type AllianceCreate, type AllianceUpdate, type PageQuery } from '@tongxin/domain';
import type { AllianceTable } from '../../db/types.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { keptName, keptNames, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { conflict, forbidden, invalidField, notFound, unauthenticated } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { listParams, paged } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { seedDefaultCategories } from '../categories/index.ts';
import { seedDefaultCatalogue } from '../credit/index.ts';
import * as repo from './alliances.repo.ts';

/** The API view of an alliance row. */
export function toAlliance(r: AllianceTable): Alliance {
  return {
    id: r.id,
    code: r.code,
    name: shownText(r.name),
    region: shownText(r.region),
    description: shownText(r.description),
    gridLevelNames: levelNamesOf(r).map(shownText),
    status: r.status as Alliance['status'],
    createdAt: Number(r.created_at),
  };
}

/** The stored grid-level names of an alliance row. */
function levelNamesOf(r: Pick<AllianceTable, 'grid_level_names'>): string[] {
  return JSON.parse(r.grid_level_names) as string[];
}

function needUser(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}

/** City admins see every alliance; others the ones they belong to (an API key: its own). */
export async function listAlliances(deps: Deps, actor: Actor | null, q: PageQuery) {
  const a = needUser(actor);
  const only = a.isCityAdmin ? null : a.userId ? await repo.memberAllianceIds(deps.db, a.userId) : a.allianceId ? [a.allianceId] : [];
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, only, q.q, offset, limit);
  return paged(r.items.map(toAlliance), r.total);
}

/** Every alliance of the city, disabled ones included, oldest first: for city-level reads that the caller checked. */
export async function allAlliances(deps: Deps): Promise<Alliance[]> {
  return (await repo.all(deps.db)).map(toAlliance);
}

export async function getAlliance(deps: Deps, actor: Actor | null, id: string): Promise<Alliance> {
  const a = needUser(actor);
  const visible = a.isCityAdmin || a.allianceId === id || (a.userId && (await repo.memberAllianceIds(deps.db, a.userId)).includes(id));
  const row = visible ? await repo.get(deps.db, id) : undefined;
  if (!row) throw notFound('alliance');
  return toAlliance(row);
}

/** Creates an alliance with its built-in roles; city admins only. */
export async function createAlliance(deps: Deps, actor: Actor | null, body: AllianceCreate): Promise<Alliance> {
  const a = needUser(actor);
  if (!a.isCityAdmin) throw forbidden('only a city administrator creates alliances');
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.getByCode(trx, body.code)) throw invalidField('code', 'duplicate', 'this alliance code is taken');
    const row: AllianceTable = {
      id,
      code: body.code,
      name: body.name,
      region: body.region ?? null,
      description: body.description ?? null,
      grid_level_names: JSON.stringify(body.gridLevelNames ?? DEFAULT_GRID_LEVEL_NAMES),
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    for (const r of BUILTIN_ROLES) {
      await repo.insertRole(trx, {
        id: newId(now),
        alliance_id: id,
        name: r.name,
        description: r.description,
        permissions: JSON.stringify(r.permissions),
        data_scope: r.dataScope,
        builtin: 1,
        created_at: now,
        updated_at: now,
      });
    }
    await seedDefaultCategories(trx, id, now);
    // the 十二分制 deduction catalogue exists from the start, so reading it never writes
    await seedDefaultCatalogue(trx, id, now);
    const view = toAlliance(row);
    await appendAudit(trx, deps, a, { action: 'alliance.create', entity: 'alliance', entityId: id, after: view, allianceId: null });
    await appendAudit(trx, deps, a, { action: 'alliance.create', entity: 'alliance', entityId: id, after: view, allianceId: id });
    return view;
  });
}

/** Updates the current alliance (alliance:write) or any alliance (city admin). */
export async function updateAlliance(deps: Deps, actor: Actor | null, id: string, body: AllianceUpdate): Promise<Alliance> {
  const a = needUser(actor);
  if (!a.isCityAdmin && !(a.allianceId === id && a.permissions.has('alliance:write'))) {
    if (a.allianceId !== id) throw notFound('alliance');
    throw forbidden('missing permission alliance:write');
  }
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.get(trx, id);
    if (!row) throw notFound('alliance');
    if (body.status === 'disabled' && !a.isCityAdmin) throw conflict('only a city administrator can disable an alliance');
    const patch: Partial<AllianceTable> = {};
    if (body.name !== undefined) patch.name = keptName('name', row.name, body.name);
    if (body.region !== undefined) patch.region = keptText(row.region, body.region);
    if (body.description !== undefined) patch.description = keptText(row.description, body.description);
    if (body.gridLevelNames !== undefined) patch.grid_level_names = JSON.stringify(keptNames('gridLevelNames', levelNamesOf(row), body.gridLevelNames));
    if (body.status !== undefined) patch.status = body.status;
    if (!changesRow(row, patch)) return toAlliance(row);
    patch.updated_at = deps.clock.now();
    await repo.update(trx, id, patch);
    const after = toAlliance({ ...row, ...patch });
    await appendAudit(trx, deps, a, { action: 'alliance.update', entity: 'alliance', entityId: id, before: toAlliance(row), after, allianceId: id });
    return after;
  });
}
