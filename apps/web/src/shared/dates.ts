/**
 * How the H5 app writes moments: like the console (console/lib/time.ts), YYYY-MM-DD and YYYY-MM-DD HH:mm in China
 * Standard Time whatever the phone's zone or language, so a date reads the same in both apps and in both locales
 * (Intl's zh-CN format wrote 2026/11/28). Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so the
 * moment is shifted by 8 hours and read off its ISO form: no date library in the H5 bundle.
 */
const CST_OFFSET_MS = 8 * 3600_000;

const iso = (ms: number) => new Date(ms + CST_OFFSET_MS).toISOString();

/** Epoch ms → 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export const dateTime = (ms: number): string => {
  const s = iso(ms);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
};

/** Epoch ms → 'YYYY-MM-DD' in Asia/Shanghai. */
export const dateOnly = (ms: number): string => iso(ms).slice(0, 10);

/** Epoch ms → 'HH:mm' in Asia/Shanghai. */
export const timeOfDay = (ms: number): string => iso(ms).slice(11, 16);
