import {
  allowedActions,
  REPORTER_NOTE_ACTIONS,
  STAFF_ONLY_ACTIONS,
  maskFreeText,
  maskPhone,
  systemNoteOf,
  type ActionParty,
  type Ticket,
  type TicketDetail,
  type TicketStatus,
  type TimelineEvent,
} from '@tongxin/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { TicketEventTable, TicketTable } from '../../db/types.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { jsonStringArray } from '../../lib/json.ts';
import { shownText } from '../../lib/freeText.ts';

/** A ticket row with the names the API shows next to its references. */
export type TicketRow = TicketTable & {
  category_name: string;
  grid_name: string | null;
  lead_unit_name: string | null;
  responsible_person_name: string | null;
};

/** The columns toTicket and viewerOf read: a list reads only these (a ticket row has 62 columns; every value read costs). */
const VIEW_COLUMNS = [
  'id',
  'alliance_id',
  'number',
  'kind',
  'status',
  'category_id',
  'title',
  'description',
  'photos',
  'lng',
  'lat',
  'crs',
  'address',
  'grid_id',
  'merchant_name',
  'urgent',
  'reporter_user_id',
  'reporter_name',
  'reporter_phone_enc',
  'anonymous',
  'lead_unit_id',
  'responsible_person_id',
  'accept_due_at',
  'due_at',
  'due_beyond_calendar',
  'overdue',
  'escalated',
  'extension_pending',
  'rating_stars',
  'rating_solved',
  'rating_comment',
  'rating_by_callback',
  'merged_into_id',
  'created_at',
  'dispatched_at',
  'accepted_at',
  'resolved_at',
  'closed_at',
] as const satisfies readonly (keyof TicketTable)[];

/** What the API view of a ticket needs: its VIEW_COLUMNS and the names of its references. */
export type TicketViewRow = Pick<TicketTable, (typeof VIEW_COLUMNS)[number]> & {
  category_name: string;
  grid_name: string | null;
  lead_unit_name: string | null;
  responsible_person_name: string | null;
};

/** Who is looking: decides the parties (allowed actions) and whether personal data inside the text is masked. */
export interface Viewer {
  parties: ActionParty[];
  /** the reporter sees the description as typed; everyone else sees phone/ID numbers masked */
  isReporter: boolean;
  /** the public tracking page hides staff names */
  publicView?: boolean;
  /** a reporter from outside (own-scope roles, the tracking page): staff remarks and the handlers' notes are left out */
  outsider?: boolean;
  /** the viewer's account: an outsider still reads their own remarks */
  userId?: string | null;
  /** reads joint meetings (meeting:read): the agenda events name their meeting, as the agenda list does */
  meetings?: boolean;
}

/** Timeline events of a joint meeting's agenda: their note (the meeting's title) and data name the meeting. */
const MEETING_ACTIONS: ReadonlySet<string> = new Set(['agenda_take', 'agenda_release']);

export const photoRef = (id: string) => ({ id, url: `/api/v1/files/${id}`, thumbUrl: `/api/v1/files/${id}/thumb` });

/** Tickets joined with their category, grid, lead unit and responsible person (for their names). */
function ticketJoins(db: Db) {
  return db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .leftJoin('grids', 'grids.id', 'tickets.grid_id')
    .leftJoin('units', 'units.id', 'tickets.lead_unit_id')
    .leftJoin('people', 'people.id', 'tickets.responsible_person_id')
    .select(['categories.name as category_name', 'grids.name as grid_name', 'units.name as lead_unit_name', 'people.name as responsible_person_name']);
}

/** Tickets for the API view (lists): only VIEW_COLUMNS, with the names of their references. */
export function viewTickets(db: Db) {
  return ticketJoins(db).select(VIEW_COLUMNS.map((c) => `tickets.${c}` as const));
}

/** Reads a ticket (every column) with the names of its references. */
export function joinedTickets(db: Db) {
  return ticketJoins(db).selectAll('tickets');
}

/** The parties an actor holds on a ticket (DESIGN "The closed loop"). */
export function partiesOf(actor: Pick<Actor, 'permissions' | 'unitId' | 'userId'>, t: Pick<TicketTable, 'lead_unit_id' | 'reporter_user_id'>): ActionParty[] {
  const p: ActionParty[] = [];
  if (actor.permissions.has('ticket:dispatch')) p.push('committee');
  if (actor.permissions.has('ticket:handle') && actor.unitId && actor.unitId === t.lead_unit_id) p.push('lead_unit');
  if (actor.userId && actor.userId === t.reporter_user_id) p.push('reporter');
  if (p.length === 0) p.push('viewer');
  return p;
}

const HANDLING: readonly string[] = ['dispatched', 'accepted'];

/** Overdue: flagged by the SLA clock, or past the deadline while still being handled. */
export function isOverdue(r: Pick<TicketTable, 'overdue' | 'status' | 'due_at'>, now: number): boolean {
  return Number(r.overdue) === 1 || (HANDLING.includes(r.status) && r.due_at !== null && Number(r.due_at) < now);
}

const num = (v: number | null) => (v === null ? null : Number(v));

/** The API view of a ticket row. */
export function toTicket(deps: Pick<Deps, 'cipher' | 'clock'>, r: TicketViewRow, assist: AssistUnit[], v: Viewer): Ticket {
  const text = (s: string) => (v.isReporter && !v.publicView ? s : maskFreeText(s));
  return {
    id: r.id,
    allianceId: r.alliance_id,
    number: r.number,
    kind: r.kind as Ticket['kind'],
    status: r.status as TicketStatus,
    categoryId: r.category_id,
    // names of things joined in: one written before names refused numbers shows them masked (the tracking page is public)
    categoryName: shownText(r.category_name),
    title: text(r.title),
    description: text(r.description),
    photos: jsonStringArray(r.photos).map(photoRef),
    location: r.lng !== null && r.lat !== null ? { lng: Number(r.lng), lat: Number(r.lat), crs: (r.crs ?? 'wgs84') as 'wgs84' | 'gcj02' } : null,
    address: r.address === null ? null : text(r.address),
    gridId: r.grid_id,
    gridName: shownText(r.grid_name),
    merchantName: shownText(r.merchant_name),
    urgent: Number(r.urgent) === 1,
    reporterName: v.publicView ? null : shownText(r.reporter_name),
    reporterPhone: maskPhone(deps.cipher.decrypt(r.reporter_phone_enc)),
    anonymous: Number(r.anonymous) === 1,
    leadUnitId: r.lead_unit_id,
    leadUnitName: shownText(r.lead_unit_name),
    assistUnitIds: assist.map((u) => u.id),
    assistUnitNames: assist.map((u) => shownText(u.name)),
    responsiblePersonId: v.publicView ? null : r.responsible_person_id,
    responsiblePersonName: v.publicView ? null : shownText(r.responsible_person_name),
    acceptDueAt: num(r.accept_due_at),
    dueAt: num(r.due_at),
    dueBeyondCalendar: Number(r.due_beyond_calendar) === 1,
    overdue: isOverdue(r, deps.clock.now()),
    escalated: Number(r.escalated) === 1,
    extensionPending: Number(r.extension_pending) === 1,
    rating:
      r.rating_stars === null
        ? null
        : {
            stars: Number(r.rating_stars),
            solved: Number(r.rating_solved) === 1,
            // the reporter's words: numbers typed into them are masked for everyone else, as in the description
            comment: r.rating_comment === null ? null : text(r.rating_comment),
            byCallback: Number(r.rating_by_callback) === 1,
          },
    mergedIntoId: r.merged_into_id,
    createdAt: Number(r.created_at),
    dispatchedAt: num(r.dispatched_at),
    acceptedAt: num(r.accepted_at),
    resolvedAt: num(r.resolved_at),
    closedAt: num(r.closed_at),
    allowedActions: allowedActions(
      { status: r.status as TicketStatus, extensionPending: Number(r.extension_pending) === 1, escalated: Number(r.escalated) === 1 },
      v.parties,
    ),
  };
}

/** Assisting unit ids of each ticket. */
export async function assistUnitsOf(db: Db, ticketIds: string[]): Promise<Map<string, AssistUnit[]>> {
  const out = new Map<string, AssistUnit[]>();
  if (ticketIds.length === 0) return out;
  // an export asks for thousands: a bounded number of parameters per statement
  for (let i = 0; i < ticketIds.length; i += 500) {
    const rows = await db
      .selectFrom('ticket_units')
      .innerJoin('units', 'units.id', 'ticket_units.unit_id')
      .select(['ticket_units.ticket_id', 'ticket_units.unit_id', 'units.name'])
      .where('ticket_units.ticket_id', 'in', ticketIds.slice(i, i + 500))
      .orderBy('ticket_units.unit_id')
      .execute();
    for (const r of rows) out.set(r.ticket_id, [...(out.get(r.ticket_id) ?? []), { id: r.unit_id, name: r.name }]);
  }
  return out;
}

/** An assisting unit of a ticket, with its name for the screens. */
export interface AssistUnit {
  id: string;
  name: string;
}

function parseData(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The timeline of a ticket, oldest first. */
export async function timelineOf(db: Db, ticketId: string, v: Viewer): Promise<TimelineEvent[]> {
  const rows = await db
    .selectFrom('ticket_events')
    .leftJoin('units', 'units.id', 'ticket_events.actor_unit_id')
    .selectAll('ticket_events')
    .select('units.name as actor_unit_name')
    .where('ticket_events.ticket_id', '=', ticketId)
    .orderBy('ticket_events.at')
    .orderBy('ticket_events.id')
    .execute();
  const text = (s: string | null) => (s === null ? null : v.isReporter && !v.publicView ? s : maskFreeText(s));
  const outsider = v.outsider || v.publicView;
  const own = (e: TicketEventTable) => !!v.userId && e.actor_user_id === v.userId;
  const shown = outsider ? rows.filter((e) => !STAFF_ONLY_ACTIONS.has(e.action) || own(e)) : rows;
  return shown.map((e: TicketEventTable & { actor_unit_name: string | null }) => {
    // which meeting took a case is the committee's business: a handling unit reads that it was put on an agenda
    const withheld = (outsider && !REPORTER_NOTE_ACTIONS.has(e.action) && !own(e)) || (MEETING_ACTIONS.has(e.action) && !v.meetings);
    const clockNote = systemNoteOf({ action: e.action, actorUserId: e.actor_user_id, actorName: e.actor_name });
    return {
      id: e.id,
      action: e.action,
      at: Number(e.at),
      // the public page shows who acted by unit only
      actorName: v.publicView && e.actor_user_id !== null ? null : shownText(e.actor_name),
      actorUnitName: shownText(e.actor_unit_name),
      fromStatus: e.from_status as TicketStatus | null,
      toStatus: e.to_status as TicketStatus | null,
      note: withheld ? null : text(e.note),
      photos: jsonStringArray(e.photos).map(photoRef),
      data: withheld && MEETING_ACTIONS.has(e.action) ? null : shownData(parseData(e.data), text),
      byClock: clockNote !== null,
      // the code says what the note says: withheld with it
      systemNote: withheld ? null : clockNote,
    };
  });
}

/** An event's data as the viewer may see it: a rating's comment is the reporter's words, masked as the note is. */
function shownData(d: Record<string, unknown> | null, text: (s: string | null) => string | null): Record<string, unknown> | null {
  return d && typeof d.comment === 'string' ? { ...d, comment: text(d.comment) } : d;
}

/** A ticket with its timeline, as the viewer may see it. */
export async function detailOf(deps: Pick<Deps, 'cipher' | 'clock'>, db: Db, r: TicketRow, v: Viewer): Promise<TicketDetail> {
  const [assist, timeline] = await Promise.all([assistUnitsOf(db, [r.id]), timelineOf(db, r.id, v)]);
  return { ...toTicket(deps, r, assist.get(r.id) ?? [], v), timeline };
}

/** Row lock on PostgreSQL; SQLite serialises writers anyway. */
export async function lockTicket(db: Db, dbKind: Deps['dbKind'], id: string): Promise<void> {
  if (dbKind === 'postgres') await sql`select id from tickets where id = ${id} for update`.execute(db);
}
