/**
 * The sensitive-word filter for public free text (reports, complaints). A short default list of clear
 * cases (abuse, illegal trade); deployments extend it with SENSITIVE_WORDS (comma-separated).
 * Matches are replaced by ＊ (one per character) and the ticket records that the filter applied.
 */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = [
  '傻逼',
  '操你妈',
  '他妈的',
  '去死吧',
  '代开发票',
  '办假证',
  '六合彩',
  '赌博网站',
  '出售枪支',
  '出售毒品',
];

/** Whitespace and filler punctuation people put between characters to dodge a filter. */
const GAP = '[\\s·.,，。_\\-*＊~～|]{0,2}';

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface WordFilter {
  /** The text with every match replaced by ＊ and how many matches there were. */
  apply(text: string): { text: string; hits: number };
}

/** The default words plus the configured extra words (config.sensitiveWords, from SENSITIVE_WORDS). */
export function sensitiveWordList(extra: readonly string[] = []): string[] {
  const more = extra.map((w) => w.trim()).filter((w) => w.length > 0 && w.length <= 50);
  return [...new Set([...DEFAULT_SENSITIVE_WORDS, ...more])];
}

/** Builds the filter once; matching is case-insensitive and tolerates a little filler between characters. */
export function buildWordFilter(words: readonly string[]): WordFilter {
  const parts = [...words]
    .filter((w) => w.trim().length > 0)
    .sort((a, b) => b.length - a.length)
    .map((w) => [...w.trim()].map(escape).join(GAP));
  if (parts.length === 0) return { apply: (text) => ({ text, hits: 0 }) };
  const re = new RegExp(parts.join('|'), 'giu');
  return {
    apply(text) {
      let hits = 0;
      const out = text.replace(re, (m) => {
        hits++;
        return '＊'.repeat([...m].length);
      });
      return { text: out, hits };
    },
  };
}
