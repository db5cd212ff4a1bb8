/** Masking of personal data for every response (PIPL): never show a full phone or ID number. */

/** 13812345678 → 138****5678; 0579-85551234 → 0579-****1234. */
export function maskPhone(v: string | null | undefined): string | null {
  if (!v) return null;
  if (/^1\d{10}$/.test(v)) return `${v.slice(0, 3)}****${v.slice(7)}`;
  const m = /^(0\d{2,3}-?)(\d+)(-\d+)?$/.exec(v);
  if (m) return `${m[1]}****${(m[2] as string).slice(-4)}`;
  return v.length <= 4 ? '****' : `${'*'.repeat(v.length - 4)}${v.slice(-4)}`;
}

/** 330782199001011234 → 330782********1234; other documents keep the first and the last two characters. */
export function maskIdNumber(v: string | null | undefined): string | null {
  if (!v) return null;
  if (v.length === 18 || v.length === 15) return `${v.slice(0, 6)}${'*'.repeat(v.length - 10)}${v.slice(-4)}`;
  if (v.length <= 4) return '****';
  return `${v.slice(0, 1)}${'*'.repeat(v.length - 3)}${v.slice(-2)}`;
}

const FREE_TEXT_ID = /(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])/g;
const FOUR_DIGITS = /\d{4}/;
const FREE_TEXT_MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;

/** Masks phone and ID numbers found inside free text (reports, complaints) before others read it. */
export function maskFreeText(text: string): string {
  // both patterns need four digits in a row: most text has none, and a test is far cheaper than two replaces
  if (!FOUR_DIGITS.test(text)) return text;
  return text
    .replace(FREE_TEXT_ID, (_m, a: string, _b: string, c: string) => `${a}********${c}`)
    .replace(FREE_TEXT_MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}
