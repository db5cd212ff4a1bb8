import { z } from 'zod';
import { CalendarDate, Id, NameText, OptionalNameText, OptionalRef, OptionalText, PageQuery, Text, windowInOrder } from '../schemas/common.ts';

/** GB/T 30428 event classes and the seeds' own categories, seeded into every alliance (SLA in 12345 practice). */
export const DEFAULT_CATEGORIES: { code: string; name: string; gbClass: string | null; acceptHours: number; resolveDays: number; urgentHours: number }[] = [
  { code: 'SRHJ', name: '市容环境', gbClass: '市容环境', acceptHours: 4, resolveDays: 7, urgentHours: 24 },
  { code: 'XCGG', name: '宣传广告', gbClass: '宣传广告', acceptHours: 8, resolveDays: 7, urgentHours: 24 },
  { code: 'SGGL', name: '施工管理', gbClass: '施工管理', acceptHours: 4, resolveDays: 7, urgentHours: 24 },
  { code: 'TFSJ', name: '突发事件', gbClass: '突发事件', acceptHours: 1, resolveDays: 1, urgentHours: 2 },
  { code: 'JMZX', name: '街面秩序', gbClass: '街面秩序', acceptHours: 4, resolveDays: 7, urgentHours: 24 },
  { code: 'HJWS', name: '环境卫生', gbClass: '市容环境', acceptHours: 4, resolveDays: 3, urgentHours: 24 },
  { code: 'XFYH', name: '消防隐患', gbClass: '突发事件', acceptHours: 2, resolveDays: 3, urgentHours: 2 },
  { code: 'TCGL', name: '停车管理', gbClass: '街面秩序', acceptHours: 4, resolveDays: 7, urgentHours: 24 },
  { code: 'YY', name: '油烟', gbClass: '市容环境', acceptHours: 8, resolveDays: 7, urgentHours: 24 },
  { code: 'ZY', name: '噪音', gbClass: '市容环境', acceptHours: 8, resolveDays: 7, urgentHours: 24 },
  { code: 'ZDJY', name: '占道经营', gbClass: '街面秩序', acceptHours: 4, resolveDays: 7, urgentHours: 24 },
  { code: 'XFJF', name: '消费纠纷', gbClass: null, acceptHours: 8, resolveDays: 7, urgentHours: 24 },
  { code: 'SDQ', name: '水电气', gbClass: null, acceptHours: 2, resolveDays: 1, urgentHours: 24 },
  { code: 'SHFW', name: '商户服务需求', gbClass: null, acceptHours: 24, resolveDays: 15, urgentHours: 48 },
  { code: 'WXY', name: '微心愿', gbClass: null, acceptHours: 24, resolveDays: 15, urgentHours: 48 },
];

export const Category = z.object({
  id: Id,
  allianceId: Id,
  code: z.string(),
  name: z.string(),
  gbClass: z.string().nullable(),
  acceptHours: z.number(),
  resolveDays: z.number().int(),
  urgentHours: z.number(),
  defaultLeadUnitId: Id.nullable(),
  /** per-grid default lead unit, overriding defaultLeadUnitId inside that grid's subtree */
  gridRoutes: z.array(z.object({ gridId: Id, unitId: Id })),
  active: z.boolean(),
});
export type Category = z.infer<typeof Category>;

/**
 * The lead unit a category routes a case of a grid to: the nearest grid route up the grid tree, else the category's
 * default unit (the dispatch forms pre-fill it; staff may pick another). None when that is `except`, the unit that
 * just returned the case.
 */
export function routedUnit(
  category: Pick<Category, 'defaultLeadUnitId' | 'gridRoutes'> | undefined,
  gridId: string | null,
  grids: readonly { id: string; parentId: string | null }[],
  except?: string | null,
): string | undefined {
  const unit = routeOf(category, gridId, grids);
  return unit && unit !== except ? unit : undefined;
}

function routeOf(
  category: Pick<Category, 'defaultLeadUnitId' | 'gridRoutes'> | undefined,
  gridId: string | null,
  grids: readonly { id: string; parentId: string | null }[],
): string | undefined {
  if (!category) return undefined;
  const parent = new Map(grids.map((g) => [g.id, g.parentId]));
  const seen = new Set<string>();
  for (let g: string | null | undefined = gridId; g && !seen.has(g); g = parent.get(g)) {
    seen.add(g);
    const r = category.gridRoutes.find((x) => x.gridId === g);
    if (r) return r.unitId;
  }
  return category.defaultLeadUnitId ?? undefined;
}

export const CategoryCreate = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]{1,16}$/, { message: 'invalid_category_code' }),
  name: NameText(32),
  gbClass: OptionalText(32),
  acceptHours: z.number().min(0.5).max(720),
  resolveDays: z.number().int().min(0).max(365),
  urgentHours: z.number().min(0.5).max(720),
  defaultLeadUnitId: OptionalRef,
  gridRoutes: z
    .array(z.object({ gridId: Id, unitId: Id }))
    .max(500)
    .optional(),
  active: z.boolean().optional(),
});
export type CategoryCreate = z.infer<typeof CategoryCreate>;
// an edit takes the stored name back unchecked: the service refuses only a changed name holding a number (keptName)
export const CategoryUpdate = CategoryCreate.omit({ code: true })
  .extend({ name: Text(32) })
  .partial();
export const CategoryQuery = PageQuery.extend({ active: z.enum(['true', 'false']).optional() });

/** One day of the editable holiday calendar (city-wide): a day off, or a 调休 working weekend day. */
export const CalendarDay = z.object({
  date: CalendarDate,
  kind: z.enum(['holiday', 'workday']),
  // 国庆节, 春节调休 …: shown to every member beside a deadline, so no phone or ID number in it
  name: OptionalNameText(32),
});
export type CalendarDay = z.infer<typeof CalendarDay>;
/**
 * Body of PUT /calendar/days/:date (the date is the path's): it takes the stored name back unchecked, the service refuses
 * only a changed name holding a number (keptName).
 */
export const CalendarDayBody = CalendarDay.omit({ date: true }).extend({ date: CalendarDay.shape.date.optional(), name: OptionalText(32) });
export const CalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const CalendarYear = z.object({ year: z.number().int(), published: z.boolean(), days: z.array(CalendarDay) });

/** 三率 and on-time figures of one group (a unit, grid, category or month). */
export const RateRow = z.object({
  key: z.string(),
  name: z.string(),
  dispatched: z.number().int(),
  /** dispatches accepted, or past their accept deadline: 响应率's denominator */
  responseDue: z.number().int(),
  acceptedOnTime: z.number().int(),
  rated: z.number().int(),
  ratedSolved: z.number().int(),
  ratedSatisfied: z.number().int(),
  resolvedOnTime: z.number().int(),
  resolved: z.number().int(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});
const Window = z.object({ from: z.coerce.number().int().optional(), to: z.coerce.number().int().optional() });

/** The window of the on-time ranking. */
export const RatesWindow = Window.refine(windowInOrder, { message: 'from_after_to', path: ['to'] });

export const RatesQuery = Window.extend({
  groupBy: z.enum(['lead_unit', 'assist_unit', 'grid', 'category', 'month']).default('lead_unit'),
}).refine(windowInOrder, { message: 'from_after_to', path: ['to'] });
/** The 三率 parameters of an alliance: from how many stars a rating counts as satisfied, and whether 回访 ratings count. */
export const RateSettings = z.object({
  satisfiedStars: z.number().int().min(1).max(5),
  includeCallbacks: z.boolean(),
});
export type RateSettings = z.infer<typeof RateSettings>;
export const RatesResponse = z.object({ total: RateRow, rows: z.array(RateRow), settings: RateSettings });
