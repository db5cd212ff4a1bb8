import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * A credit notice (摘牌, 授牌, 分值处置, an objection's decision) in the 消息中心 had no way to the shop it concerns: the
 * inbox kept a ticket id only. It now keeps the merchant's id too, so the console opens the shop's record and the
 * phone its credit page. Notices delivered before keep none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_items').addColumn('merchant_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_items').dropColumn('merchant_id').execute();
}
