/** Deadlines in working days (Asia/Shanghai) over an editable holiday calendar, and in wall-clock hours. */

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;
/** Asia/Shanghai's offset from UTC in milliseconds: UTC+8, no daylight saving. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY = DAY_MS;
const SHANGHAI = SHANGHAI_OFFSET_MS;

/** The calendar the SLA uses: statutory holidays, 调休 make-up working days, and the years that were published. */
export interface WorkCalendar {
  holidays: ReadonlySet<string>; // 'YYYY-MM-DD' days off that fall on weekdays (and weekend holiday days)
  workdays: ReadonlySet<string>; // 'YYYY-MM-DD' weekend days that are working days (调休)
  publishedYears: ReadonlySet<number>;
}

/** 'YYYY-MM-DD' of an instant in Asia/Shanghai. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI).toISOString().slice(0, 10);
}

/** Start of a Shanghai calendar day (00:00 +08:00) as epoch ms. */
export function shanghaiDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) - SHANGHAI;
}

/** True when the day is a working day: 调休 Saturdays count, holidays and ordinary weekends do not. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

export interface Deadline {
  at: number;
  /** true when some day counted lies in a year the calendar has no published data for (weekends only were used) */
  beyondPublished: boolean;
}

/**
 * The end (23:59:59.999 Shanghai) of the n-th working day after the day of `from`.
 * A case reported on Friday evening with 1 working day is due at the end of Monday (or of the next working day).
 */
export function addWorkingDays(from: number, n: number, cal: WorkCalendar): Deadline {
  let day = shanghaiDayStart(shanghaiDate(from));
  let left = Math.max(0, Math.floor(n));
  let beyond = false;
  if (left === 0) return { at: day + DAY - 1, beyondPublished: !cal.publishedYears.has(Number(shanghaiDate(from).slice(0, 4))) };
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    day += DAY;
    const date = shanghaiDate(day);
    if (!cal.publishedYears.has(Number(date.slice(0, 4)))) beyond = true;
    if (isWorkingDay(date, cal)) left--;
  }
  return { at: day + DAY - 1, beyondPublished: beyond };
}

/** A wall-clock deadline `hours` after `from`. */
export function addHours(from: number, hours: number): Deadline {
  return { at: from + Math.round(hours * 3_600_000), beyondPublished: false };
}

/** The SLA of a category (12345 practice defaults: emergency 2 h, utilities 24 h, general 7 working days, complex 15). */
export interface CategorySla {
  acceptHours: number;
  resolveDays: number;
  urgentHours: number;
}

/** Resolve deadline of a ticket dispatched at `from`: hours when urgent, working days otherwise. */
export function resolveDeadline(from: number, sla: CategorySla, urgent: boolean, cal: WorkCalendar): Deadline {
  return urgent ? addHours(from, sla.urgentHours) : addWorkingDays(from, sla.resolveDays, cal);
}

const HOUR = 3_600_000;

/**
 * 临期 (about to breach) for a deadline whose window opened at `from`: under 20 % of the window left, or under 4 hours
 * while that is also under half of it — the SLA clock's warning rule, so a 4-hour accept window is not 临期 the moment it
 * opens. False once the deadline has passed (that is 超期).
 */
export function dueSoon(now: number, dueAt: number, from: number): boolean {
  const left = dueAt - now;
  const window = dueAt - from;
  if (left < 0) return false;
  return left * 5 < window || (left < 4 * HOUR && left * 2 < window);
}
