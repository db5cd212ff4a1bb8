import { SqliteAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Search tokens keyed the way they are read — (alliance, token) → tickets — in one B-tree: on SQLite a
 * WITHOUT ROWID table with no second index, so a ticket's ~30 tokens cost one index insert each instead of three.
 * Tokens are derived data written in the ticket's own transaction, so they carry no foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('ticket_tokens_v2')
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tokens_v2_pk', ['alliance_id', 'token', 'ticket_id'])
    .$call((b) => (sqlite ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  await sql`insert into ticket_tokens_v2 (alliance_id, token, ticket_id) select alliance_id, token, ticket_id from ticket_tokens`.execute(db);
  await db.schema.dropTable('ticket_tokens').execute();
  await db.schema.alterTable('ticket_tokens_v2').renameTo('ticket_tokens').execute();
}
