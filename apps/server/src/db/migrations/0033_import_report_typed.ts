import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * A merchant import's error report kept only a copy with the phones masked, so its uploader could not fix the rows and
 * import them again (a masked phone of a new shop is a row error). The rows as typed are kept beside it, encrypted like
 * every stored phone (`v1.` AES-GCM of the workbook's base64), and given back only to the uploader. Reports written
 * before have none: they stay masked for everyone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('merchant_import_reports').addColumn('typed_content_enc', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('merchant_import_reports').dropColumn('typed_content_enc').execute();
}
