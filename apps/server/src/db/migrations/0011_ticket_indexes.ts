import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** Only public reports carry a tracking hash: index those alone, so a staff intake writes one index entry less. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_tracking').execute();
  await db.schema.createIndex('tickets_tracking').on('tickets').columns(['tracking_hash']).where(sql.ref('tracking_hash'), 'is not', null).execute();
}
