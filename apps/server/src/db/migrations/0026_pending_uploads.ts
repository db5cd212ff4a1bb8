import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Member uploads that no record ever used were kept forever (0013 purged only the public ones), and marking a public
 * upload as used rewrote its whole row, photo bytes included. An upload now waits in `pending_uploads` until a
 * record takes it (the row is deleted in that record's transaction); the server deletes uploads that waited a day.
 * The public uploads 0013 had not seen used wait here from now on; every other stored file counts as used, so nothing
 * that existed before is deleted. `files.attached` is no longer read or written (dropping it would rewrite every photo).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pending_uploads')
    .ifNotExists()
    .addColumn('file_id', 'text', (c) => c.primaryKey().references('files.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pending_uploads_created').ifNotExists().on('pending_uploads').column('created_at').execute();
  await sql`insert into pending_uploads (file_id, created_at)
    select id, created_at from files where alliance_id is null and attached = 0
    and id not in (select file_id from pending_uploads)`.execute(db);
  await db.schema.dropIndex('files_public_unattached').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // what was used since is marked as 0013 would have marked it (public uploads only)
  await sql`update files set attached = 1 where alliance_id is null and attached = 0 and id not in (select file_id from pending_uploads)`.execute(db);
  await db.schema
    .createIndex('files_public_unattached')
    .ifNotExists()
    .on('files')
    .column('created_at')
    .where(sql.ref('alliance_id'), 'is', null)
    .where(sql.ref('attached'), '=', 0)
    .execute();
  await db.schema.dropTable('pending_uploads').ifExists().execute();
}
