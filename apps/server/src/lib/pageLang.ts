/**
 * The language of what the server writes in words itself: the server-rendered public pages (/t/<token>, /m/<code>)
 * and the Excel exports (fileLang). The pages' is chosen from the browser's
 * Accept-Language like the H5 app chooses its own: Chinese by default, English when the browser prefers English.
 * Each page keeps one string table per language; the pages' answers say `Vary: Accept-Language`.
 */
export type PageLang = 'zh' | 'en';

/** The `<html lang>` of each page language. */
export const HTML_LANG: Record<PageLang, string> = { zh: 'zh-CN', en: 'en' };

const SPACE = 32;
const TAB = 9;
const SEMI = 59;
const DASH = 45;

/** 'en' or 'zh' when the range at `i` is that language (en, en-US, EN-gb…), else null. */
function languageAt(h: string, i: number, end: number): PageLang | null {
  if (end - i < 2) return null;
  const a = h.charCodeAt(i) | 0x20;
  const b = h.charCodeAt(i + 1) | 0x20;
  const next = i + 2 < end ? h.charCodeAt(i + 2) : SEMI;
  if (next !== DASH && next !== SEMI && next !== SPACE && next !== TAB) return null;
  if (a === 101 && b === 110) return 'en';
  if (a === 122 && b === 104) return 'zh';
  return null;
}

/** The q-value of the range between `i` and `end` (1 without one), read without slicing the header. */
function qualityAt(h: string, i: number, end: number): number {
  let p = h.indexOf(';', i);
  while (p !== -1 && p < end) {
    let j = p + 1;
    while (j < end && (h.charCodeAt(j) === SPACE || h.charCodeAt(j) === TAB)) j++;
    if (j + 1 < end && (h.charCodeAt(j) | 0x20) === 113 && h.charCodeAt(j + 1) === 61) {
      j += 2;
      let q = 0;
      let scale = 0;
      for (; j < end; j++) {
        const c = h.charCodeAt(j);
        if (c >= 48 && c <= 57) {
          if (scale === 0) q = q * 10 + (c - 48);
          else {
            q += (c - 48) / scale;
            scale *= 10;
          }
        } else if (c === 46 && scale === 0) scale = 10;
        else break;
      }
      return q > 1 ? 1 : q;
    }
    p = h.indexOf(';', p + 1);
  }
  return 1;
}

/**
 * The page language for an Accept-Language header: of the two languages the pages speak, the one the header ranks
 * higher (q-values respected, the earlier one on a tie, q=0 never), so `en-US,en;q=0.9,zh;q=0.8` is English and
 * `zh-CN,zh;q=0.9,en;q=0.8` Chinese; without either (missing, `fr`, `*`) Chinese, the default. Allocates nothing: the
 * hot /m/ route calls it on every request.
 */
export function pageLang(header: string | string[] | undefined): PageLang {
  if (header === undefined) return 'zh';
  const h = typeof header === 'string' ? header : header.join(',');
  let best: PageLang = 'zh';
  let bestQ = 0;
  const n = h.length;
  let i = 0;
  while (i < n) {
    let end = h.indexOf(',', i);
    if (end === -1) end = n;
    while (i < end && (h.charCodeAt(i) === SPACE || h.charCodeAt(i) === TAB)) i++;
    const lang = languageAt(h, i, end);
    if (lang !== null) {
      const q = qualityAt(h, i, end);
      if (q > bestQ) {
        bestQ = q;
        best = lang;
      }
    }
    i = end + 1;
  }
  return best;
}

/**
 * The language of a file the console downloads (an Excel export): the console's own locale, sent as `?lang=` (the user
 * may have chosen another language than the browser's), else the browser's Accept-Language as for the pages, else
 * Chinese.
 */
export function fileLang(locale: 'zh-CN' | 'en-US' | undefined, header: string | string[] | undefined): PageLang {
  if (locale === 'en-US') return 'en';
  if (locale === 'zh-CN') return 'zh';
  return pageLang(header);
}
