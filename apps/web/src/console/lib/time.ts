import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every time is shown in China Standard Time, whatever the browser's zone. */
export const TZ = 'Asia/Shanghai';

/** Epoch ms → 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai; '-' when empty. */
export function fmtTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '-' : dayjs(ms).tz(TZ).format('YYYY-MM-DD HH:mm:ss');
}

/**
 * The last day (Asia/Shanghai, 'YYYY-MM-DD') that a validity ending at `ms` covers: validities end at the start of the
 * next day (a plaque valid until 2027-01-01 00:00 is valid through 2026-12-31); '-' when empty.
 */
export function fmtLastDay(ms: number | null | undefined): string {
  return ms === null || ms === undefined
    ? '-'
    : dayjs(ms - 1)
        .tz(TZ)
        .format('YYYY-MM-DD');
}

/** The validity end for a last day picked in a form: the start of the following day in Asia/Shanghai. */
export function endOfDay(day: string): number {
  return dayjs.tz(day, TZ).add(1, 'day').valueOf();
}

/** A date-time picked in a form (read as Asia/Shanghai wall time) → epoch ms; undefined when empty. */
export function pickedTime(v: unknown): number | undefined {
  if (!v) return undefined;
  const d = dayjs.isDayjs(v) ? v : dayjs(v as string);
  return dayjs.tz(d.format('YYYY-MM-DD HH:mm:ss'), TZ).valueOf();
}

// keys whose numbers are moments (createdAt, dueAt, until, previousDueAt, expires_at …), read only inside this range
const MOMENT_KEY = /(At|_at|^at|^until|Until|^deadline)$/;
const YEAR_2000 = 946_684_800_000;
const YEAR_2100 = 4_102_444_800_000;

/**
 * A record of unknown shape (an audit entry's before/after) with each epoch-ms moment replaced by its Asia/Shanghai
 * time, so a reader sees 2026-11-28 20:47:38 rather than 1795870058105; every other value stays as it is.
 */
export function readableTimes(value: unknown, key = ''): unknown {
  if (typeof value === 'number') return MOMENT_KEY.test(key) && value >= YEAR_2000 && value < YEAR_2100 ? fmtTime(value) : value;
  if (Array.isArray(value)) return value.map((v) => readableTimes(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readableTimes(v, k)]));
  }
  return value;
}

export { dayjs };
