import {
  MEETING_LIMITS,
  maskFreeText,
  meetingAllows,
  type FieldIssue,
  type Meeting,
  type MeetingAct,
  type MeetingAgendaItem,
  type MeetingCancelBody,
  type MeetingCreate,
  type MeetingDetail,
  type MeetingHoldBody,
  type MeetingQuery,
  type MeetingStatus,
  type MeetingTakeBody,
  type MeetingTopicCreate,
  type MeetingUpdate,
  type ResolutionCreate,
  type TicketStatus,
} from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { MeetingTable } from '../../db/tables/meetings.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { keptName, keptText, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { newId } from '../../lib/ids.ts';
import { listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { createProjectIn, projectsOfResolutions } from '../resources/index.ts';
import { appendTicketEvent, ticketScope } from '../tickets/index.ts';
import * as repo from './meetings.repo.ts';
import type { MeetingRow } from './meetings.repo.ts';

/** The API view of a meeting row; staff-typed texts leave with phone and ID numbers masked. */
export function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    title: shownText(r.title),
    heldAt: Number(r.held_at),
    place: shownText(r.place),
    host: shownText(r.host),
    attendees: shownText(r.attendees),
    minutes: shownText(r.minutes),
    status: r.status as MeetingStatus,
    cancelReason: shownText(r.cancel_reason),
    agendaCount: Number(r.agenda_count),
    resolutionCount: Number(r.resolution_count),
    createdByName: shownText(r.created_by_name),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** 409 for an act the meeting's status no longer (or not yet) allows (MEETING_RULES). */
const illegal = (status: string, act: MeetingAct) =>
  new AppError('ILLEGAL_TRANSITION', 409, `${act} is not allowed while the meeting is ${status}`, { status, action: act });

async function load(db: Db, a: TenantActor, id: string): Promise<MeetingRow> {
  const row = await repo.get(db, a.allianceId, id);
  if (!row) throw notFound('meeting');
  return row;
}

/** 409 when the meeting already holds as many agenda items or resolutions as one may (MEETING_LIMITS). */
function roomFor(row: MeetingRow, what: keyof typeof MEETING_LIMITS): void {
  const n = Number(what === 'agenda' ? row.agenda_count : row.resolution_count);
  if (n >= MEETING_LIMITS[what])
    throw conflict(`a meeting holds at most ${MEETING_LIMITS[what]} ${what} entries`, { reason: `${what}_full`, max: MEETING_LIMITS[what] });
}

/** Locks the meeting, re-reads it under the lock and checks its status allows the act (else 409). */
async function lockedFor(trx: Db, deps: Deps, a: TenantActor, id: string, act: MeetingAct): Promise<MeetingRow> {
  await load(trx, a, id);
  await repo.lock(trx, deps.dbKind, id);
  const row = await load(trx, a, id);
  if (!meetingAllows(row.status as MeetingStatus, act)) throw illegal(row.status, act);
  return row;
}

/**
 * 404 `agenda item not found`, as for removing one such item (releaseItem), when the meeting holds a 吹哨 case outside the
 * actor's reach: cancelling would send it back to 待上会 and holding would settle it, each a decision on a case the
 * actor may not act on. Call it under the meeting's lock, before anything is written.
 */
async function assertAgendaWithin(trx: Db, a: TenantActor, scope: ReturnType<typeof ticketScope>, id: string): Promise<void> {
  if (await repo.holdsItemOutside(trx, a.allianceId, scope, id)) throw notFound('agenda item');
}

export async function listMeetings(deps: Deps, a: TenantActor, q: MeetingQuery) {
  const { offset, limit } = listParams(q);
  const r = await repo.list(deps.db, a.allianceId, q, offset, limit);
  return paged(r.items.map(toMeeting), r.total);
}

/** A meeting with its agenda (taken 吹哨 cases and topics, in the order added) and its resolutions with their projects. */
export async function getMeeting(deps: Deps, a: TenantActor, id: string): Promise<MeetingDetail> {
  const row = await load(deps.db, a, id);
  const [taken, topics, resolutions, seen] = await Promise.all([
    repo.takenItems(deps.db, a.allianceId, id),
    repo.topics(deps.db, id),
    repo.resolutions(deps.db, id),
    seenTickets(deps, a),
  ]);
  const visible = await seen(taken.map((t) => t.ticket_id));
  const cases: MeetingAgendaItem[] = taken.map((t) => {
    // a case the reader may not see (outside a narrower scope, or a confidential one) is on the agenda without its details
    const shown = visible.has(t.ticket_id);
    return {
      id: t.id,
      kind: 'case',
      title: shown ? maskFreeText(t.title) : '',
      description: shown ? maskFreeText(t.reason) : null,
      ticketId: shown ? t.ticket_id : null,
      ticketNumber: shown ? t.number : null,
      ticketStatus: shown ? (t.status as TicketStatus) : null,
      leadUnitName: shown ? shownText(t.lead_unit_name) : null,
      source: t.source === 'overdue' ? 'overdue' : 'manual',
      addedAt: Number(t.taken_at ?? t.created_at),
      addedByName: shownText(t.taken_by_name),
    };
  });
  const free: MeetingAgendaItem[] = topics.map((t) => ({
    id: t.id,
    kind: 'topic',
    title: shownText(t.title),
    description: shownText(t.description),
    ticketId: null,
    ticketNumber: null,
    ticketStatus: null,
    leadUnitName: null,
    source: null,
    addedAt: Number(t.created_at),
    addedByName: shownText(t.created_by_name),
  }));
  const projects = await projectsOfResolutions(
    deps,
    a,
    resolutions.map((r) => r.id),
  );
  return {
    ...toMeeting(row),
    // a stable sort: items added in the same millisecond keep cases (in the order taken) before topics
    agenda: [...cases, ...free].sort((x, y) => x.addedAt - y.addedAt),
    resolutions: resolutions.map((r) => ({
      id: r.id,
      meetingId: r.meeting_id,
      text: shownText(r.text),
      createdByName: shownText(r.created_by_name),
      createdAt: Number(r.created_at),
      projects: projects.get(r.id) ?? [],
    })),
  };
}

/** Which of the given cases the reader sees (the tickets module's ticketScope). */
async function seenTickets(deps: Deps, a: TenantActor): Promise<(ids: string[]) => Promise<Set<string>>> {
  const scope = ticketScope(await resolveScope(deps.db, a), a.userId);
  return async (ids) => {
    if (ids.length === 0) return new Set();
    const rows = await deps.db.selectFrom('tickets').select('id').where('id', 'in', ids).where('alliance_id', '=', a.allianceId).where(scope).execute();
    return new Set(rows.map((r) => r.id));
  };
}

export async function createMeeting(deps: Deps, a: TenantActor, body: MeetingCreate): Promise<MeetingDetail> {
  const now = deps.clock.now();
  const row: MeetingTable = {
    id: newId(now),
    alliance_id: a.allianceId,
    title: body.title,
    held_at: body.heldAt,
    place: body.place ?? null,
    host: body.host ?? null,
    attendees: body.attendees ?? null,
    minutes: null,
    status: 'planned',
    cancel_reason: null,
    created_by: a.userId,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    await repo.insert(trx, row);
    await appendAudit(trx, deps, a, { action: 'meeting.create', entity: 'meeting', entityId: row.id, after: toMeeting(await load(trx, a, row.id)) });
  });
  return getMeeting(deps, a, row.id);
}

/** Edits a planned meeting (a held or cancelled one is a record: 409). */
export async function updateMeeting(deps: Deps, a: TenantActor, id: string, body: MeetingUpdate): Promise<MeetingDetail> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockedFor(trx, deps, a, id, 'update');
    const patch: Partial<MeetingTable> = {};
    // an edit form sends back the texts as shown (numbers masked): an unchanged one keeps its numbers
    if (body.title !== undefined) patch.title = keptName('title', row.title, body.title);
    if (body.heldAt !== undefined) patch.held_at = body.heldAt;
    if (body.place !== undefined) patch.place = keptText(row.place, body.place);
    if (body.host !== undefined) patch.host = keptText(row.host, body.host);
    if (body.attendees !== undefined) patch.attendees = keptText(row.attendees, body.attendees);
    // a form saved as it was changes nothing: no write, no audit record, and updatedAt keeps telling when it last changed
    if (!changesRow(row, patch)) return;
    await repo.update(trx, id, { ...patch, updated_at: deps.clock.now() });
    await appendAudit(trx, deps, a, {
      action: 'meeting.update',
      entity: 'meeting',
      entityId: id,
      before: toMeeting(row),
      after: toMeeting(await load(trx, a, id)),
    });
  });
  return getMeeting(deps, a, id);
}

/**
 * 标记已召开: the minutes, and when it was held (not in the future; default: the planned time, or now if that is still
 * ahead). A meeting holding a case outside the actor's reach is not theirs to hold (404, as for removing that case).
 */
export async function holdMeeting(deps: Deps, a: TenantActor, id: string, body: MeetingHoldBody): Promise<MeetingDetail> {
  const now = deps.clock.now();
  if (body.heldAt !== undefined && body.heldAt > now) throw invalidField('heldAt', 'in_future', 'a meeting is marked held once it took place');
  const scope = ticketScope(await resolveScope(deps.db, a), a.userId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockedFor(trx, deps, a, id, 'hold');
    await assertAgendaWithin(trx, a, scope, id);
    const heldAt = body.heldAt ?? Math.min(Number(row.held_at), now);
    await repo.update(trx, id, { status: 'held', minutes: body.minutes, held_at: heldAt, updated_at: now });
    await appendAudit(trx, deps, a, {
      action: 'meeting.hold',
      entity: 'meeting',
      entityId: id,
      before: { status: row.status, heldAt: Number(row.held_at) },
      after: { status: 'held', heldAt, minutes: maskFreeText(body.minutes) },
    });
  });
  return getMeeting(deps, a, id);
}

/**
 * Cancels a planned meeting; the 吹哨 cases it took go back to the waiting list for the next one. A meeting holding a
 * case outside the actor's reach is not theirs to cancel (404, as for removing that case).
 */
export async function cancelMeeting(deps: Deps, a: TenantActor, id: string, body: MeetingCancelBody): Promise<MeetingDetail> {
  const scope = ticketScope(await resolveScope(deps.db, a), a.userId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockedFor(trx, deps, a, id, 'cancel');
    await assertAgendaWithin(trx, a, scope, id);
    const now = deps.clock.now();
    const taken = await repo.takenItems(trx, a.allianceId, id);
    await repo.release(
      trx,
      taken.map((t) => t.id),
    );
    for (const t of taken) await ticketEvent(trx, a, t.ticket_id, now, 'agenda_release', row);
    await repo.update(trx, id, { status: 'cancelled', cancel_reason: body.reason ?? null, updated_at: now });
    await appendAudit(trx, deps, a, {
      action: 'meeting.cancel',
      entity: 'meeting',
      entityId: id,
      before: { status: row.status },
      after: { status: 'cancelled', reason: body.reason ? maskFreeText(body.reason) : null, released: taken.map((t) => t.id) },
    });
  });
  return getMeeting(deps, a, id);
}

/** The case's timeline entry (staff only: STAFF_ONLY_ACTIONS): taken onto the meeting's agenda, or released from it. */
async function ticketEvent(trx: Db, a: TenantActor, ticketId: string, now: number, action: 'agenda_take' | 'agenda_release', m: MeetingRow) {
  await appendTicketEvent(trx, {
    allianceId: a.allianceId,
    ticketId,
    action,
    at: now,
    actor: a,
    // no status change: with no status, Open311 (which lists status updates) leaves the event out as well
    fromStatus: null,
    toStatus: null,
    // stored masked: the timeline shows a note unmasked to the case's reporter (their own words), and this is not theirs
    note: maskFreeText(m.title),
    data: { meetingId: m.id, heldAt: Number(m.held_at) },
  });
}

/**
 * Takes a waiting 吹哨 item onto a planned meeting's agenda. An item of a case outside the actor's reach is 404 (as one
 * that does not exist); one already taken — by this meeting or another — is 409 `already_taken`.
 */
export async function takeItem(deps: Deps, a: TenantActor, id: string, body: MeetingTakeBody): Promise<MeetingDetail> {
  const scope = ticketScope(await resolveScope(deps.db, a), a.userId);
  await deps.db.transaction().execute(async (trx) => {
    const m = await lockedFor(trx, deps, a, id, 'agenda');
    roomFor(m, 'agenda');
    const c = await repo.candidate(trx, a.allianceId, scope, body.agendaItemId);
    if (!c) throw notFound('agenda item');
    // a confidential case stays with its contact and lead unit: never before the committee at large (as a project's link)
    if (Number(c.confidential) === 1) throw invalidField('agendaItemId', 'confidential', 'a confidential case is not put on a joint meeting');
    const now = deps.clock.now();
    // the conditional update decides between two meetings taking the same item at once
    if (c.meeting_id !== null || !(await repo.take(trx, c.id, id, now, a.userId)))
      throw conflict('the 吹哨 item is already on a meeting’s agenda', { reason: 'already_taken' });
    await ticketEvent(trx, a, c.ticket_id, now, 'agenda_take', m);
    await appendAudit(trx, deps, a, { action: 'meeting.take', entity: 'meeting', entityId: id, after: { agendaItemId: c.id, ticketId: c.ticket_id } });
  });
  return getMeeting(deps, a, id);
}

/**
 * Releases a 吹哨 item from a planned meeting's agenda: it waits for the next meeting again. Like taking, only an item
 * of a case within the actor's reach: one outside it (shown on the agenda without its details) is 404.
 */
export async function releaseItem(deps: Deps, a: TenantActor, id: string, itemId: string): Promise<MeetingDetail> {
  const scope = ticketScope(await resolveScope(deps.db, a), a.userId);
  await deps.db.transaction().execute(async (trx) => {
    const m = await lockedFor(trx, deps, a, id, 'agenda');
    const item = await repo.candidate(trx, a.allianceId, scope, itemId);
    if (!item || item.meeting_id !== id) throw notFound('agenda item');
    await repo.release(trx, [item.id]);
    await ticketEvent(trx, a, item.ticket_id, deps.clock.now(), 'agenda_release', m);
    await appendAudit(trx, deps, a, {
      action: 'meeting.release',
      entity: 'meeting',
      entityId: id,
      before: { agendaItemId: item.id, ticketId: item.ticket_id },
    });
  });
  return getMeeting(deps, a, id);
}

/** Adds a topic typed by staff (not a case) to a planned meeting's agenda. */
export async function addTopic(deps: Deps, a: TenantActor, id: string, body: MeetingTopicCreate): Promise<MeetingDetail> {
  await deps.db.transaction().execute(async (trx) => {
    roomFor(await lockedFor(trx, deps, a, id, 'agenda'), 'agenda');
    const now = deps.clock.now();
    const row = {
      id: newId(now),
      alliance_id: a.allianceId,
      meeting_id: id,
      title: body.title,
      description: body.description ?? null,
      created_by: a.userId,
      created_at: now,
    };
    await repo.insertTopic(trx, row);
    await appendAudit(trx, deps, a, { action: 'meeting.topic_add', entity: 'meeting', entityId: id, after: { topicId: row.id, title: shownText(row.title) } });
  });
  return getMeeting(deps, a, id);
}

export async function removeTopic(deps: Deps, a: TenantActor, id: string, topicId: string): Promise<MeetingDetail> {
  await deps.db.transaction().execute(async (trx) => {
    await lockedFor(trx, deps, a, id, 'agenda');
    const t = await repo.topic(trx, id, topicId);
    if (!t) throw notFound('topic');
    await repo.removeTopic(trx, topicId);
    await appendAudit(trx, deps, a, { action: 'meeting.topic_remove', entity: 'meeting', entityId: id, before: { topicId, title: shownText(t.title) } });
  });
  return getMeeting(deps, a, id);
}

/** A project's field error inside a resolution names the project row: projects.<i>.<field>. */
function withinProject(e: unknown, i: number): unknown {
  if (!(e instanceof AppError) || e.code !== 'VALIDATION_FAILED' || !Array.isArray(e.details)) return e;
  const details = (e.details as FieldIssue[]).map((d) => ({ ...d, path: `projects.${i}.${d.path}` }));
  return new AppError(e.code, e.status, `invalid field: ${details.map((d) => d.path).join(', ')}`, details);
}

/**
 * 形成决议: records a held meeting's resolution and creates its projects (the projects module's rules: owner unit within
 * reach, responsible person of that unit, links) in ONE transaction — any bad project writes nothing and answers 400
 * naming `projects.<i>.<field>`. Creating projects needs resource:write as POST /projects does.
 */
export async function addResolution(deps: Deps, a: TenantActor, id: string, body: ResolutionCreate): Promise<MeetingDetail> {
  if (body.projects.length > 0 && !a.permissions.has('resource:write')) throw forbidden('missing permission resource:write');
  const scope = await resolveScope(deps.db, a);
  await deps.db.transaction().execute(async (trx) => {
    roomFor(await lockedFor(trx, deps, a, id, 'resolve'), 'resolutions');
    const now = deps.clock.now();
    const resolutionId = newId(now);
    await repo.insertResolution(trx, { id: resolutionId, alliance_id: a.allianceId, meeting_id: id, text: body.text, created_by: a.userId, created_at: now });
    const projectIds: string[] = [];
    for (const [i, p] of body.projects.entries()) {
      try {
        // one millisecond apart: the resolution lists its projects by creation time, in the order they were typed
        const at = { ...deps, clock: { now: () => now + i } };
        projectIds.push(await createProjectIn(trx, at, { a, scope }, p, { resolutionId }));
      } catch (e) {
        throw withinProject(e, i);
      }
    }
    await appendAudit(trx, deps, a, {
      action: 'meeting.resolve',
      entity: 'meeting',
      entityId: id,
      after: { resolutionId, text: maskFreeText(body.text), projectIds },
    });
  });
  return getMeeting(deps, a, id);
}
