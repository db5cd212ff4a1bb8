/** Schemas of joint meetings (联席会议): the meeting, its agenda (议题: 吹哨 cases taken onto it, free topics), its resolutions (决议). */
import { z } from 'zod';
import { Id, NameText, OptionalText, PageQuery, Text, windowInOrder } from '../schemas/common.ts';
import { Project, ProjectCreate } from '../resources/schemas.ts';
import { AGENDA_SOURCES } from '../tickets/schemas.ts';
import { TICKET_STATUSES } from '../tickets/machine.ts';

/** planned 待召开 → held 已召开 | cancelled 已取消; labels live in the web locale (`meetingStatus.<value>`). */
export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** What can be done to a meeting; each is allowed in the statuses listed (anything else is 409 ILLEGAL_TRANSITION). */
export const MEETING_RULES = {
  /** edit its title, time, place, host, attendees */
  update: ['planned'],
  /** take / release a 吹哨 item, add a topic */
  agenda: ['planned'],
  hold: ['planned'],
  cancel: ['planned'],
  /** record a resolution (and its projects): only what a meeting that took place decided */
  resolve: ['held'],
} as const satisfies Record<string, readonly MeetingStatus[]>;
export type MeetingAct = keyof typeof MEETING_RULES;

/** Whether the act is allowed on a meeting in this status; the console shows exactly these buttons. */
export function meetingAllows(status: MeetingStatus, act: MeetingAct): boolean {
  return (MEETING_RULES[act] as readonly MeetingStatus[]).includes(status);
}

/**
 * How much one meeting holds: its detail is answered whole (no pagination), so a writer cannot grow it without bound.
 * Far above what a meeting discusses (the seeds' meetings take a handful of issues); beyond it: 409 `agenda_full` /
 * `resolutions_full`.
 */
export const MEETING_LIMITS = { agenda: 100, resolutions: 50 } as const;

export const Meeting = z.object({
  id: Id,
  allianceId: Id,
  /** 会议名称 */
  title: z.string(),
  /** the planned date-time (epoch ms); once held, when it was held */
  heldAt: z.number().int(),
  place: z.string().nullable(),
  /** 主持人 */
  host: z.string().nullable(),
  /** 参会单位及人员, as typed */
  attendees: z.string().nullable(),
  /** 会议纪要, written when the meeting is marked held */
  minutes: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  cancelReason: z.string().nullable(),
  agendaCount: z.number().int(),
  resolutionCount: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Meeting = z.infer<typeof Meeting>;

/** 2000-01-01 … 2100-01-01: a typo of a year is refused rather than stored. */
const MeetingTime = z.number().int().min(946_684_800_000).max(4_102_444_800_000);

export const MeetingCreate = z.object({
  title: NameText(80),
  heldAt: MeetingTime,
  place: OptionalText(200),
  host: OptionalText(60),
  attendees: OptionalText(2000),
});
export type MeetingCreate = z.infer<typeof MeetingCreate>;

// an edit takes the stored name back unchecked: the service refuses only a changed name holding a number (keptName)
export const MeetingUpdate = MeetingCreate.extend({ title: Text(80) }).partial();
export type MeetingUpdate = z.infer<typeof MeetingUpdate>;

export const MeetingQuery = PageQuery.extend({
  status: z.enum(MEETING_STATUSES).optional(),
  /** heldAt window [from, to), epoch ms */
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
}).refine(windowInOrder, { message: 'from_after_to', path: ['to'] });
export type MeetingQuery = z.infer<typeof MeetingQuery>;

/** 标记已召开: the minutes, and when it was held when that differs from the plan. */
export const MeetingHoldBody = z.object({ minutes: Text(10_000), heldAt: MeetingTime.optional() });
export type MeetingHoldBody = z.infer<typeof MeetingHoldBody>;

export const MeetingCancelBody = z.object({ reason: OptionalText(500) });
export type MeetingCancelBody = z.infer<typeof MeetingCancelBody>;

/** An agenda item (议题): a 吹哨 case taken onto the meeting, or a topic typed by staff. */
export const MEETING_AGENDA_KINDS = ['case', 'topic'] as const;
export type MeetingAgendaKind = (typeof MEETING_AGENDA_KINDS)[number];

export const MeetingAgendaItem = z.object({
  /** the 吹哨 item's id (agenda-items) for a case, the topic's id for a topic */
  id: Id,
  kind: z.enum(MEETING_AGENDA_KINDS),
  /** the case's title, or the topic's */
  title: z.string(),
  /** the 吹哨 reason, or the topic's description */
  description: z.string().nullable(),
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  ticketStatus: z.enum(TICKET_STATUSES).nullable(),
  leadUnitName: z.string().nullable(),
  source: z.enum(AGENDA_SOURCES).nullable(),
  /** when it was put on this meeting's agenda */
  addedAt: z.number().int(),
  addedByName: z.string().nullable(),
});
export type MeetingAgendaItem = z.infer<typeof MeetingAgendaItem>;

/** Take a waiting 吹哨 item (GET /agenda-items?state=waiting) onto the meeting. */
export const MeetingTakeBody = z.object({ agendaItemId: Id });
export type MeetingTakeBody = z.infer<typeof MeetingTakeBody>;

export const MeetingTopicCreate = z.object({ title: NameText(80), description: OptionalText(2000) });
export type MeetingTopicCreate = z.infer<typeof MeetingTopicCreate>;

/** 决议: its text, and the projects it creates (the fields POST /projects accepts), all in one transaction. */
export const ResolutionCreate = z.object({
  text: Text(2000),
  projects: z.array(ProjectCreate).max(20).default([]),
});
export type ResolutionCreate = z.infer<typeof ResolutionCreate>;

export const Resolution = z.object({
  id: Id,
  meetingId: Id,
  text: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.number().int(),
  projects: z.array(Project),
});
export type Resolution = z.infer<typeof Resolution>;

export const MeetingDetail = Meeting.extend({ agenda: z.array(MeetingAgendaItem), resolutions: z.array(Resolution) });
export type MeetingDetail = z.infer<typeof MeetingDetail>;
