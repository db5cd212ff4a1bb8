import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | null = null;
const seg = (): Jieba => (jieba ??= Jieba.withDict(dict));

const CJK = /^[\u3400-\u9fff\uf900-\ufaff]$/u;
const WORDLIKE = /[\p{L}\p{N}]/u;
// single-character function words carry no meaning for search
const STOP = new Set('的了是在和也很就都而及与着或吗呢吧啊我你他她它们有这那个'.split(''));
const MAX_TOKENS = 200;

function keep(t: string): boolean {
  if (!WORDLIKE.test(t)) return false;
  // long digit runs are phone and ID numbers: personal data stays out of the search index
  if (/^[\d+\-\s]{7,}$/.test(t) || /^\d{6,}[\dx]?$/.test(t)) return false;
  if ([...t].length >= 2) return true;
  return CJK.test(t) && !STOP.has(t);
}

/** Search tokens of a ticket's text: jieba search-mode words (sub-words included), lowercased, deduplicated, at most 200. */
export function indexTokens(text: string): string[] {
  const out = new Set<string>();
  for (const raw of seg().cutForSearch(text, true)) {
    const t = raw.trim().toLowerCase();
    if (t && t.length <= 64 && keep(t)) out.add(t);
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out];
}

/** Tokens of a search query: jieba words; a ticket matches when it holds every one of them. */
export function queryTokens(q: string): string[] {
  const out = new Set<string>();
  for (const raw of seg().cut(q, true)) {
    const t = raw.trim().toLowerCase();
    if (t && t.length <= 64 && keep(t)) out.add(t);
  }
  return [...out].slice(0, 10);
}
