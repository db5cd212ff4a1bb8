import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Staff look a member unit or a merchant up by its contact phone (`?phone=` of their lists), through the blind index
 * of the number as people are (people_phone_bidx). Partial indexes: most rows of a district hold a phone, but an
 * imported registry may not, and a row without one is never looked up by it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['units', 'merchants'])
    await db.schema
      .createIndex(`${table}_phone_bidx`)
      .on(table)
      .columns(['alliance_id', 'contact_phone_bidx'])
      .where(sql<boolean>`contact_phone_bidx is not null`)
      .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('merchants_phone_bidx').execute();
  await db.schema.dropIndex('units_phone_bidx').execute();
}
