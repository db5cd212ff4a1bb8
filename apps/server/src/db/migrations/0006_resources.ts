import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** 三张清单: resources and projects (with progress roll-up), adoptions. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // filled in by the module that owns these tables
}
