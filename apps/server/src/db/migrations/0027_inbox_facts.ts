import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * An inbox item's summary is a Chinese line (the chat robots and SMS get the same), which an English console showed
 * as it was. `facts` keeps what the line says besides the case and its event (deadline, rating, extension, whether the
 * note is the SLA clock's), so the apps can say it in the user's language. Items of before keep their Chinese line.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_items').addColumn('facts', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_items').dropColumn('facts').execute();
}
