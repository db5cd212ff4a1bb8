/**
 * How a notification says a moment (a deadline, the date an extension asks for), in China Standard Time whatever the
 * reader's zone: zh-CN `11月28日 14:05`, en-US `Nov 28, 14:05`. The server's Chinese summary (chat robots, SMS) and the
 * apps' inbox line in the reader's language use it alike, so the Chinese line reads the same everywhere. Asia/Shanghai
 * has kept UTC+8 without daylight saving since 1991: the moment is shifted by 8 hours and read in UTC, no Intl data needed.
 */
const CST_OFFSET_MS = 8 * 3600_000;

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms → the month, day and time of day in Asia/Shanghai, in the convention of `locale`. */
export function noticeTime(ms: number, locale: 'zh-CN' | 'en-US'): string {
  const d = new Date(ms + CST_OFFSET_MS);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return locale === 'en-US' ? `${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCDate()}, ${hm}` : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
}
