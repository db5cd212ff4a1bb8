import { z } from 'zod';
import { DATA_SCOPES } from '../enums.ts';
import { RateRow } from '../tickets/category.ts';
import { TICKET_KINDS, TICKET_STATUSES } from '../tickets/machine.ts';

/** 'YYYY-MM' (Asia/Shanghai) */
export const DashboardMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month');

/** The big screen's month; the current one when left out. */
export const DashboardQuery = z.object({ month: DashboardMonth.optional() });
export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** The key of the slice that sums the categories past the largest ones (the screen names it in the user's language). */
export const DASHBOARD_OTHER_SLICE = '__other';

/** One slice of a breakdown: a category, grid or kind and how many tickets it holds. */
export const DashboardSlice = z.object({ key: z.string(), name: z.string(), count: z.number().int() });
export type DashboardSlice = z.infer<typeof DashboardSlice>;

/** One month of the twelve-month trend: tickets taken in and closed, and the 三率 of those taken in. */
export const DashboardTrendPoint = z.object({
  month: DashboardMonth,
  created: z.number().int(),
  closed: z.number().int(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
});

/** A recent case as a wall screen may show it: no reporter, the title cut from the masked description. */
export const DashboardCase = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(TICKET_KINDS),
  status: z.enum(TICKET_STATUSES),
  title: z.string(),
  categoryName: z.string(),
  gridName: z.string().nullable(),
  createdAt: z.number().int(),
});

/** Merchant credit of the alliance: stars (0 = not rated), flags and monitoring points (商户信用). */
export const DashboardCredit = z.object({
  merchants: z.number().int(),
  operating: z.number().int(),
  monitoringPoints: z.number().int(),
  redFlags: z.number().int(),
  yellowFlags: z.number().int(),
  stars: z.array(z.object({ stars: z.number().int().min(0).max(5), count: z.number().int() })),
});
export type DashboardCredit = z.infer<typeof DashboardCredit>;

/** 项目清单 and 联席会议 of the alliance this year. */
export const DashboardProjects = z.object({
  total: z.number().int(),
  done: z.number().int(),
  inProgress: z.number().int(),
  overdue: z.number().int(),
  averageProgress: z.number().nullable(),
});
export const DashboardMeetings = z.object({
  heldThisYear: z.number().int(),
  resolutionsThisYear: z.number().int(),
  agendaWaiting: z.number().int(),
});

/**
 * The leaders' big screen (数据大屏) in one answer. Ticket figures follow the reader's data scope; the credit, project and
 * meeting sections are the alliance's and come only to an alliance-wide reader holding that module's read permission
 * (null otherwise).
 */
export const DashboardOverview = z.object({
  month: DashboardMonth,
  generatedAt: z.number().int(),
  scope: z.enum(DATA_SCOPES),
  tickets: z.object({
    open: z.number().int(),
    overdue: z.number().int(),
    createdToday: z.number().int(),
    createdThisMonth: z.number().int(),
    closedThisMonth: z.number().int(),
  }),
  rates: RateRow,
  trend: z.array(DashboardTrendPoint),
  byKind: z.array(DashboardSlice),
  byCategory: z.array(DashboardSlice),
  openByGrid: z.array(DashboardSlice),
  ranking: z.array(RateRow),
  recent: z.array(DashboardCase),
  credit: DashboardCredit.nullable(),
  projects: DashboardProjects.nullable(),
  meetings: DashboardMeetings.nullable(),
});
export type DashboardOverview = z.infer<typeof DashboardOverview>;
