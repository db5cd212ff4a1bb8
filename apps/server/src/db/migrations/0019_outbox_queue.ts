import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * The notification worker claims the oldest undelivered outbox rows, 100 at a time. With only `outbox_pending`
 * (delivered_at, available_at), SQLite and PostgreSQL read every undelivered row and sorted them to find the oldest
 * 100: with a backlog of 30,000 rows (a burst of intake) each claim took 20 ms of the server's only thread, and the
 * worker fell further behind. The partial index on (created_at, id) holds the undelivered rows only, in claim order,
 * so a claim reads its 100. Delivered rows are purged after OUTBOX_RETENTION_DAYS (modules/notifications); the second
 * partial index finds them without holding a single undelivered row, so intake writes one outbox index entry, as
 * before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_pending').execute();
  await db.schema.createIndex('outbox_queue').on('outbox').columns(['created_at', 'id']).where(sql.ref('delivered_at'), 'is', null).execute();
  await db.schema.createIndex('outbox_delivered').on('outbox').column('delivered_at').where(sql.ref('delivered_at'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_delivered').execute();
  await db.schema.dropIndex('outbox_queue').execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['delivered_at', 'available_at']).execute();
}
