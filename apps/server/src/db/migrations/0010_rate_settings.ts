import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** The 三率 parameters each alliance may set (docs/TICKETS.md "三率"); an alliance without a row uses the defaults. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_settings')
    .addColumn('alliance_id', 'text', (c) => c.primaryKey().references('alliances.id'))
    .addColumn('satisfied_stars', 'integer', (c) => c.notNull())
    .addColumn('include_callbacks', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
