import {
  CallbackBody,
  CancelBody,
  CommentBody,
  DispatchBody,
  EscalateBody,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  MergeBody,
  RateBody,
  ResolveBody,
  ReturnBody,
  TICKET_RULES,
  UrgeBody,
  maskFreeText,
  resolveDeadline,
  statusAfterRating,
  type ActionParty,
  type TicketAction,
  type TicketDetail,
  type TicketStatus,
  type WorkCalendar,
  SLA_CLOCK_ACTOR_NAME,
} from '@tongxin/domain';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import type { ReturnedDispatchTable, TicketTable } from '../../db/types.ts';
import type { Actor, Deps, TenantActor } from '../../lib/context.ts';
import { AppError, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, assertRefsInScope, resolveScope, type ResolvedScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import { workCalendar } from './tickets.calendar.ts';
import { appendOutbox, assertPhotos, ticketScope, viewerOf } from './tickets.service.ts';
import { detailOf, joinedTickets, lockTicket, partiesOf, type TicketRow, type Viewer } from './tickets.view.ts';

/** The actions people take over HTTP (close_unrated belongs to the SLA clock). */
export const HTTP_ACTIONS = [
  'dispatch',
  'accept',
  'return',
  'resolve',
  'rate',
  'callback',
  'escalate',
  'cancel',
  'merge',
  'request_extension',
  'decide_extension',
  'urge',
  'comment',
] as const satisfies readonly TicketAction[];
export type HttpAction = (typeof HTTP_ACTIONS)[number];

/** The body schema of each action. */
export const ACTION_BODIES = {
  dispatch: DispatchBody,
  accept: z.object({}),
  return: ReturnBody,
  resolve: ResolveBody,
  rate: RateBody,
  callback: CallbackBody,
  escalate: EscalateBody,
  cancel: CancelBody,
  merge: MergeBody,
  request_extension: ExtensionRequestBody,
  decide_extension: ExtensionDecisionBody,
  urge: UrgeBody,
  comment: CommentBody,
} satisfies Record<HttpAction, z.ZodTypeAny>;

/** Parses an action's body; 400 VALIDATION_FAILED with the field paths otherwise. */
export function parseActionBody<A extends HttpAction>(action: A, body: unknown): z.infer<(typeof ACTION_BODIES)[A]> {
  const r = ACTION_BODIES[action].safeParse(body ?? {});
  if (r.success) return r.data as z.infer<(typeof ACTION_BODIES)[A]>;
  const details = r.error.issues.map((i) => ({
    path: i.path.join('.'),
    code: i.code === 'custom' ? i.message : i.code,
    message: i.message,
  }));
  throw new AppError('VALIDATION_FAILED', 400, `invalid body: ${details.map((d) => d.path || 'body').join(', ')}`, details);
}

/** Who acts: a person (session, API key), the tracking-token holder, or the system clock. */
export type ActingActor = Pick<Actor, 'userId' | 'name' | 'requestId' | 'ip' | 'unitId'> & { allianceId: string };

export interface TicketEventInput {
  allianceId: string;
  ticketId: string;
  action: string;
  at: number;
  actor: Pick<Actor, 'userId' | 'name' | 'unitId'> | null;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  note?: string | null;
  photos?: string[];
  data?: Record<string, unknown> | null;
}

/**
 * Appends one timeline event in the caller's transaction and returns its id. Events of a ticket are strictly
 * ordered by time: one written in the same millisecond as the last is placed 1 ms after it.
 */
export async function appendTicketEvent(trx: Db, e: TicketEventInput): Promise<string> {
  const last = await trx
    .selectFrom('ticket_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('ticket_id', '=', e.ticketId)
    .executeTakeFirst();
  const lastAt = last?.at === null || last?.at === undefined ? null : Number(last.at);
  const at = lastAt !== null && lastAt >= e.at ? lastAt + 1 : e.at;
  const id = newId(at);
  await trx
    .insertInto('ticket_events')
    .values({
      id,
      alliance_id: e.allianceId,
      ticket_id: e.ticketId,
      action: e.action,
      at,
      actor_user_id: e.actor?.userId ?? null,
      actor_name: e.actor?.name ?? null,
      actor_unit_id: e.actor?.unitId ?? null,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      note: e.note ?? null,
      photos: JSON.stringify(e.photos ?? []),
      data: e.data ? JSON.stringify(e.data) : null,
    })
    .execute();
  return id;
}

export const illegalTransition = (status: string, action: string, extra: Record<string, unknown> = {}) =>
  new AppError('ILLEGAL_TRANSITION', 409, `${action} is not allowed while the ticket is ${status}`, { status, action, ...extra });

interface Notify {
  units?: (string | null)[];
  users?: (string | null)[];
  people?: (string | null)[];
  committee?: boolean;
}

interface Outcome {
  patch: Partial<TicketTable>;
  to: TicketStatus;
  note?: string | null;
  photos?: string[];
  data?: Record<string, unknown> | null;
  notify: Notify;
  /** a 退单's dispatch, kept under the return event's id (returned_dispatches) */
  returned?: Omit<ReturnedDispatchTable, 'id'> | undefined;
}

type Bodies = { [K in HttpAction]: z.infer<(typeof ACTION_BODIES)[K]> } & { close_unrated: { note: string; source?: string | undefined } };

export interface TransitionContext {
  actor: ActingActor;
  /** parties the actor holds on the locked row */
  parties: (row: TicketTable) => ActionParty[];
  /** visibility: rows outside it answer 404 */
  scope?: { scope: ResolvedScope; userId: string | null };
  /** restricts to the ticket of a tracking token */
  trackingHash?: string;
}

const OPEN: TicketStatus[] = ['submitted', 'dispatched', 'accepted', 'resolved'];
const HOUR = 3_600_000;
const clean = (xs: (string | null | undefined)[] | undefined) => [...new Set((xs ?? []).filter((x): x is string => !!x))];
const masked = (v: unknown): unknown => (v === undefined || v === null ? null : (JSON.parse(maskFreeText(JSON.stringify(v))) as unknown));

async function closePendingExtension(trx: Db, ticketId: string, now: number, note: string): Promise<void> {
  await trx
    .updateTable('ticket_extensions')
    .set({ status: 'rejected', decided_at: now, note })
    .where('ticket_id', '=', ticketId)
    .where('status', '=', 'pending')
    .execute();
}

async function categorySla(trx: Db, row: TicketTable) {
  const c = await trx
    .selectFrom('categories')
    .select(['accept_hours', 'resolve_days', 'urgent_hours'])
    .where('id', '=', row.category_id)
    .executeTakeFirstOrThrow();
  return { acceptHours: Number(c.accept_hours), resolveDays: Number(c.resolve_days), urgentHours: Number(c.urgent_hours) };
}

async function apply<A extends TicketAction>(
  trx: Db,
  ctx: TransitionContext,
  row: TicketTable,
  action: A,
  body: Bodies[A],
  cal: WorkCalendar | null,
  now: number,
): Promise<Outcome> {
  const aid = row.alliance_id;
  const status = row.status as TicketStatus;
  switch (action) {
    case 'dispatch': {
      const b = body as Bodies['dispatch'];
      await assertRefs(trx, aid, [
        ['leadUnitId', 'units', b.leadUnitId],
        ['responsiblePersonId', 'people', b.responsiblePersonId],
        ['gridId', 'grids', b.gridId],
      ]);
      // a grid set here brings the case to that grid's officers and into its 三率; a dispatcher with a narrower data
      // scope than the alliance moves it only within that scope
      const regrid = b.gridId !== undefined && b.gridId !== row.grid_id ? { grid_id: b.gridId } : {};
      if (regrid.grid_id && ctx.scope) await assertRefsInScope(trx, ctx.scope.scope, { gridId: regrid.grid_id });
      const assist: string[] = [];
      for (const [i, u] of (b.assistUnitIds ?? []).entries()) {
        if (u === b.leadUnitId || assist.includes(u)) continue;
        await assertRefs(trx, aid, [[`assistUnitIds.${i}`, 'units', u]]);
        assist.push(u);
      }
      if (b.responsiblePersonId) {
        const p = await trx.selectFrom('people').select('unit_id').where('id', '=', b.responsiblePersonId).executeTakeFirstOrThrow();
        if (p.unit_id && p.unit_id !== b.leadUnitId)
          throw invalidField('responsiblePersonId', 'not_in_lead_unit', 'the responsible person works for another unit');
      }
      if (b.dueAt !== undefined && b.dueAt <= now) throw invalidField('dueAt', 'in_past', 'the deadline must lie in the future');
      // confidential feedback never goes to the unit it concerns
      if (Number(row.confidential) === 1 && row.concerned_unit_id) {
        if (b.leadUnitId === row.concerned_unit_id)
          throw invalidField('leadUnitId', 'concerned_unit', 'confidential feedback cannot go to the unit it concerns');
        if (assist.includes(row.concerned_unit_id))
          throw invalidField('assistUnitIds', 'concerned_unit', 'confidential feedback cannot go to the unit it concerns');
      }
      const sla = await categorySla(trx, row);
      const due = b.dueAt !== undefined ? { at: b.dueAt, beyondPublished: false } : resolveDeadline(now, sla, Number(row.urgent) === 1, cal as WorkCalendar);
      const acceptDueAt = now + Math.round(sla.acceptHours * HOUR);
      await trx.deleteFrom('ticket_units').where('ticket_id', '=', row.id).execute();
      if (assist.length)
        await trx
          .insertInto('ticket_units')
          .values(assist.map((unit_id) => ({ alliance_id: aid, ticket_id: row.id, unit_id })))
          .execute();
      return {
        to: 'dispatched',
        patch: {
          status: 'dispatched',
          lead_unit_id: b.leadUnitId,
          responsible_person_id: b.responsiblePersonId ?? null,
          accept_due_at: acceptDueAt,
          due_at: due.at,
          due_beyond_calendar: due.beyondPublished ? 1 : 0,
          dispatched_at: now,
          accepted_at: null,
          ...regrid,
          // a new deadline (after a return, for another unit): its warning, overdue flag and 吹哨 start afresh; an item
          // of the earlier deadline still waiting for a meeting is not added twice (already_on_agenda)
          warned: 0,
          overdue: 0,
          accept_overdue: 0,
          escalated: 0,
        },
        note: b.note ?? null,
        data: {
          leadUnitId: b.leadUnitId,
          assistUnitIds: assist,
          responsiblePersonId: b.responsiblePersonId ?? null,
          acceptDueAt,
          dueAt: due.at,
          dueBeyondCalendar: due.beyondPublished,
          dueSource: b.dueAt !== undefined ? 'manual' : 'sla',
          ...(regrid.grid_id ? { gridId: regrid.grid_id, previousGridId: row.grid_id } : {}),
        },
        notify: { units: [b.leadUnitId, ...assist], people: [b.responsiblePersonId ?? null] },
      };
    }
    case 'accept': {
      const onTime = row.accept_due_at === null || now <= Number(row.accept_due_at);
      return { to: 'accepted', patch: { status: 'accepted', accepted_at: now }, data: { onTime }, notify: { users: [row.reporter_user_id], committee: true } };
    }
    case 'return': {
      const b = body as Bodies['return'];
      await trx.deleteFrom('ticket_units').where('ticket_id', '=', row.id).execute();
      await closePendingExtension(trx, row.id, now, 'returned');
      return {
        to: 'submitted',
        patch: {
          status: 'submitted',
          lead_unit_id: null,
          responsible_person_id: null,
          accept_due_at: null,
          due_at: null,
          due_beyond_calendar: 0,
          dispatched_at: null,
          accepted_at: null,
          warned: 0,
          overdue: 0,
          accept_overdue: 0,
          extension_pending: 0,
          extension_until: null,
        },
        note: b.reason,
        data: { leadUnitId: row.lead_unit_id },
        notify: { committee: true },
        // the columns above are cleared for the next dispatch; 响应率 still counts this one for its unit
        returned:
          row.lead_unit_id !== null && row.dispatched_at !== null
            ? {
                alliance_id: aid,
                ticket_id: row.id,
                unit_id: row.lead_unit_id,
                dispatched_at: Number(row.dispatched_at),
                accept_due_at: row.accept_due_at === null ? null : Number(row.accept_due_at),
                accepted_at: row.accepted_at === null ? null : Number(row.accepted_at),
                returned_at: now,
              }
            : undefined,
      };
    }
    case 'resolve': {
      const b = body as Bodies['resolve'];
      const photos = await assertPhotos(trx, aid, b.photos, { kind: 'ticket', id: row.id, by: ctx.actor.userId });
      await closePendingExtension(trx, row.id, now, 'resolved');
      const onTime = row.due_at === null || now <= Number(row.due_at);
      return {
        to: 'resolved',
        // the reporter rates this resolution afresh: a rating that reopened the case stays on the timeline, and until
        // the new one comes the case is unrated (回访 after 7 days, 未评价 after 15, as for a first resolution)
        patch: {
          status: 'resolved',
          resolved_at: now,
          extension_pending: 0,
          extension_until: null,
          callback_due: 0,
          rating_stars: null,
          rating_solved: null,
          rating_comment: null,
          rating_by_callback: null,
          rated_at: null,
        },
        note: b.feedback,
        photos,
        data: { onTime },
        notify: { users: [row.reporter_user_id], committee: true },
      };
    }
    case 'rate':
    case 'callback': {
      const b = body as Bodies['callback'];
      const byCallback = action === 'callback';
      const to = statusAfterRating(b.stars, b.solved);
      const rating = { stars: b.stars, solved: b.solved, comment: b.comment ?? null, byCallback };
      const patch: Partial<TicketTable> = {
        status: to,
        rating_stars: b.stars,
        rating_solved: b.solved ? 1 : 0,
        rating_comment: b.comment ?? null,
        rating_by_callback: byCallback ? 1 : 0,
        rated_at: now,
        callback_due: 0,
      };
      let data: Record<string, unknown> = { ...rating, reopened: to !== 'closed' };
      if (to === 'closed') patch.closed_at = now;
      else {
        const due = resolveDeadline(now, await categorySla(trx, row), Number(row.urgent) === 1, cal as WorkCalendar);
        Object.assign(patch, {
          due_at: due.at,
          due_beyond_calendar: due.beyondPublished ? 1 : 0,
          resolved_at: null,
          // a new deadline: its warning, overdue flag and 吹哨 start afresh
          warned: 0,
          overdue: 0,
          escalated: 0,
          reopen_count: Number(row.reopen_count) + 1,
        });
        data = { ...data, dueAt: due.at, dueBeyondCalendar: due.beyondPublished, reopenCount: Number(row.reopen_count) + 1 };
      }
      const note = byCallback ? (b.note ?? b.comment ?? null) : (b.comment ?? null);
      return {
        to,
        patch,
        note,
        data,
        notify: { units: to === 'closed' ? [] : [row.lead_unit_id], people: to === 'closed' ? [] : [row.responsible_person_id], committee: true },
      };
    }
    case 'close_unrated': {
      const b = body as Bodies['close_unrated'];
      return {
        to: 'closed',
        patch: { status: 'closed', closed_at: now, closed_unrated: 1, callback_due: 0 },
        note: b.note,
        data: { source: b.source ?? 'sla' },
        notify: { units: [row.lead_unit_id], users: [row.reporter_user_id] },
      };
    }
    case 'escalate': {
      const b = body as Bodies['escalate'] & { source?: string | undefined };
      const source = b.source ?? (ctx.actor.userId === null && ctx.parties(row).includes('system') ? 'overdue' : 'manual');
      // once on the next joint meeting's agenda is enough: a second 吹哨 before a meeting takes the item up is refused
      const pending = await trx
        .selectFrom('agenda_candidates')
        .select('id')
        .where('ticket_id', '=', row.id)
        .where('meeting_id', 'is', null)
        .limit(1)
        .executeTakeFirst();
      if (pending) throw illegalTransition(status, 'escalate', { reason: 'already_on_agenda' });
      await trx
        .insertInto('agenda_candidates')
        .values({
          id: newId(now),
          alliance_id: aid,
          ticket_id: row.id,
          reason: b.reason,
          source,
          meeting_id: null,
          created_by: ctx.actor.userId,
          created_at: now,
        })
        .execute();
      return { to: status, patch: { escalated: 1 }, note: b.reason, data: { source }, notify: { committee: true, units: [row.lead_unit_id] } };
    }
    case 'cancel': {
      const b = body as Bodies['cancel'];
      return { to: 'cancelled', patch: { status: 'cancelled' }, note: b.reason, notify: { users: [row.reporter_user_id], committee: true } };
    }
    case 'merge': {
      const b = body as Bodies['merge'];
      if (b.targetId === row.id) throw invalidField('targetId', 'self', 'a ticket cannot be merged into itself');
      let targetQuery = trx
        .selectFrom('tickets')
        .select(['id', 'number', 'kind', 'confidential'])
        .where('id', '=', b.targetId)
        .where('alliance_id', '=', aid)
        .where('status', 'in', OPEN);
      // the target must be a case the merger can see: one out of reach answers as one that does not exist
      if (ctx.scope) targetQuery = targetQuery.where(ticketScope(ctx.scope.scope, ctx.scope.userId));
      const target = await targetQuery.executeTakeFirst();
      if (!target) throw invalidField('targetId', 'unknown_reference', 'the target must be an open ticket of this alliance');
      // a complaint carries a verdict and its credit consequences, confidential feedback its own readers: neither
      // merges with a case of the other sort
      if ((row.kind === 'complaint') !== (target.kind === 'complaint'))
        throw invalidField('targetId', 'complaint_mismatch', 'a complaint merges only into a complaint, and only a complaint into one');
      if (Number(row.confidential) !== Number(target.confidential))
        throw invalidField('targetId', 'confidential_mismatch', 'confidential feedback and other cases do not merge');
      await appendTicketEvent(trx, {
        allianceId: aid,
        ticketId: target.id,
        action: 'merged_in',
        at: now,
        actor: ctx.actor,
        fromStatus: null,
        toStatus: null,
        note: b.note ?? null,
        data: { ticketId: row.id, number: row.number },
      });
      return {
        to: 'merged',
        patch: { status: 'merged', merged_into_id: target.id },
        note: b.note ?? null,
        data: { targetId: target.id, targetNumber: target.number },
        notify: { users: [row.reporter_user_id], units: [row.lead_unit_id] },
      };
    }
    case 'request_extension': {
      const b = body as Bodies['request_extension'];
      if (b.until <= Math.max(now, Number(row.due_at ?? 0))) throw invalidField('until', 'not_later', 'the new deadline must be later than the current one');
      const extId = newId(now);
      await trx
        .insertInto('ticket_extensions')
        .values({
          id: extId,
          alliance_id: aid,
          ticket_id: row.id,
          requested_by: ctx.actor.userId,
          until: b.until,
          reason: b.reason,
          status: 'pending',
          decided_by: null,
          decided_at: null,
          note: null,
          created_at: now,
        })
        .execute();
      return {
        to: status,
        patch: { extension_pending: 1, extension_until: b.until },
        note: b.reason,
        data: { extensionId: extId, until: b.until, previousDueAt: row.due_at === null ? null : Number(row.due_at) },
        notify: { committee: true },
      };
    }
    case 'decide_extension': {
      const b = body as Bodies['decide_extension'];
      const ext = await trx
        .selectFrom('ticket_extensions')
        .selectAll()
        .where('ticket_id', '=', row.id)
        .where('status', '=', 'pending')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!ext) throw illegalTransition(status, action, { extensionPending: false });
      await trx
        .updateTable('ticket_extensions')
        .set({ status: b.approve ? 'approved' : 'rejected', decided_by: ctx.actor.userId, decided_at: now, note: b.note ?? null })
        .where('id', '=', ext.id)
        .execute();
      const patch: Partial<TicketTable> = { extension_pending: 0, extension_until: null };
      if (b.approve) Object.assign(patch, { due_at: Number(ext.until), due_beyond_calendar: 0, overdue: 0, warned: 0 });
      return {
        to: status,
        patch,
        note: b.note ?? null,
        data: { extensionId: ext.id, approve: b.approve, until: Number(ext.until), previousDueAt: row.due_at === null ? null : Number(row.due_at) },
        notify: { units: [row.lead_unit_id], people: [row.responsible_person_id], users: [ext.requested_by] },
      };
    }
    case 'urge': {
      const b = body as Bodies['urge'];
      const assist = await trx.selectFrom('ticket_units').select('unit_id').where('ticket_id', '=', row.id).execute();
      return {
        to: status,
        patch: {},
        note: b.note ?? null,
        data: { level: b.level },
        notify: { units: [row.lead_unit_id, ...assist.map((u) => u.unit_id)], people: [row.responsible_person_id] },
      };
    }
    case 'comment': {
      const b = body as Bodies['comment'];
      const photos = await assertPhotos(trx, aid, b.photos, { kind: 'ticket', id: row.id, by: ctx.actor.userId });
      return { to: status, patch: {}, note: b.note, photos, notify: { units: [row.lead_unit_id], users: [row.reporter_user_id] } };
    }
  }
  throw new Error(`unknown action ${action}`);
}

/**
 * Runs one action on a ticket in ONE transaction: lock and read the row, check state (409) and party (403),
 * update the row, write the timeline event, the audit record (masked) and one outbox row `ticket.<action>`.
 */
export async function runTransition<A extends TicketAction>(
  deps: Deps,
  ctx: TransitionContext,
  ticketId: string,
  action: A,
  body: Bodies[A],
): Promise<TicketRow> {
  const cal = action === 'dispatch' || action === 'rate' || action === 'callback' ? await workCalendar(deps.db, deps.clock.now()) : null;
  await deps.db.transaction().execute(async (trx) => {
    await lockTicket(trx, deps.dbKind, ticketId);
    let q = trx.selectFrom('tickets').selectAll('tickets').where('tickets.id', '=', ticketId).where('tickets.alliance_id', '=', ctx.actor.allianceId);
    if (ctx.scope) q = q.where(ticketScope(ctx.scope.scope, ctx.scope.userId));
    if (ctx.trackingHash) q = q.where('tickets.tracking_hash', '=', ctx.trackingHash);
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('ticket');
    const status = row.status as TicketStatus;
    const rule = TICKET_RULES[action];
    if (!rule.from.includes(status)) throw illegalTransition(status, action);
    const pending = Number(row.extension_pending) === 1;
    if (action === 'request_extension' && pending) throw illegalTransition(status, action, { extensionPending: true });
    if (action === 'decide_extension' && !pending) throw illegalTransition(status, action, { extensionPending: false });
    const parties = ctx.parties(row);
    // 吹哨 once per deadline (a reopen clears the flag); the SLA clock claims the flag itself before it escalates
    if (action === 'escalate' && Number(row.escalated) === 1 && !parties.includes('system')) throw illegalTransition(status, action, { escalated: true });
    if (!rule.parties.some((p) => parties.includes(p))) throw forbidden(`your role may not ${action} this ticket`);

    const now = deps.clock.now();
    const out = await apply(trx, ctx, row, action, body, cal, now);
    await trx
      .updateTable('tickets')
      .set({ ...out.patch, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    const eventId = await appendTicketEvent(trx, {
      allianceId: row.alliance_id,
      ticketId: row.id,
      action,
      at: now,
      actor: ctx.actor,
      fromStatus: status,
      toStatus: out.to,
      note: out.note ?? null,
      photos: out.photos ?? [],
      data: out.data ?? null,
    });
    if (out.returned)
      await trx
        .insertInto('returned_dispatches')
        .values({ id: eventId, ...out.returned })
        .execute();
    await appendAudit(trx, deps, ctx.actor, {
      action: `ticket.${action}`,
      entity: 'ticket',
      entityId: row.id,
      before: { number: row.number, status },
      after: { number: row.number, status: out.to, note: masked(out.note ?? null), data: masked(out.data ?? null) },
    });
    // a confidential ticket notifies its designated contact and lead unit only, never the committee at large
    const n: Notify =
      Number(row.confidential) === 1
        ? { units: [out.patch.lead_unit_id ?? row.lead_unit_id], users: [row.confidential_user_id ?? null, row.reporter_user_id] }
        : out.notify;
    await appendOutbox(trx, now, row.alliance_id, `ticket.${action}`, {
      ticketId: row.id,
      // the fan-out reads this very event (its actor, note and data), not whichever one of the same action came last
      eventId,
      number: row.number,
      allianceId: row.alliance_id,
      action,
      fromStatus: status,
      toStatus: out.to,
      actorName: ctx.actor.name,
      notify: { units: clean(n.units), users: clean(n.users), people: clean(n.people), committee: n.committee ?? false },
    });
  });
  return joinedTickets(deps.db).where('tickets.id', '=', ticketId).executeTakeFirstOrThrow();
}

/** POST /api/v1/tickets/:id/actions/:action for a signed-in actor. */
export async function actOnTicket(deps: Deps, a: TenantActor, ticketId: string, action: HttpAction, rawBody: unknown): Promise<TicketDetail> {
  const body = parseActionBody(action, rawBody);
  const scope = await resolveScope(deps.db, a);
  const row = await runTransition(
    deps,
    { actor: a, parties: (r) => partiesOf(a, r), scope: { scope, userId: a.userId } },
    ticketId,
    action,
    body as Bodies[typeof action],
  );
  return detailOf(deps, deps.db, row, viewerOf(a, row));
}

const SYSTEM_VIEW: Viewer = { parties: ['system'], isReporter: false };

/**
 * The SLA clock's transitions with the system actor: `close_unrated` (15 days unrated: closed as 未评价) or
 * `escalate` (吹哨 onto the agenda; source defaults to 'overdue'). Returns the ticket, or null when it does not
 * exist or the action is not allowed in its current status (nothing is written then).
 */
export async function systemTransition(
  deps: Deps,
  ticketId: string,
  action: 'close_unrated' | 'escalate',
  data: { note: string; source?: string },
): Promise<TicketDetail | null> {
  const t = await deps.db.selectFrom('tickets').select(['alliance_id']).where('id', '=', ticketId).executeTakeFirst();
  if (!t) return null;
  const actor: ActingActor = { userId: null, name: SLA_CLOCK_ACTOR_NAME, allianceId: t.alliance_id, unitId: null, requestId: `system-${newId()}`, ip: null };
  const body = action === 'escalate' ? { reason: data.note, source: data.source ?? 'overdue' } : { note: data.note, source: data.source };
  try {
    const row = await runTransition(deps, { actor, parties: () => ['system'] }, ticketId, action, body as Bodies[typeof action]);
    return detailOf(deps, deps.db, row, SYSTEM_VIEW);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'ILLEGAL_TRANSITION' || err.code === 'NOT_FOUND')) return null;
    throw err;
  }
}

export type { Bodies as ActionBodies };
