import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** 三张清单: resources (资源清单), projects (项目清单) with their timeline and progress roll-up, adoptions (认购式服务). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;

  await db.schema
    .createTable('resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    // the unit that offers it; its reach decides who may edit the resource
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('category', 'text', (c) => c.notNull()) // RESOURCE_CATEGORIES
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('availability', 'text')
    .addColumn('weekly_slots', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{weekday,start,end}]
    .addColumn('contact_name', 'text')
    // AES-GCM ciphertext + HMAC blind index, never stored in clear
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_bidx', 'text')
    .addColumn('address', 'text')
    // as given and normalised to WGS-84 (distances are computed on the latter), like tickets
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('crs', 'text')
    .addColumn('wgs_lng', 'double precision')
    .addColumn('wgs_lat', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    // jieba search tokens of title, description and availability (JSON array), for need matching
    .addColumn('tokens', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resources_alliance_unit').on('resources').columns(['alliance_id', 'unit_id']).execute();
  await db.schema.createIndex('resources_alliance_category').on('resources').columns(['alliance_id', 'status', 'category']).execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('parent_id', 'text', (c) => c.references('projects.id'))
    // materialised path /rootId/…/id/ and depth (0 = root): ancestors for the roll-up, subtrees for the tree table
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // undertaking | service
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('responsible_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('deadline', 'text') // YYYY-MM-DD, Asia/Shanghai
    .addColumn('weight', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('resource_id', 'text', (c) => c.references('resources.id'))
    .addColumn('capacity', 'integer') // service projects: places for adopting merchants
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_alliance_parent').on('projects').columns(['alliance_id', 'parent_id']).execute();
  await db.schema.createIndex('projects_alliance_path').on('projects').columns(['alliance_id', 'path']).execute();
  await db.schema.createIndex('projects_alliance_owner').on('projects').columns(['alliance_id', 'owner_unit_id']).execute();
  await db.schema.createIndex('projects_ticket').on('projects').columns(['ticket_id']).execute();
  await db.schema.createIndex('projects_resource').on('projects').columns(['resource_id']).execute();

  await db.schema
    .createTable('project_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('progress_from', 'double precision')
    .addColumn('progress_to', 'double precision')
    .addColumn('note', 'text')
    .addColumn('photos', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('project_events_project_at').on('project_events').columns(['project_id', 'at']).execute();

  await db.schema
    .createTable('project_adoptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('adopter_name', 'text', (c) => c.notNull())
    // the merchant of the registry the user runs, when there is one
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | cancelled
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('cancelled_at', ts)
    .addColumn('cancelled_by', 'text')
    .execute();
  // one active adoption per user and project, also under concurrent requests
  await db.schema
    .createIndex('project_adoptions_one_active')
    .on('project_adoptions')
    .columns(['project_id', 'user_id'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();
  await db.schema.createIndex('project_adoptions_alliance_user').on('project_adoptions').columns(['alliance_id', 'user_id']).execute();
}
