import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** 十二分制 credit: deduction catalogue, cycles, the append-only ledger, flags, stars, plaques, evaluation rounds, promises, objections. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;

  // per-alliance rules (cycle, consequences, flags, stars, rounds) as validated JSON; absent → documented defaults
  await db.schema
    .createTable('credit_settings')
    .addColumn('alliance_id', 'text', (c) => c.primaryKey().references('alliances.id'))
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  // the deduction catalogue (扣分事项); items are deactivated, never deleted (the ledger copies code and name)
  await db.schema
    .createTable('credit_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('credit_items_alliance_code', ['alliance_id', 'code'])
    .execute();

  // one row per merchant once credit has touched it: the current cycle and the month its flag was computed for;
  // the background job finds stale ones through the two indexes (no request needed)
  await db.schema
    .createTable('credit_accounts')
    .addColumn('merchant_id', 'text', (c) => c.primaryKey().references('merchants.id'))
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('cycle_id', 'text', (c) => c.notNull())
    .addColumn('cycle_ends_at', ts, (c) => c.notNull())
    .addColumn('flag_month', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_accounts_cycle_end').on('credit_accounts').columns(['cycle_ends_at']).execute();
  await db.schema.createIndex('credit_accounts_flag_month').on('credit_accounts').columns(['flag_month']).execute();

  await db.schema
    .createTable('credit_cycles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('opening_points', 'integer', (c) => c.notNull())
    .addColumn('closing_points', 'integer')
    .addColumn('closed_at', ts)
    .addUniqueConstraint('credit_cycles_merchant_start', ['merchant_id', 'starts_at'])
    .execute();

  // the append-only ledger: seq orders a merchant's entries; balance_after is the balance right after the entry
  await db.schema
    .createTable('credit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('credit_cycles.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // deduction | restoration | correction | reversal
    .addColumn('item_id', 'text', (c) => c.references('credit_items.id'))
    .addColumn('item_code', 'text')
    .addColumn('item_name', 'text')
    .addColumn('points_asked', 'integer', (c) => c.notNull())
    .addColumn('points_applied', 'integer', (c) => c.notNull())
    .addColumn('delta', 'integer', (c) => c.notNull())
    .addColumn('balance_after', 'integer', (c) => c.notNull())
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('note', 'text')
    .addColumn('inspector_user_id', 'text')
    .addColumn('inspector_name', 'text')
    .addColumn('corrects_entry_id', 'text')
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('objection_id', 'text')
    .addColumn('at', ts, (c) => c.notNull())
    .addUniqueConstraint('credit_entries_merchant_seq', ['merchant_id', 'seq'])
    .execute();
  await db.schema.createIndex('credit_entries_cycle').on('credit_entries').columns(['cycle_id', 'seq']).execute();
  await db.schema.createIndex('credit_entries_merchant_at').on('credit_entries').columns(['merchant_id', 'at']).execute();

  // a consequence threshold fires once per cycle: the primary key is the guard
  await db.schema
    .createTable('credit_fires')
    .addColumn('cycle_id', 'text', (c) => c.notNull().references('credit_cycles.id'))
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('fired_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_fires_pk', ['cycle_id', 'threshold'])
    .execute();

  // 红黄旗 per merchant and month ('YYYY-MM', Asia/Shanghai)
  await db.schema
    .createTable('credit_flags')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('flag', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('consequence_yellow', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_flags_pk', ['merchant_id', 'month'])
    .execute();
  await db.schema.createIndex('credit_flags_alliance_month').on('credit_flags').columns(['alliance_id', 'month', 'flag']).execute();

  await db.schema
    .createTable('credit_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('plaque_kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | finished
    .addColumn('valid_until', ts)
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('credit_rounds_alliance').on('credit_rounds').columns(['alliance_id', 'created_at']).execute();

  await db.schema
    .createTable('credit_round_candidates')
    .addColumn('round_id', 'text', (c) => c.notNull().references('credit_rounds.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('stars', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('upheld_complaints', 'integer', (c) => c.notNull())
    .addColumn('holder', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('note', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', ts)
    .addPrimaryKeyConstraint('credit_round_candidates_pk', ['round_id', 'merchant_id'])
    .execute();

  // plaques held and taken down (优进绌退); a row is never deleted
  await db.schema
    .createTable('credit_plaques')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('round_id', 'text')
    .addColumn('granted_at', ts, (c) => c.notNull())
    .addColumn('valid_until', ts)
    .addColumn('revoked_at', ts)
    .addColumn('revoke_reason', 'text')
    .addColumn('revoked_by_name', 'text')
    .execute();
  await db.schema.createIndex('credit_plaques_merchant').on('credit_plaques').columns(['merchant_id', 'revoked_at']).execute();
  await db.schema.createIndex('credit_plaques_expiry').on('credit_plaques').columns(['revoked_at', 'valid_until']).execute();

  // 承诺 (亮身份、亮职责、亮承诺) history; merchants.promise holds the current text
  await db.schema
    .createTable('credit_promises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('duty', 'text', (c) => c.notNull())
    .addColumn('pledge', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_promises_merchant').on('credit_promises').columns(['merchant_id', 'created_at']).execute();

  // 异议申诉: one per deduction entry or per complaint verdict (the unique columns make "once" hold under races)
  await db.schema
    .createTable('credit_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('entry_id', 'text', (c) => c.unique().references('credit_entries.id'))
    .addColumn('ticket_id', 'text', (c) => c.unique().references('tickets.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | upheld | rejected
    .addColumn('filed_by', 'text')
    .addColumn('filed_by_name', 'text')
    .addColumn('filed_at', ts, (c) => c.notNull())
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', ts)
    .addColumn('decision_note', 'text')
    .addColumn('reversal_entry_id', 'text')
    .execute();
  await db.schema.createIndex('credit_objections_alliance').on('credit_objections').columns(['alliance_id', 'status', 'filed_at']).execute();

  // notices to the merchant (plaque taken down, objection decided …) and to the committee (threshold reached)
  await db.schema
    .createTable('credit_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('audience', 'text', (c) => c.notNull()) // merchant | committee
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_notices_alliance').on('credit_notices').columns(['alliance_id', 'audience', 'created_at']).execute();
  await db.schema.createIndex('credit_notices_merchant').on('credit_notices').columns(['merchant_id', 'created_at']).execute();
}
