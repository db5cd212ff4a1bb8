import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** Notifications: the in-app inbox, webhooks per unit and their deliveries, SMS sink. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // filled in by the module that owns these tables
}
