import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * The merchant list is newest first (created_at desc, id desc) and had no index in that order: every page sorted all of
 * an alliance's merchants (250,000 in the city dataset), and an export paging through them sorted again per page. The
 * index serves the first page, the next pages of an export (keyset after the last row) and the order itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('merchants_alliance_created').on('merchants').columns(['alliance_id', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('merchants_alliance_created').execute();
}
