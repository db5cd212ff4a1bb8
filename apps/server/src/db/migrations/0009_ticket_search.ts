import { SqliteAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Ticket search as DESIGN.md has it: jieba tokens in an inverted index the database maintains — SQLite FTS5, and on
 * PostgreSQL a text[] with a GIN index. One row per ticket (alliance, ticket, its tokens) replaces the row per token
 * of `ticket_tokens`: one insert per ticket instead of ~30, and the engine merges its index lazily.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  if (sqlite) {
    // tokens are space-separated and each is matched as a quoted phrase, so unicode61 only has to split on spaces
    await sql`create virtual table ticket_search using fts5(tokens, ticket_id unindexed, alliance_id unindexed, tokenize = 'unicode61')`.execute(db);
    await sql`insert into ticket_search (tokens, ticket_id, alliance_id)
      select group_concat(token, ' '), ticket_id, alliance_id from ticket_tokens group by ticket_id, alliance_id`.execute(db);
  } else {
    await db.schema
      .createTable('ticket_search')
      .addColumn('ticket_id', 'text', (c) => c.primaryKey())
      .addColumn('alliance_id', 'text', (c) => c.notNull())
      .addColumn('tokens', sql`text[]`, (c) => c.notNull())
      .execute();
    await sql`create index ticket_search_tokens on ticket_search using gin (tokens)`.execute(db);
    await sql`insert into ticket_search (ticket_id, alliance_id, tokens)
      select ticket_id, alliance_id, array_agg(token) from ticket_tokens group by ticket_id, alliance_id`.execute(db);
  }
  await db.schema.dropTable('ticket_tokens').execute();
}
