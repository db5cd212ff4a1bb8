import { SqliteAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * SQLite only: the search row of a ticket taken in waits here until its group's COMMIT (db/groupCommit.ts), which moves
 * every waiting row into the FTS5 index at once, in the same transaction. FTS5 writes its pending terms out as a new
 * index segment at every SAVEPOINT boundary, and each transaction of a group is one: a segment per ticket, and merges
 * to match, had cost ~6 % of a create's CPU. PostgreSQL writes its GIN row directly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`create table ticket_search_pending (ticket_id text primary key, alliance_id text not null, tokens text not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`drop table ticket_search_pending`.execute(db);
}
