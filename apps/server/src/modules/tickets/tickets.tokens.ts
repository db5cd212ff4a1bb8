import { Jieba } from '@node-rs/jieba';
import { sql, type Expression, type SqlBool } from 'kysely';
import { flushAtCommit, type Db } from '../../db/index.ts';
import { runSql } from '../../db/fastSql.ts';
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

/** A ticket's search tokens: those of its title and description (intake writes them; `tongxin recount` rebuilds a lost row). */
export function ticketTokens(title: string, description: string): string[] {
  return indexTokens(`${title}\n${description}`);
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

/** Writes a ticket's search row in the caller's transaction: SQLite FTS5 (tokens space-separated) or PostgreSQL text[]. */
export async function indexTicket(trx: Db, dbKind: 'sqlite' | 'postgres', allianceId: string, ticketId: string, tokens: string[]): Promise<void> {
  if (tokens.length === 0) return;
  if (dbKind === 'sqlite') await runSql(trx, PENDING_INSERT, [ticketId, allianceId, tokens.join(' ')]);
  else await runSql(trx, 'insert into ticket_search (ticket_id, alliance_id, tokens) values (?, ?, ?)', [ticketId, allianceId, tokens]);
}

// SQLite: the row waits in ticket_search_pending and its group's COMMIT moves it into the FTS5 index, with every other
// row of the group, inside that same transaction (migration 0015 says why)
const PENDING_INSERT = 'insert into ticket_search_pending (ticket_id, alliance_id, tokens) values (?, ?, ?)';
flushAtCommit(
  PENDING_INSERT,
  'insert into ticket_search (ticket_id, alliance_id, tokens) select ticket_id, alliance_id, tokens from ticket_search_pending; delete from ticket_search_pending',
);

/** The condition "the ticket holds every one of these tokens" over the alliance's search index. */
export function tokenFilter(dbKind: 'sqlite' | 'postgres', allianceId: string, tokens: string[]): Expression<SqlBool> {
  if (dbKind === 'sqlite') {
    // each token a quoted phrase: FTS5 query syntax in a user's words can do nothing
    const match = tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
    return sql<SqlBool>`tickets.id in (select ticket_search.ticket_id from ticket_search where ticket_search match ${match} and ticket_search.alliance_id = ${allianceId})`;
  }
  return sql<SqlBool>`tickets.id in (select s.ticket_id from ticket_search s where s.alliance_id = ${allianceId} and s.tokens @> ${tokens}::text[])`;
}
