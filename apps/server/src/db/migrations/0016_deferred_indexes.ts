import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Secondary indexes a bulk import dropped to build them afterwards in one sort (db/deferredIndexes.ts). The definition
 * is kept here in the same transaction as the drop, so an import that dies midway leaves the list, and the next open
 * of the database builds them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table deferred_indexes (name text primary key, definition text not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table deferred_indexes`.execute(db);
}
