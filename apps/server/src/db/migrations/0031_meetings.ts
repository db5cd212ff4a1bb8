import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** What the built-in roles of existing alliances gain with joint meetings (roles.ts gives new alliances the same). */
const ADDED_PERMISSIONS: Record<string, string[]> = {
  联盟管理员: ['meeting:read', 'meeting:write'],
  党委工作人员: ['meeting:read', 'meeting:write'],
  '领导（只读）': ['meeting:read'],
};

/**
 * Joint meetings (联席会议): the meeting, its free topics (议题 typed by staff; a 吹哨 case is taken onto a meeting by
 * setting `agenda_candidates.meeting_id`), its resolutions (决议) and the link from a project to the resolution that
 * created it. The built-in committee roles gain meeting:read / meeting:write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    // planned date-time; once held, when it was held
    .addColumn('held_at', ts, (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('host', 'text')
    .addColumn('attendees', 'text')
    .addColumn('minutes', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // planned | held | cancelled
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // the list: newest first, optionally by status
  await db.schema.createIndex('meetings_alliance_held').on('meetings').columns(['alliance_id', 'held_at']).execute();
  await db.schema.createIndex('meetings_alliance_status').on('meetings').columns(['alliance_id', 'status', 'held_at']).execute();

  await db.schema
    .createTable('meeting_topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_topics_meeting').on('meeting_topics').columns(['meeting_id', 'created_at']).execute();

  await db.schema
    .createTable('resolutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resolutions_meeting').on('resolutions').columns(['meeting_id', 'created_at']).execute();

  // a taken 吹哨 item: which meeting (the column exists since 0002), when and by whom it was taken
  await db.schema.alterTable('agenda_candidates').addColumn('taken_at', ts).execute();
  await db.schema.alterTable('agenda_candidates').addColumn('taken_by', 'text').execute();
  // partial: most items wait; a meeting's detail reads its own
  await db.schema
    .createIndex('agenda_candidates_meeting')
    .on('agenda_candidates')
    .columns(['meeting_id'])
    .where(sql.ref('meeting_id'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('projects')
    .addColumn('resolution_id', 'text', (c) => c.references('resolutions.id'))
    .execute();
  await db.schema.createIndex('projects_resolution').on('projects').columns(['resolution_id']).where(sql.ref('resolution_id'), 'is not', null).execute();

  const roles = await sql<{ id: string; name: string; permissions: string }>`select id, name, permissions from roles where builtin = 1`.execute(db);
  for (const r of roles.rows) {
    const added = ADDED_PERMISSIONS[r.name];
    if (!added) continue;
    const merged = [...new Set([...(JSON.parse(r.permissions) as string[]), ...added])];
    await sql`update roles set permissions = ${JSON.stringify(merged)} where id = ${r.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('projects_resolution').execute();
  await db.schema.alterTable('projects').dropColumn('resolution_id').execute();
  await db.schema.dropIndex('agenda_candidates_meeting').execute();
  await db.schema.alterTable('agenda_candidates').dropColumn('taken_by').execute();
  await db.schema.alterTable('agenda_candidates').dropColumn('taken_at').execute();
  for (const t of ['resolutions', 'meeting_topics', 'meetings']) await db.schema.dropTable(t).execute();
}
