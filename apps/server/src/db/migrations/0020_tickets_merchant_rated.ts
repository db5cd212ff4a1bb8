import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * A merchant's stars count the ratings of the cases concerning it, but its summary was recomputed only by credit
 * changes and the month's roll-over: a new rating showed on the integrity page a month later. The credit clock now
 * looks for merchants with a case rated since their summary was written; this partial index holds only rated cases
 * concerning a merchant, by rating time, so that look-up reads the recent ones and intake (never rated) writes nothing
 * to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tickets_merchant_rated')
    .on('tickets')
    .columns(['rated_at', 'merchant_id'])
    .where(sql<boolean>`merchant_id is not null and rated_at is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_merchant_rated').execute();
}
