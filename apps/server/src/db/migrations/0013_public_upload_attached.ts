import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Public uploads (the account-less report form, the integrity page's complaint form) that no case ever used were kept
 * forever: a way to fill the disk 20 photos a minute per address. A public upload is marked `attached` when a case
 * (or a timeline event) takes it, in that transaction; the server deletes unattached public uploads a day old. The
 * public uploads already stored count as attached: nothing that existed before is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('files')
    .addColumn('attached', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update files set attached = 1 where alliance_id is null`.execute(db);
  await db.schema
    .createIndex('files_public_unattached')
    .on('files')
    .column('created_at')
    .where(sql.ref('alliance_id'), 'is', null)
    .where(sql.ref('attached'), '=', 0)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('files_public_unattached').execute();
  await db.schema.alterTable('files').dropColumn('attached').execute();
}
