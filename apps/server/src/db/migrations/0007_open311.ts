import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** Open311 GeoReport v2: service request tokens and per-alliance settings. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;

  // one row per ticket taken in through POST requests: what GeoReport carries beyond the ticket itself
  await db.schema
    .createTable('open311_requests')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id'))
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    // sha256 of the token answered to the client; distinct from the /t/ tracking link
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('api_key_id', 'text', (c) => c.notNull().references('api_keys.id'))
    .addColumn('account_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('media_url', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull()) // JSON object code → value(s)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('open311_settings')
    .addColumn('alliance_id', 'text', (c) => c.primaryKey().references('alliances.id'))
    .addColumn('require_key_for_get', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  // GeoReport looks requests up by their human number (the unique (alliance_id, number) of 0002 serves it) and lists
  // updates by time
  await db.schema.createIndex('open311_events_alliance_at').on('ticket_events').columns(['alliance_id', 'at']).execute();
}
