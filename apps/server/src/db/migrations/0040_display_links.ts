import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Display links (大屏投屏链接): a wall screen shows the alliance's big screen through a token instead of a staff session,
 * which would sign out after 30 idle minutes. Only the token's SHA-256 is stored; `sections` is the JSON array of the
 * screen's sections its creator could read when creating it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema
    .createTable('display_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('sections', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .execute();
  // the console's list: newest first
  await db.schema.createIndex('display_links_alliance_created').on('display_links').columns(['alliance_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('display_links').ifExists().execute();
}
