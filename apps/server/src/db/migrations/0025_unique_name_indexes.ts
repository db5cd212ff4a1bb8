import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * A unit's name, a sibling organisation's name and a grid's code are checked for duplicates in the alliance before each
 * write (access/refs.ts assertUniqueInAlliance). Without an index in that order every check read all of the alliance's
 * rows: creating organisations slowed down as they grew (1,164 creates/s after a few thousand, in the bench). Not
 * unique indexes: rows written before the check may hold duplicates, which the check only stops from growing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('orgs_alliance_name').on('orgs').columns(['alliance_id', 'name']).execute();
  await db.schema.createIndex('units_alliance_name').on('units').columns(['alliance_id', 'name']).execute();
  await db.schema.createIndex('grids_alliance_code').on('grids').columns(['alliance_id', 'code']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('grids_alliance_code').execute();
  await db.schema.dropIndex('units_alliance_name').execute();
  await db.schema.dropIndex('orgs_alliance_name').execute();
}
