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

/** Epoch ms → 'YYYY-MM-DD' in Asia/Shanghai, for values picked as a day (a plaque's validity); '-' when empty. */
export function fmtDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '-' : dayjs(ms).tz(TZ).format('YYYY-MM-DD');
}

export { dayjs };
