import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** The closed loop: categories and routing, the holiday calendar, tickets with their timeline, files, SLA clock leases, outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? ('bytea' as const) : ('blob' as const);

  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gb_class', 'text')
    .addColumn('accept_hours', 'double precision', (c) => c.notNull())
    .addColumn('resolve_days', 'integer', (c) => c.notNull())
    .addColumn('urgent_hours', 'double precision', (c) => c.notNull())
    .addColumn('default_lead_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('categories_alliance_code', ['alliance_id', 'code'])
    .execute();

  await db.schema
    .createTable('category_routes')
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('category_routes_pk', ['category_id', 'grid_id'])
    .execute();

  // city-wide: statutory holidays and 调休 working weekend days, seeded from chinese-days, editable
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.references('alliances.id'))
    .addColumn('owner_user_id', 'text')
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .addColumn('thumb', binary, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('photos', 'text', (c) => c.notNull()) // JSON array of file ids
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('crs', 'text')
    .addColumn('wgs_lng', 'double precision') // normalised for distance queries
    .addColumn('wgs_lat', 'double precision')
    .addColumn('address', 'text')
    .addColumn('grid_id', 'text', (c) => c.references('grids.id'))
    .addColumn('merchant_name', 'text')
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reporter_user_id', 'text')
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone_enc', 'text')
    .addColumn('reporter_phone_bidx', 'text')
    .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tracking_hash', 'text') // sha256 of the /t/<token> secret
    .addColumn('lead_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('responsible_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('accept_due_at', ts)
    .addColumn('due_at', ts)
    .addColumn('due_beyond_calendar', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accept_overdue', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extension_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('extension_until', ts)
    .addColumn('rating_stars', 'integer')
    .addColumn('rating_solved', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rating_by_callback', 'integer')
    .addColumn('rated_at', ts)
    .addColumn('callback_due', 'integer', (c) => c.notNull().defaultTo(0)) // 回访 task raised after 7 unrated days
    .addColumn('closed_unrated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into_id', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('dispatched_at', ts)
    .addColumn('accepted_at', ts)
    .addColumn('resolved_at', ts)
    .addColumn('closed_at', ts)
    .addUniqueConstraint('tickets_alliance_number', ['alliance_id', 'number'])
    .execute();
  await db.schema.createIndex('tickets_alliance_created').on('tickets').columns(['alliance_id', 'created_at']).execute();
  await db.schema.createIndex('tickets_alliance_status').on('tickets').columns(['alliance_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('tickets_lead_unit').on('tickets').columns(['alliance_id', 'lead_unit_id', 'status']).execute();
  await db.schema.createIndex('tickets_due').on('tickets').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('tickets_tracking').on('tickets').columns(['tracking_hash']).execute();

  // assisting units (the lead unit is on the ticket row); used for scope and the assisting-unit rates
  await db.schema
    .createTable('ticket_units')
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('ticket_units_pk', ['ticket_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('ticket_units_unit').on('ticket_units').columns(['unit_id']).execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_unit_id', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'at']).execute();

  // per alliance and Shanghai day; the sequence grows past 4 digits as needed
  await db.schema
    .createTable('ticket_counters')
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_counters_pk', ['alliance_id', 'day'])
    .execute();

  // jieba tokens of title + description for Chinese search
  await db.schema
    .createTable('ticket_tokens')
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tokens_pk', ['ticket_id', 'token'])
    .execute();
  await db.schema.createIndex('ticket_tokens_lookup').on('ticket_tokens').columns(['alliance_id', 'token']).execute();

  await db.schema
    .createTable('ticket_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('requested_by', 'text')
    .addColumn('until', ts, (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', ts)
    .addColumn('note', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  // 吹哨: escalated tickets waiting for the next joint meeting's agenda
  await db.schema
    .createTable('agenda_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // manual | overdue
    .addColumn('meeting_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  // notifications of every transition, written in its transaction; delivered by the outbox worker
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('available_at', ts, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', ts)
    .addColumn('delivered_at', ts)
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['delivered_at', 'available_at']).execute();

  // leases so that background jobs run in one process at a time across a cluster
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('until', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'job_leases',
    'outbox',
    'agenda_candidates',
    'ticket_extensions',
    'ticket_tokens',
    'ticket_counters',
    'ticket_events',
    'ticket_units',
    'tickets',
    'files',
    'calendar_years',
    'calendar_days',
    'category_routes',
    'categories',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
