/** Schemas of resources (资源清单), projects (项目清单), matching and adoption (认购式服务). */
import { z } from 'zod';
import { RECORD_STATUSES } from '../enums.ts';
import { CalendarDate, Id, NameText, OptionalNameText, OptionalRef, OptionalText, PageQuery, Text } from '../schemas/common.ts';
import { PhoneEdit, PhoneInput } from '../schemas/unit.ts';
import { CRS } from '../tickets/geo.ts';
import { GeoPoint, PhotoRef } from '../tickets/schemas.ts';

/** What a unit offers (资源清单 categories, from the seeds); labels live in the web locale (`resourceCategory.<value>`). */
export const RESOURCE_CATEGORIES = [
  'venue', // 场地 (党群服务阵地, 商场中庭, 邻里中心)
  'meeting_room', // 免费会议室
  'legal_aid', // 法律援助 / 法律咨询
  'finance', // 金融服务 (小额信贷, 移动支付, 反诈)
  'training', // 培训 (消防, 急救, 电商直播, 员工培训)
  'volunteer', // 志愿服务 (红色代办, 帮帮团)
  'medical', // 义诊 / 家庭医生
  'policy', // 政策咨询 (税费, 证照代办)
  'convenience', // 便民服务 (E站: 饮水, 充电, 维修)
  'culture', // 文体活动 (影院, 书吧, 市集)
  'employment', // 招聘就业
  'foreign', // 涉外服务 (翻译, 签证咨询)
  'other',
] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'invalid_time' });

/** One weekly opening slot: ISO weekday 1 (Mon) – 7 (Sun), start and end as HH:mm (Asia/Shanghai). */
export const WeeklySlot = z
  .object({ weekday: z.number().int().min(1).max(7), start: HHMM, end: HHMM })
  .refine((s) => s.end > s.start, { message: 'end_before_start', path: ['end'] });
export type WeeklySlot = z.infer<typeof WeeklySlot>;

/** A point as given (crs) — the server also keeps it normalised to WGS-84 for distances. */
const PointView = z.object({ lng: z.number(), lat: z.number(), crs: z.enum(CRS) });

export const Resource = z.object({
  id: Id,
  allianceId: Id,
  unitId: Id,
  unitName: z.string(),
  category: z.enum(RESOURCE_CATEGORIES),
  title: z.string(),
  description: z.string().nullable(),
  capacity: z.number().int().nullable(),
  availability: z.string().nullable(),
  weeklySlots: z.array(WeeklySlot),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(), // always masked
  address: z.string().nullable(),
  location: PointView.nullable(),
  status: z.enum(RECORD_STATUSES),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Resource = z.infer<typeof Resource>;

export const ResourceCreate = z.object({
  /** defaults to the caller's own unit */
  unitId: Id.optional(),
  category: z.enum(RESOURCE_CATEGORIES),
  title: NameText(60),
  description: OptionalText(2000),
  capacity: z.number().int().min(1).max(1_000_000).nullable().optional(),
  availability: OptionalText(200),
  weeklySlots: z.array(WeeklySlot).max(28).optional(),
  contactName: OptionalNameText(32),
  contactPhone: PhoneInput.nullable().optional(),
  address: OptionalText(200),
  location: GeoPoint.nullable().optional(),
  status: z.enum(RECORD_STATUSES).optional(),
});
export type ResourceCreate = z.infer<typeof ResourceCreate>;

// an edit takes the stored names and phone back unchecked: the service refuses only a changed name holding a number
// (keptName) or a changed phone of a wrong format (PhoneEdit)
export const ResourceUpdate = ResourceCreate.omit({ unitId: true })
  .extend({ title: Text(60), contactName: OptionalText(32), contactPhone: PhoneEdit })
  .partial();
export type ResourceUpdate = z.infer<typeof ResourceUpdate>;

export const ResourceQuery = PageQuery.extend({
  category: z.enum(RESOURCE_CATEGORIES).optional(),
  unitId: Id.optional(),
  status: z.enum(RECORD_STATUSES).optional(),
});
export type ResourceQuery = z.infer<typeof ResourceQuery>;

// ---- projects ----

/** 项目清单 statuses; labels live in the web locale (`projectStatus.<value>`). */
export const PROJECT_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** An undertaking (承接项目, often from a need or a 联席会议 resolution) or a service project merchants adopt (认购式服务). */
export const PROJECT_KINDS = ['undertaking', 'service'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

/** Allowed status changes; anything else is 409 ILLEGAL_TRANSITION. done → in_progress reopens; cancelled is final. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, readonly ProjectStatus[]> = {
  planned: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: ['in_progress'],
  cancelled: [],
};

/** Whether a project may move from one status to another. */
export function canChangeProjectStatus(from: ProjectStatus, to: ProjectStatus): boolean {
  return PROJECT_TRANSITIONS[from].includes(to);
}

/** Overdue: the deadline (an Asia/Shanghai date) lies before today and the project is neither done nor cancelled. */
export function isProjectOverdue(p: { deadline: string | null; status: ProjectStatus }, today: string): boolean {
  return p.deadline !== null && p.deadline < today && (p.status === 'planned' || p.status === 'in_progress');
}

/** A calendar date (Asia/Shanghai), e.g. 2026-12-31. */
export const DateString = CalendarDate;

export const Project = z.object({
  id: Id,
  allianceId: Id,
  parentId: Id.nullable(),
  depth: z.number().int(),
  kind: z.enum(PROJECT_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  ownerUnitId: Id,
  ownerUnitName: z.string(),
  responsiblePersonId: Id.nullable(),
  responsiblePersonName: z.string().nullable(),
  deadline: z.string().nullable(),
  /** share of the parent's progress (any positive number; the parent takes the weighted mean) */
  weight: z.number(),
  /** 0–100; a parent's is the weighted mean of its children that are not cancelled */
  progress: z.number(),
  status: z.enum(PROJECT_STATUSES),
  overdue: z.boolean(),
  childCount: z.number().int(),
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  resourceId: Id.nullable(),
  resourceTitle: z.string().nullable(),
  /** service projects: how many merchants may adopt it, how many have, and whether the caller has */
  capacity: z.number().int().nullable(),
  adoptedCount: z.number().int(),
  adoptedByMe: z.boolean(),
  /** the joint-meeting resolution (决议) that created it, if one did */
  resolutionId: Id.nullable(),
  /** that resolution's meeting: named to readers with meeting:read only, null for the others */
  meetingId: Id.nullable(),
  meetingTitle: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Project = z.infer<typeof Project>;

/** A project with its subtree, for the tree table. */
export type ProjectNode = Project & { children?: ProjectNode[] };
export const ProjectNode: z.ZodType<ProjectNode> = Project.extend({ children: z.array(z.lazy(() => ProjectNode)).optional() });

export const ProjectCreate = z.object({
  parentId: OptionalRef,
  kind: z.enum(PROJECT_KINDS).default('undertaking'),
  title: NameText(80),
  description: OptionalText(2000),
  /** defaults to the caller's own unit */
  ownerUnitId: Id.optional(),
  responsiblePersonId: OptionalRef,
  deadline: DateString.nullable().optional(),
  weight: z.number().positive().max(1000).optional(),
  /** starting progress of a leaf (0–100) */
  progress: z.number().min(0).max(100).optional(),
  ticketId: OptionalRef,
  resourceId: OptionalRef,
  capacity: z.number().int().min(1).max(10_000).nullable().optional(),
});
export type ProjectCreate = z.infer<typeof ProjectCreate>;

export const ProjectUpdate = z
  .object({
    // the stored title comes back unchecked: the service refuses only a changed title holding a number (keptName)
    title: Text(80),
    description: OptionalText(2000),
    responsiblePersonId: OptionalRef,
    deadline: DateString.nullable(),
    weight: z.number().positive().max(1000),
    ticketId: OptionalRef,
    resourceId: OptionalRef,
    capacity: z.number().int().min(1).max(10_000).nullable(),
  })
  .partial();
export type ProjectUpdate = z.infer<typeof ProjectUpdate>;

const BoolQuery = z.enum(['true', 'false']).optional();

export const ProjectQuery = PageQuery.extend({
  status: z.enum(PROJECT_STATUSES).optional(),
  kind: z.enum(PROJECT_KINDS).optional(),
  unitId: Id.optional(),
  ticketId: Id.optional(),
  overdue: BoolQuery,
  /** service projects still open for adoption (not done/cancelled, places left) */
  open: BoolQuery,
});
export type ProjectQuery = z.infer<typeof ProjectQuery>;

/** A progress report on a leaf project: the new percentage, what was done, photos. */
export const ProjectProgressBody = z.object({
  progress: z.number().min(0).max(100),
  note: OptionalText(1000),
  photos: z.array(Id).max(9).optional(),
});
export type ProjectProgressBody = z.infer<typeof ProjectProgressBody>;

export const ProjectStatusBody = z.object({ status: z.enum(PROJECT_STATUSES), note: OptionalText(1000) });
export type ProjectStatusBody = z.infer<typeof ProjectStatusBody>;

export const PROJECT_EVENT_ACTIONS = ['create', 'update', 'progress', 'status', 'adopt', 'adopt_cancel'] as const;
/**
 * The roll-up's automatic changes of a parent project (its children started, all done, not all done any more, all
 * removed). The stored note stays Chinese; the apps show the note of this code in the user's language.
 */
export const PROJECT_AUTO_NOTES = ['in_progress', 'done', 'reopen', 'restore'] as const;
export type ProjectAutoNote = (typeof PROJECT_AUTO_NOTES)[number];

export const ProjectEvent = z.object({
  id: Id,
  action: z.enum(PROJECT_EVENT_ACTIONS),
  at: z.number().int(),
  actorName: z.string().nullable(),
  fromStatus: z.enum(PROJECT_STATUSES).nullable(),
  toStatus: z.enum(PROJECT_STATUSES).nullable(),
  progressFrom: z.number().nullable(),
  progressTo: z.number().nullable(),
  note: z.string().nullable(),
  photos: z.array(PhotoRef),
  /** set on the roll-up's automatic changes: the code of the note */
  autoNote: z.enum(PROJECT_AUTO_NOTES).nullable(),
});
export type ProjectEvent = z.infer<typeof ProjectEvent>;

// ---- adoption (认购式服务) ----

export const ADOPTION_STATUSES = ['active', 'cancelled'] as const;

export const Adoption = z.object({
  id: Id,
  projectId: Id,
  projectTitle: z.string(),
  userId: Id,
  adopterName: z.string(),
  merchantId: Id.nullable(),
  merchantName: z.string().nullable(),
  note: z.string().nullable(),
  status: z.enum(ADOPTION_STATUSES),
  createdAt: z.number().int(),
  cancelledAt: z.number().int().nullable(),
});
export type Adoption = z.infer<typeof Adoption>;

export const AdoptionCreate = z.object({ note: OptionalText(500) });
export const AdoptionQuery = PageQuery.extend({ status: z.enum(ADOPTION_STATUSES).optional() });

// ---- matching ----

/** One ranked resource for a need ticket; score = documented weighted sum of its parts (docs/RESOURCES.md). */
export const ResourceSuggestion = z.object({
  resource: Resource,
  score: z.number(),
  categoryScore: z.number(),
  textScore: z.number(),
  distanceScore: z.number(),
  /** metres between the ticket's and the resource's WGS-84 points; null when either has none */
  distance: z.number().nullable(),
  matchedTokens: z.array(z.string()),
});
export type ResourceSuggestion = z.infer<typeof ResourceSuggestion>;

export const SuggestionQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

/** Dispatch a need to the unit of a chosen resource and open its project, in one transaction. */
export const DispatchWithResourceBody = z.object({
  resourceId: Id,
  /** the project's deadline (Asia/Shanghai date); the ticket's deadline becomes the end of that day. Default: the category SLA */
  deadline: DateString.optional(),
  responsiblePersonId: OptionalRef,
  assistUnitIds: z.array(Id).max(10).optional(),
  note: OptionalText(1000),
  /** defaults to the ticket's title */
  projectTitle: OptionalNameText(80),
  /** file the project under an existing one (e.g. this year's 项目清单) */
  parentProjectId: OptionalRef,
  weight: z.number().positive().max(1000).optional(),
});
export type DispatchWithResourceBody = z.infer<typeof DispatchWithResourceBody>;
