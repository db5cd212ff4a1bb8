import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** Open311 GeoReport v2: service request tokens and per-alliance settings. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // filled in by the module that owns these tables
}
