import {
  canChangeProjectStatus,
  isProjectOverdue,
  shanghaiDate,
  type Project,
  type ProjectCreate,
  type ProjectEvent,
  type ProjectNode,
  type ProjectProgressBody,
  type ProjectQuery,
  type ProjectStatus,
  type ProjectStatusBody,
  type ProjectUpdate,
} from '@tongxin/domain';
import type { Expression, SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { ProjectTable } from '../../db/tables/resources.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { AppError, conflict, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changedPart } from '../../lib/patch.ts';
import { listParams, paged, resolveScope, type ResolvedScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { photoHolderReach } from '../files/index.ts';
import { assertPhotos, photoRef, ticketScope } from '../tickets/index.ts';
import { autoNoteOf, rollUp, weightedProgress } from './projects.rollup.ts';
import * as repo from './projects.repo.ts';
import type { ProjectRow } from './projects.repo.ts';
import { assertUnitWritable, managesUnit, unitOf } from './reach.ts';

const MAX_DEPTH = 8;
const round1 = (x: number) => Math.round(Number(x) * 10) / 10;

/**
 * The API view of a project row; `today` is the Asia/Shanghai date that decides overdue. The meeting whose resolution
 * created it is named only when `meetings` (the reader has meeting:read): which meeting decided what is the
 * committee's business, like the 吹哨 agenda's meeting column.
 */
export function toProject(r: ProjectRow, today: string, meetings = false): Project {
  const status = r.status as ProjectStatus;
  return {
    id: r.id,
    allianceId: r.alliance_id,
    parentId: r.parent_id,
    depth: Number(r.depth),
    kind: r.kind as Project['kind'],
    title: shownText(r.title),
    description: shownText(r.description),
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: shownText(r.owner_unit_name),
    responsiblePersonId: r.responsible_person_id,
    responsiblePersonName: shownText(r.responsible_person_name),
    deadline: r.deadline,
    weight: Number(r.weight),
    progress: round1(r.progress),
    status,
    overdue: isProjectOverdue({ deadline: r.deadline, status }, today),
    childCount: Number(r.child_count),
    ticketId: Number(r.ticket_hidden) === 1 ? null : r.ticket_id,
    ticketNumber: Number(r.ticket_hidden) === 1 ? null : r.ticket_number,
    resourceId: r.resource_id,
    resourceTitle: shownText(r.resource_title),
    capacity: r.capacity === null ? null : Number(r.capacity),
    adoptedCount: Number(r.adopted_count),
    adoptedByMe: Number(r.adopted_by_me) > 0,
    resolutionId: r.resolution_id,
    meetingId: meetings ? r.meeting_id : null,
    meetingTitle: meetings ? shownText(r.meeting_title) : null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

const today = (deps: Pick<Deps, 'clock'>) => shanghaiDate(deps.clock.now());
const readsMeetings = (a: TenantActor) => a.permissions.has('meeting:read');
export const illegalStatus = (from: string, to: string) =>
  new AppError('ILLEGAL_TRANSITION', 409, `a project cannot go from ${from} to ${to}`, { status: from, to });

/**
 * A project of the alliance (any reader may see it), or 404. A link to a confidential case is hidden in it (the rules
 * and the audit records read it): `seen` (seenTickets) shows it to who sees the case.
 */
export async function loadProject(db: Db, a: TenantActor, id: string, seen?: Expression<SqlBool>): Promise<ProjectRow> {
  const row = await repo.get(db, a.allianceId, a.userId, id, seen);
  if (!row) throw notFound('project');
  return row;
}

/**
 * The cases the reader sees (the tickets module's ticketScope): a project links a confidential case only from before
 * such links were refused, and shows it only to them — the contact, the reporter, the lead unit once dispatched.
 */
async function seenTickets(db: Db, a: TenantActor): Promise<Expression<SqlBool>> {
  return ticketScope(await resolveScope(db, a), a.userId);
}

export async function listProjects(deps: Deps, a: TenantActor, q: ProjectQuery) {
  const { offset, limit } = listParams(q);
  const d = today(deps);
  const r = await repo.list(deps.db, a.allianceId, a.userId, await seenTickets(deps.db, a), q, d, offset, limit);
  return paged(
    r.items.map((row) => toProject(row, d, readsMeetings(a))),
    r.total,
  );
}

/** A page of root projects with their whole subtrees (for the tree table); a root is listed when any node below it matches. */
export async function projectTree(deps: Deps, a: TenantActor, q: ProjectQuery): Promise<{ items: ProjectNode[]; total: number }> {
  const { offset, limit } = listParams(q);
  const d = today(deps);
  const r = await repo.treePage(deps.db, a.allianceId, a.userId, await seenTickets(deps.db, a), q, d, offset, limit);
  const nodes = new Map<string, ProjectNode>(r.rows.map((row) => [row.id, toProject(row, d, readsMeetings(a))]));
  for (const row of r.rows) {
    if (!row.parent_id) continue;
    const parent = nodes.get(row.parent_id);
    const node = nodes.get(row.id);
    if (parent && node) (parent.children ??= []).push(node);
  }
  return { items: r.roots.map((id) => nodes.get(id)).filter((x): x is ProjectNode => !!x), total: r.total };
}

/** The projects each of the given resolutions created, oldest first, as the reader sees projects. */
export async function projectsOfResolutions(deps: Deps, a: TenantActor, resolutionIds: string[]): Promise<Map<string, Project[]>> {
  const out = new Map<string, Project[]>();
  if (resolutionIds.length === 0) return out;
  const d = today(deps);
  for (const row of await repo.byResolutions(deps.db, a.allianceId, a.userId, await seenTickets(deps.db, a), resolutionIds)) {
    const key = row.resolution_id as string;
    out.set(key, [...(out.get(key) ?? []), toProject(row, d, readsMeetings(a))]);
  }
  return out;
}

export async function getProject(deps: Deps, a: TenantActor, id: string): Promise<Project> {
  return toProject(await loadProject(deps.db, a, id, await seenTickets(deps.db, a)), today(deps), readsMeetings(a));
}

/**
 * The linked case must be one the actor can see (a case out of reach answers as one that does not exist), and not a
 * confidential one: the whole alliance reads projects, and a confidential case's existence stays with its contact.
 */
async function assertTicket(trx: Db, a: TenantActor, scope: ResolvedScope, id: string | null | undefined, field = 'ticketId'): Promise<void> {
  if (!id) return;
  const t = await trx
    .selectFrom('tickets')
    .select('confidential')
    .where('id', '=', id)
    .where('alliance_id', '=', a.allianceId)
    .where(ticketScope(scope, a.userId))
    .executeTakeFirst();
  if (!t) throw invalidField(field, 'unknown_reference', `${field} does not exist in this alliance`);
  if (Number(t.confidential) === 1) throw invalidField(field, 'confidential', 'a confidential case is not linked to a project');
}

async function assertResource(trx: Db, allianceId: string, id: string | null | undefined, field = 'resourceId'): Promise<void> {
  if (!id) return;
  const r = await trx.selectFrom('resources').select('id').where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
  if (!r) throw invalidField(field, 'unknown_reference', `${field} does not exist in this alliance`);
}

/** The responsible person must be a person of the alliance working for the owner unit (or for no unit). */
async function assertResponsible(trx: Db, allianceId: string, ownerUnitId: string, personId: string | null | undefined, field = 'responsiblePersonId') {
  if (!personId) return;
  const p = await trx.selectFrom('people').select('unit_id').where('id', '=', personId).where('alliance_id', '=', allianceId).executeTakeFirst();
  if (!p) throw invalidField(field, 'unknown_reference', `${field} does not exist in this alliance`);
  if (p.unit_id && p.unit_id !== ownerUnitId) throw invalidField(field, 'not_in_owner_unit', 'the responsible person works for another unit');
}

interface Actorish {
  a: TenantActor;
  scope: ResolvedScope;
}

/**
 * Creates a project inside the caller's transaction (also used by dispatch-with-resource and by a joint meeting's
 * resolution, which names itself in `resolutionId`); returns its id.
 */
export async function createProjectIn(trx: Db, deps: Deps, { a, scope }: Actorish, body: ProjectCreate, from: { resolutionId?: string } = {}): Promise<string> {
  const now = deps.clock.now();
  const id = newId(now);
  const owner = unitOf(a, body.ownerUnitId, 'ownerUnitId');
  let parent: ProjectTable | undefined;
  if (body.parentId) {
    parent = await trx.selectFrom('projects').selectAll().where('id', '=', body.parentId).where('alliance_id', '=', a.allianceId).executeTakeFirst();
    if (!parent) throw invalidField('parentId', 'unknown_reference', 'parentId does not exist in this alliance');
    if (Number(parent.depth) + 1 >= MAX_DEPTH) throw invalidField('parentId', 'too_deep', `projects nest at most ${MAX_DEPTH} levels`);
    // 已取消 is final: no new work goes under it (its progress would be recomputed as if it ran)
    if (parent.status === 'cancelled') throw conflict('the parent project is cancelled', { reason: 'parent_cancelled', status: parent.status });
    // a child changes its parent's progress and status: only who may change the parent adds one under it
    await assertUnitWritable(trx, a, scope, parent.owner_unit_id, 'parentId');
    await repo.lockTree(trx, deps.dbKind, parent.path);
  }
  await assertUnitWritable(trx, a, scope, owner, 'ownerUnitId');
  await assertResponsible(trx, a.allianceId, owner, body.responsiblePersonId);
  await assertTicket(trx, a, scope, body.ticketId);
  await assertResource(trx, a.allianceId, body.resourceId);
  const kind = body.kind ?? 'undertaking';
  if (kind === 'service' && !body.capacity) throw invalidField('capacity', 'required', 'a service project needs its number of places');
  const row: ProjectTable = {
    id,
    alliance_id: a.allianceId,
    parent_id: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    depth: parent ? Number(parent.depth) + 1 : 0,
    kind,
    title: body.title,
    description: body.description ?? null,
    owner_unit_id: owner,
    responsible_person_id: body.responsiblePersonId ?? null,
    deadline: body.deadline ?? null,
    weight: body.weight ?? 1,
    progress: body.progress ?? 0,
    status: (body.progress ?? 0) > 0 ? 'in_progress' : 'planned',
    ticket_id: body.ticketId ?? null,
    resource_id: body.resourceId ?? null,
    capacity: kind === 'service' ? (body.capacity ?? null) : null,
    resolution_id: from.resolutionId ?? null,
    created_by: a.userId,
    created_at: now,
    updated_at: now,
  };
  await repo.insert(trx, row);
  await repo.appendEvent(trx, {
    id: newId(now),
    alliance_id: a.allianceId,
    project_id: id,
    action: 'create',
    at: now,
    actor_user_id: a.userId,
    actor_name: a.name,
    from_status: null,
    to_status: row.status,
    progress_from: null,
    progress_to: row.progress,
    note: null,
    photos: '[]',
  });
  await rollUp(trx, row.parent_id, now, { deps, a });
  const view = toProject((await repo.get(trx, a.allianceId, a.userId, id)) as ProjectRow, today(deps));
  await appendAudit(trx, deps, a, { action: 'project.create', entity: 'project', entityId: id, after: view });
  return id;
}

export async function createProject(deps: Deps, a: TenantActor, body: ProjectCreate): Promise<Project> {
  const scope = await resolveScope(deps.db, a);
  const id = await deps.db.transaction().execute((trx) => createProjectIn(trx, deps, { a, scope }, body));
  return getProject(deps, a, id);
}

/** Loads, locks the tree, and checks the caller may change the project (its owner unit within reach). */
async function writable(trx: Db, deps: Deps, a: TenantActor, scope: ResolvedScope, id: string): Promise<ProjectRow> {
  const row = await loadProject(trx, a, id);
  await repo.lockTree(trx, deps.dbKind, row.path);
  await assertUnitWritable(trx, a, scope, row.owner_unit_id, 'ownerUnitId');
  // re-read after the lock: a sibling's roll-up may just have changed it
  return loadProject(trx, a, id);
}

export async function updateProject(deps: Deps, a: TenantActor, id: string, body: ProjectUpdate): Promise<Project> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await writable(trx, deps, a, scope, id);
    const now = deps.clock.now();
    const patch: Partial<ProjectTable> = {};
    // an edit form sends back the texts as shown (numbers masked): an unchanged one keeps its numbers
    if (body.title !== undefined) patch.title = keptName('title', row.title, body.title);
    if (body.description !== undefined) patch.description = keptText(row.description, body.description);
    if (body.responsiblePersonId !== undefined) patch.responsible_person_id = body.responsiblePersonId;
    if (body.deadline !== undefined) patch.deadline = body.deadline;
    if (body.weight !== undefined) patch.weight = body.weight;
    if (body.ticketId !== undefined) patch.ticket_id = body.ticketId;
    if (body.resourceId !== undefined) patch.resource_id = body.resourceId;
    if (body.capacity !== undefined) patch.capacity = body.capacity;
    const changed = changedPart(row, patch);
    // a form saved as shown changes nothing: no write, no 时间线 entry, no audit record — and no rule to break, even
    // one made after the project was (a responsible person who has since moved to another unit)
    if (Object.keys(changed).length === 0) return;
    // 已取消 is final, for its details as for its progress and status
    if (row.status === 'cancelled') throw illegalStatus('cancelled', 'update');
    if (changed.responsible_person_id !== undefined) await assertResponsible(trx, a.allianceId, row.owner_unit_id, changed.responsible_person_id);
    if (changed.ticket_id !== undefined) await assertTicket(trx, a, scope, changed.ticket_id);
    if (changed.resource_id !== undefined) await assertResource(trx, a.allianceId, changed.resource_id);
    if (changed.capacity !== undefined) {
      if (row.kind !== 'service') throw invalidField('capacity', 'not_a_service_project', 'only service projects have places');
      if (changed.capacity === null) throw invalidField('capacity', 'required', 'a service project needs its number of places');
      if (changed.capacity < Number(row.adopted_count))
        throw conflict('more merchants have adopted the project than the new capacity', { adopted: Number(row.adopted_count) });
    }
    await repo.update(trx, id, { ...patch, updated_at: now });
    await repo.appendEvent(trx, eventRow(a, row, now, { action: 'update' }));
    if (body.weight !== undefined) await rollUp(trx, row.parent_id, now, { deps, a });
    const d = today(deps);
    await appendAudit(trx, deps, a, {
      action: 'project.update',
      entity: 'project',
      entityId: id,
      before: toProject(row, d),
      after: toProject((await repo.get(trx, a.allianceId, a.userId, id)) as ProjectRow, d),
    });
  });
  return getProject(deps, a, id);
}

function eventRow(
  a: TenantActor,
  row: ProjectTable,
  now: number,
  e: { action: ProjectEvent['action']; to?: string; progressTo?: number; note?: string | null; photos?: string[] },
) {
  return {
    id: newId(now),
    alliance_id: row.alliance_id,
    project_id: row.id,
    action: e.action,
    at: now,
    actor_user_id: a.userId,
    actor_name: a.name,
    from_status: e.to !== undefined ? row.status : null,
    to_status: e.to ?? null,
    progress_from: e.progressTo !== undefined ? Number(row.progress) : null,
    progress_to: e.progressTo ?? null,
    note: e.note ?? null,
    photos: JSON.stringify(e.photos ?? []),
  };
}

/** A progress report on a leaf: new percentage, note and photos on the timeline; ancestors recomputed in the same transaction. */
export async function reportProgress(deps: Deps, a: TenantActor, id: string, body: ProjectProgressBody): Promise<Project> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await writable(trx, deps, a, scope, id);
    const status = row.status as ProjectStatus;
    if (status === 'done' || status === 'cancelled') throw illegalStatus(status, 'progress');
    if (weightedProgress(await repo.children(trx, id)) !== null)
      throw conflict('the progress of a project with children is the weighted mean of theirs', { computed: true });
    const photos = await assertPhotos(trx, a.allianceId, body.photos, { kind: 'project', id, by: a.userId });
    const now = deps.clock.now();
    // the first progress reported starts a planned project
    const to = status === 'planned' && body.progress > 0 ? 'in_progress' : undefined;
    await repo.update(trx, id, { progress: body.progress, updated_at: now, ...(to ? { status: to } : {}) });
    await repo.appendEvent(
      trx,
      eventRow(a, row, now, { action: 'progress', progressTo: body.progress, note: body.note ?? null, photos, ...(to ? { to } : {}) }),
    );
    await rollUp(trx, row.parent_id, now, { deps, a });
    await appendAudit(trx, deps, a, {
      action: 'project.progress',
      entity: 'project',
      entityId: id,
      before: { progress: Number(row.progress), status },
      after: { progress: body.progress, status: to ?? status, note: body.note ?? null, photos },
    });
  });
  return getProject(deps, a, id);
}

/** A status change along PROJECT_TRANSITIONS (else 409); done completes a leaf at 100 %, cancelling takes it out of its parent's mean. */
export async function changeStatus(deps: Deps, a: TenantActor, id: string, body: ProjectStatusBody): Promise<Project> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await writable(trx, deps, a, scope, id);
    const from = row.status as ProjectStatus;
    if (!canChangeProjectStatus(from, body.status)) throw illegalStatus(from, body.status);
    const now = deps.clock.now();
    const isLeaf = weightedProgress(await repo.children(trx, id)) === null;
    const patch: Partial<ProjectTable> = { status: body.status, updated_at: now };
    if (body.status === 'done' && isLeaf) patch.progress = 100;
    await repo.update(trx, id, patch);
    await repo.appendEvent(
      trx,
      eventRow(a, row, now, {
        action: 'status',
        to: body.status,
        note: body.note ?? null,
        ...(patch.progress !== undefined ? { progressTo: patch.progress } : {}),
      }),
    );
    await rollUp(trx, row.parent_id, now, { deps, a });
    await appendAudit(trx, deps, a, {
      action: 'project.status',
      entity: 'project',
      entityId: id,
      before: { status: from, progress: Number(row.progress) },
      after: { status: body.status, progress: patch.progress ?? Number(row.progress), note: body.note ?? null },
    });
  });
  return getProject(deps, a, id);
}

/** Deletes a project without children or adoptions (else 409); its parent is recomputed. */
export async function deleteProject(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    const row = await writable(trx, deps, a, scope, id);
    if (Number(row.child_count) > 0) throw conflict('the project still has sub-projects', { references: ['projects'] });
    const adoptions = await trx.selectFrom('project_adoptions').select('id').where('project_id', '=', id).limit(1).executeTakeFirst();
    if (adoptions) throw conflict('merchants have adopted the project; cancel it instead', { references: ['project_adoptions'] });
    await repo.remove(trx, id);
    await rollUp(trx, row.parent_id, deps.clock.now(), { deps, a });
    await appendAudit(trx, deps, a, { action: 'project.delete', entity: 'project', entityId: id, before: toProject(row, today(deps)) });
  });
}

const parseIds = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

// a progress report's photos are shown to who reads projects (every project of the alliance, resource:read)
photoHolderReach(
  'project',
  async (db, a, holders) =>
    a.permissions.has('resource:read') &&
    !!(await db.selectFrom('projects').select('id').where('id', 'in', holders).where('alliance_id', '=', a.allianceId).limit(1).executeTakeFirst()),
);

const ADOPTION_EVENTS: ReadonlySet<string> = new Set(['adopt', 'adopt_cancel']);

/** Whether an adoption event concerns the user: its adopter (subject), or who acted where 0029 could not name one. */
const concerns = (e: { subject_user_id: string | null; actor_user_id: string | null }, userId: string | null): boolean =>
  userId !== null && (e.subject_user_id ?? e.actor_user_id) === userId;

/** The project's timeline, oldest first. */
export async function projectTimeline(deps: Deps, a: TenantActor, id: string): Promise<{ items: ProjectEvent[] }> {
  const p = await loadProject(deps.db, a, id);
  // who adopted a service project, and their note, is for the owner unit's managers (as its adoption list): the others
  // read the adoption events of their own adoptions only — a manager's cancellation of one included, not only their acts
  const manager = await managesUnit(deps.db, a, await resolveScope(deps.db, a), p.owner_unit_id);
  const rows = (await repo.events(deps.db, id)).filter((e) => manager || !ADOPTION_EVENTS.has(e.action) || concerns(e, a.userId));
  return {
    items: rows.map((e) => ({
      id: e.id,
      action: e.action as ProjectEvent['action'],
      at: Number(e.at),
      actorName: shownText(e.actor_name),
      fromStatus: e.from_status as ProjectStatus | null,
      toStatus: e.to_status as ProjectStatus | null,
      progressFrom: e.progress_from === null ? null : round1(e.progress_from),
      progressTo: e.progress_to === null ? null : round1(e.progress_to),
      note: shownText(e.note),
      photos: parseIds(e.photos).map(photoRef),
      autoNote: autoNoteOf(e.note),
    })),
  };
}

export { eventRow };
