/** Masking of personal data for every response (PIPL): never show a full phone or ID number. */

import { halfWidthDigits } from './validators/phone.ts';

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

// Numbers as people type them into a note or a report: full-width digits (an input method in full-width mode), and
// groups split by spaces (also the ideographic one and line breaks), dashes or dots, up to two characters between digits.
const DIGIT = '[0-9\\uFF10-\\uFF19]';
const GAP = '[\\s\\-\\u2010-\\u2015\\uFF0D.\\uFF0E\\u00B7]{0,2}';
const NOT_AFTER_DIGIT = '(?<![0-9\\uFF10-\\uFF19])';
const NOT_BEFORE_DIGIT = '(?![0-9\\uFF10-\\uFF19])';
const FREE_TEXT_ID = new RegExp(
  `(?<![0-9\\uFF10-\\uFF19A-Za-z])${DIGIT}(?:${GAP}${DIGIT}){16}${GAP}[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58](?![0-9\\uFF10-\\uFF19A-Za-z])`,
  'g',
);
const FREE_TEXT_MOBILE = new RegExp(
  `${NOT_AFTER_DIGIT}((?:[+\\uFF0B]|00)?[8\\uFF18][6\\uFF16]${GAP})?[1\\uFF11]${GAP}[3-9\\uFF13-\\uFF19](?:${GAP}${DIGIT}){9}${NOT_BEFORE_DIGIT}`,
  'g',
);
// a landline: an area code typed whole (0579, (021)), then seven or eight digits, often as 3–4 + 4
const FREE_TEXT_LANDLINE = new RegExp(
  `${NOT_AFTER_DIGIT}([(\\uFF08]?[0\\uFF10]${DIGIT}{2,3}[)\\uFF09]?${GAP})[2-9\\uFF12-\\uFF19]${DIGIT}{2,3}${GAP}${DIGIT}{4}${NOT_BEFORE_DIGIT}`,
  'g',
);
const SPLIT = /[^0-9Xx]/;

const digitsOf = (s: string): string =>
  halfWidthDigits(s)
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/[^0-9Xx]/g, '');

/** Whether 18 characters read as an ID number's birth date (a year 18xx–20xx, a month, a day). */
function birthDateLike(d: string): boolean {
  const month = Number(d.slice(10, 12));
  const day = Number(d.slice(12, 14));
  return /^(18|19|20)$/.test(d.slice(6, 8)) && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Whether some phone or ID number could be in the text: it has at least ten digits. */
function enoughDigits(text: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) if (++n >= 10) return true;
  }
  return false;
}

/**
 * Masks phone and ID numbers found inside free text (reports, complaints) before others read it: mobiles
 * (138****5678, a +86 prefix kept as typed), landlines (0579-****1234) and ID numbers (330782********1234), also typed
 * in full-width digits or split into groups. An 18-digit group split by separators counts as an ID number when it
 * carries a birth date, so two numbers typed side by side are not read as one.
 */
export function maskFreeText(text: string): string {
  // most text has no ten digits: a count is far cheaper than three replaces
  if (!enoughDigits(text)) return text;
  return text
    .replace(FREE_TEXT_ID, (m) => {
      const d = digitsOf(m);
      return SPLIT.test(halfWidthDigits(m)) && !birthDateLike(d) ? m : `${d.slice(0, 6)}********${d.slice(-4)}`;
    })
    .replace(FREE_TEXT_MOBILE, (m, prefix: string | undefined) => {
      const d = digitsOf(m).slice(-11);
      return `${prefix ?? ''}${d.slice(0, 3)}****${d.slice(-4)}`;
    })
    .replace(FREE_TEXT_LANDLINE, (m, area: string) => `${area}****${digitsOf(m).slice(-4)}`);
}
