import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** Notifications: the in-app inbox, webhooks per unit (or alliance) with their deliveries and send log, the SMS sink. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;

  // one row per (outbox event, user): the unique key makes the outbox consumer idempotent
  await db.schema
    .createTable('inbox_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('event_id', 'text', (c) => c.notNull()) // outbox.id
    .addColumn('event', 'text', (c) => c.notNull()) // dispatch | return | sla_warning …
    .addColumn('reason', 'text', (c) => c.notNull()) // lead_unit | assist_unit | committee | reporter | responsible
    .addColumn('ticket_id', 'text')
    .addColumn('ticket_number', 'text')
    .addColumn('ticket_title', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('note', 'text') // masked free text
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .addUniqueConstraint('inbox_items_event_user', ['event_id', 'user_id'])
    .execute();
  await db.schema.createIndex('inbox_items_user').on('inbox_items').columns(['user_id', 'alliance_id', 'created_at']).execute();
  await db.schema.createIndex('inbox_items_unread').on('inbox_items').columns(['user_id', 'alliance_id', 'read_at']).execute();

  // a receiver of a unit's (unit_id) or the committee's (unit_id null) events; claimed by one process at a time
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // wecom | dingtalk | signed_json
    .addColumn('url_enc', 'text', (c) => c.notNull()) // robot URLs carry their key: encrypted like personal data
    .addColumn('secret_enc', 'text')
    .addColumn('msg_type', 'text', (c) => c.notNull()) // markdown | text
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array; empty: all
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', ts)
    .addColumn('last_sent_at', ts)
    .addColumn('last_error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_alliance_unit').on('webhooks').columns(['alliance_id', 'unit_id']).execute();

  // one row per (webhook, event): at least once, never twice queued
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('ticket_number', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull()) // JSON body of the generic format
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | dead
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', ts)
    .addColumn('last_http_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('batch_size', 'integer')
    .addColumn('sent_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_webhook_event', ['webhook_id', 'event_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_at']).execute();
  await db.schema.createIndex('webhook_deliveries_list').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();

  // every HTTP request made to a webhook: the rate window of the robots and the history of a delivery
  await db.schema
    .createTable('webhook_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_sends_window').on('webhook_sends').columns(['webhook_id', 'at']).execute();

  // text messages to reporters without an account; the default provider (local sink) keeps them here
  await db.schema
    .createTable('sms_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('ticket_number', 'text')
    .addColumn('phone_enc', 'text', (c) => c.notNull()) // AES-GCM, like every phone
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_at', ts)
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', ts)
    .addColumn('provider_ref', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addUniqueConstraint('sms_messages_event', ['event_id'])
    .execute();
  await db.schema.createIndex('sms_messages_alliance').on('sms_messages').columns(['alliance_id', 'created_at']).execute();
  await db.schema.createIndex('sms_messages_due').on('sms_messages').columns(['status', 'next_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sms_messages', 'webhook_sends', 'webhook_deliveries', 'webhooks', 'inbox_items']) await db.schema.dropTable(t).ifExists().execute();
}
