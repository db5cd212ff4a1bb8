import { z } from 'zod';
import { FileLangQuery, Id, OptionalNameText, OptionalRef, OptionalText, PageQuery, Text } from '../schemas/common.ts';
import { PhoneInput } from '../schemas/unit.ts';
import { CRS } from './geo.ts';
import { TICKET_ACTIONS, TICKET_KINDS, TICKET_STATUSES } from './machine.ts';

export const GeoPoint = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  crs: z.enum(CRS).default('wgs84'),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

/** A stored photo: the API hands out ids; `/api/v1/files/:id` and `/api/v1/files/:id/thumb` serve them. */
export const PhotoRef = z.object({ id: Id, url: z.string(), thumbUrl: z.string() });

const Photos = z.array(Id).max(9);

/** Intake by staff or a logged-in reporter (the public form uses PublicReportCreate). */
export const TicketCreate = z.object({
  kind: z.enum(TICKET_KINDS),
  categoryId: Id,
  title: OptionalText(60),
  description: Text(2000),
  photos: Photos.optional(),
  location: GeoPoint.nullable().optional(),
  address: OptionalText(200),
  gridId: OptionalRef,
  merchantName: OptionalText(64),
  urgent: z.boolean().optional(),
  // staff entering a case on someone's behalf (phone call, walk-in): a person's name, their number goes in reporterPhone
  reporterName: OptionalNameText(32),
  reporterPhone: PhoneInput.nullable().optional(),
});
export type TicketCreate = z.infer<typeof TicketCreate>;

/** The public, account-less report (随手拍 / 投诉): consent to the personal-information notice is required. */
export const PublicReportCreate = z.object({
  allianceCode: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]{1,7}$/, { message: 'invalid_alliance_code' }),
  kind: z.enum(['report', 'complaint', 'hazard', 'need', 'wish']).default('report'),
  categoryId: Id,
  description: Text(1000),
  photos: Photos.optional(),
  location: GeoPoint.nullable().optional(),
  address: OptionalText(200),
  gridId: OptionalRef,
  reporterPhone: PhoneInput.nullable().optional(),
  consent: z.literal(true, { message: 'consent_required' }),
});
export type PublicReportCreate = z.infer<typeof PublicReportCreate>;

/**
 * Notes the SLA clock writes on a timeline (即将超时, 自动吹哨, 15 天未评价自动办结 …). The stored note stays Chinese, for
 * the public pages, exports and Open311; the apps show the note of this code in the user's language instead.
 */
export const SYSTEM_NOTES = ['sla_warning', 'accept_overdue', 'overdue', 'callback_due', 'auto_escalate', 'auto_close_unrated'] as const;
export type SystemNote = (typeof SYSTEM_NOTES)[number];

/** The actor name the SLA clock's timeline entries are stored under (it has no account). */
export const SLA_CLOCK_ACTOR_NAME = '时效时钟';
/** The actor name an account-less reporter's entries (the public report form, a merchant's QR complaint, the tracking
 * page's rating) are stored under; the apps say it in the user's language. */
export const PUBLIC_REPORTER_ACTOR_NAME = '群众';
/** The actor name `tongxin recount` writes under (its audit record, a project roll-up it redoes): the system, no account. */
export const RECOUNT_ACTOR_NAME = '数据校正';
// the names it had before (SLA 时钟 on its flags, 系统 on its transitions): old timelines keep them
const CLOCK_NAMES: ReadonlySet<string> = new Set([SLA_CLOCK_ACTOR_NAME, 'SLA 时钟', '系统']);

/**
 * The code of an SLA clock note: its flags and the 15-day close are the clock's alone (no person takes those actions);
 * an escalation is the clock's when no account made it under one of the clock's names. Null: not the clock's entry.
 */
export function systemNoteOf(e: { action: string; actorUserId: string | null; actorName: string | null }): SystemNote | null {
  if (e.actorUserId !== null) return null;
  switch (e.action) {
    case 'sla_warning':
    case 'accept_overdue':
    case 'overdue':
    case 'callback_due':
      return e.action;
    case 'close_unrated':
      return 'auto_close_unrated';
    case 'escalate':
      return e.actorName !== null && CLOCK_NAMES.has(e.actorName) ? 'auto_escalate' : null;
    default:
      return null;
  }
}

export const TimelineEvent = z.object({
  id: Id,
  action: z.string(), // a TicketAction, or 'create' / 'sla_warning' / 'overdue' / 'reopen'
  at: z.number().int(),
  actorName: z.string().nullable(),
  actorUnitName: z.string().nullable(),
  fromStatus: z.enum(TICKET_STATUSES).nullable(),
  toStatus: z.enum(TICKET_STATUSES).nullable(),
  note: z.string().nullable(),
  photos: z.array(PhotoRef),
  data: z.record(z.string(), z.unknown()).nullable(),
  /** the SLA clock acted (actorName is then its Chinese name, which the apps say in the user's language) */
  byClock: z.boolean(),
  /** the code of the clock's note, for the apps to say it in the user's language; null when the note is withheld too */
  systemNote: z.enum(SYSTEM_NOTES).nullable(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const Ticket = z.object({
  id: Id,
  allianceId: Id,
  number: z.string(), // e.g. HHX-20261122-0042
  kind: z.enum(TICKET_KINDS),
  status: z.enum(TICKET_STATUSES),
  categoryId: Id,
  categoryName: z.string(),
  title: z.string(),
  description: z.string(), // phone/ID numbers inside are masked for anyone but the reporter
  photos: z.array(PhotoRef),
  location: z.object({ lng: z.number(), lat: z.number(), crs: z.enum(CRS) }).nullable(),
  address: z.string().nullable(),
  gridId: Id.nullable(),
  gridName: z.string().nullable(),
  merchantName: z.string().nullable(),
  urgent: z.boolean(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(), // masked
  anonymous: z.boolean(),
  leadUnitId: Id.nullable(),
  leadUnitName: z.string().nullable(),
  assistUnitIds: z.array(Id),
  assistUnitNames: z.array(z.string()), // in the order of assistUnitIds
  responsiblePersonId: Id.nullable(),
  responsiblePersonName: z.string().nullable(),
  acceptDueAt: z.number().int().nullable(),
  dueAt: z.number().int().nullable(),
  dueBeyondCalendar: z.boolean(), // deadline computed past the published holiday years (weekends only)
  overdue: z.boolean(),
  escalated: z.boolean(),
  extensionPending: z.boolean(),
  rating: z.object({ stars: z.number().int(), solved: z.boolean(), comment: z.string().nullable(), byCallback: z.boolean() }).nullable(),
  mergedIntoId: Id.nullable(),
  createdAt: z.number().int(),
  dispatchedAt: z.number().int().nullable(),
  acceptedAt: z.number().int().nullable(),
  resolvedAt: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  allowedActions: z.array(z.enum(TICKET_ACTIONS)),
});
export type Ticket = z.infer<typeof Ticket>;

export const TicketDetail = Ticket.extend({ timeline: z.array(TimelineEvent) });

/**
 * A ticket list counts its matches up to this many: past it the count would read hundreds of thousands of rows on every
 * page of a grown alliance, and nobody pages that far (the filters narrow it).
 */
export const TICKET_COUNT_CAP = 10_000;

/** A page of tickets; `totalCapped`: more than TICKET_COUNT_CAP match, and `total` is the cap. */
export const TicketPage = z.object({ items: z.array(Ticket), total: z.number().int(), totalCapped: z.boolean() });
export type TicketPage = z.infer<typeof TicketPage>;
export type TicketDetail = z.infer<typeof TicketDetail>;

/**
 * The unit's 退单 that sent a case back to the committee since its last dispatch (who and why), or null: the dispatch
 * forms show it and do not pre-fill the unit that just returned the case.
 */
export function lastReturn(timeline: readonly TimelineEvent[]): { unitId: string | null; unitName: string | null; reason: string | null } | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i] as TimelineEvent;
    if (e.action === 'dispatch') return null;
    if (e.action === 'return') {
      const unitId = typeof e.data?.leadUnitId === 'string' ? e.data.leadUnitId : null;
      return { unitId, unitName: e.actorUnitName, reason: e.note };
    }
  }
  return null;
}

const BoolQuery = z.enum(['true', 'false']).optional();

export const TicketQuery = PageQuery.extend({
  kind: z.enum(TICKET_KINDS).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  categoryId: Id.optional(),
  gridId: Id.optional(),
  unitId: Id.optional(),
  overdue: BoolQuery,
  open: BoolQuery, // still in the loop: submitted, dispatched, accepted or resolved
  extensionPending: BoolQuery, // a 延期申请 waits for the committee's decision
  mine: BoolQuery, // reported by me
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  // both ends are inclusive here (created_at between from and to): only a reversed window is refused
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from_after_to', path: ['to'] });
export type TicketQuery = z.infer<typeof TicketQuery>;

/** GET /tickets/export: the list's filters and the file's language. */
export const TicketExportQuery = TicketQuery.extend(FileLangQuery.shape);
export type TicketExportQuery = z.infer<typeof TicketExportQuery>;

// ---- action bodies ----
const Note = OptionalText(1000);

export const DispatchBody = z.object({
  leadUnitId: Id,
  /** the case's grid, set or corrected at dispatch (a public report often arrives without one) */
  gridId: Id.optional(),
  assistUnitIds: z.array(Id).max(10).optional(),
  responsiblePersonId: OptionalRef,
  /** defaults to the category SLA */
  dueAt: z.number().int().optional(),
  note: Note,
});
export const ReturnBody = z.object({ reason: Text(500) });
export const ResolveBody = z.object({ feedback: Text(2000), photos: Photos.optional() });
export const RateBody = z.object({ stars: z.number().int().min(1).max(5), solved: z.boolean(), comment: OptionalText(500) });
export const CallbackBody = RateBody.extend({ note: Note });
export const EscalateBody = z.object({ reason: Text(500) });
export const CancelBody = z.object({ reason: Text(500) });
export const MergeBody = z.object({ targetId: Id, note: Note });
export const ExtensionRequestBody = z.object({ until: z.number().int(), reason: Text(500) });
export const ExtensionDecisionBody = z.object({ approve: z.boolean(), note: Note });
export const UrgeBody = z.object({ level: z.enum(['urge', 'supervise']).default('urge'), note: Note });
export const CommentBody = z.object({ note: Text(1000), photos: Photos.optional() });

/** Duplicate suggestions on intake: open tickets of the same category within 100 m in the last 7 days. */
export const DuplicateQuery = z.object({
  categoryId: Id,
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  crs: z.enum(CRS).default('wgs84'),
});

/** 吹哨 items: escalated cases waiting for the next joint meeting (or already taken up by one). */
export const AGENDA_ITEM_STATES = ['waiting', 'taken'] as const;
export const AGENDA_SOURCES = ['manual', 'overdue'] as const;

export const AgendaQuery = PageQuery.extend({
  state: z.enum(AGENDA_ITEM_STATES).optional(),
  source: z.enum(AGENDA_SOURCES).optional(),
});
export type AgendaQuery = z.infer<typeof AgendaQuery>;

export const AgendaItem = z.object({
  id: Id,
  ticketId: Id,
  ticketNumber: z.string(),
  ticketTitle: z.string(),
  ticketStatus: z.enum(TICKET_STATUSES),
  leadUnitName: z.string().nullable(),
  /** the staff's reason; null for residents, merchants and volunteers (own scope), who read their case's item */
  reason: z.string().nullable(),
  /** manual: blown by staff; overdue: by the SLA clock when the deadline passed */
  source: z.enum(AGENDA_SOURCES),
  state: z.enum(AGENDA_ITEM_STATES),
  /** the joint meeting that took it (state taken); null for readers without meeting:read */
  meetingId: Id.nullable(),
  meetingTitle: z.string().nullable(),
  createdAt: z.number().int(),
  createdByName: z.string().nullable(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;
