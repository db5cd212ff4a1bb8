import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

// the built-in roles (by their seeded name) and what this release adds to them; frozen like the rest of the file
const ADDED_PERMISSIONS: Record<string, string[]> = {
  联盟管理员: ['merchant:read', 'merchant:write', 'credit:write', 'credit:decide', 'resource:read', 'resource:write', 'notification:manage'],
  党委工作人员: ['merchant:read', 'merchant:write', 'credit:write', 'credit:decide', 'resource:read', 'resource:write', 'notification:manage'],
  成员单位经办人: ['merchant:read', 'credit:write', 'resource:read', 'resource:write', 'notification:manage'],
  网格员: ['merchant:read', 'merchant:write', 'credit:write', 'resource:read'],
  商户: ['merchant:read', 'resource:read'],
  '领导（只读）': ['merchant:read', 'resource:read'],
};

/** The merchant registry (商户), its import reports, the link from a complaint ticket to its merchant, and the new permissions of built-in roles. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'bigint' as const;

  await db.schema
    .createTable('merchants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    // 统一社会信用代码 (GB 32100), upper case, unique per alliance
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // 业态: a code of the business-type dictionary (MERCHANT_BUSINESS_TYPES in @tongxin/domain)
    .addColumn('business_type', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    // as given (crs = 'gcj02' | 'wgs84' | 'bd09') and normalised to WGS-84, like tickets
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('crs', 'text')
    .addColumn('wgs_lng', 'double precision')
    .addColumn('wgs_lat', 'double precision')
    .addColumn('grid_id', 'text', (c) => c.references('grids.id'))
    // 经营者: a person of the alliance (encrypted numbers live there) and/or a name typed in
    .addColumn('operator_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('operator_name', 'text')
    .addColumn('party_member_operator', 'integer', (c) => c.notNull().defaultTo(0)) // 党员经营户
    // contact phone: AES-GCM ciphertext + HMAC blind index, never stored in clear
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_bidx', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('operating')) // operating | closed
    // opaque, city-unique, non-enumerable code printed in the QR (GET /m/<public_code>)
    .addColumn('public_code', 'text', (c) => c.notNull().unique())
    // 营商环境监测点 and its 居务联络员 (a person of the alliance)
    .addColumn('monitoring_point', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('liaison_person_id', 'text', (c) => c.references('people.id'))
    // the credit summary of the current cycle, kept by the credit module in the same transaction as its ledger,
    // so that lists filter on it and the public page reads one row
    .addColumn('credit_points', 'integer', (c) => c.notNull().defaultTo(12))
    .addColumn('credit_stars', 'integer') // 1–5, null until first computed
    .addColumn('credit_flag', 'text') // red | yellow | null (this month's 红黄旗)
    .addColumn('plaques', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of plaque kinds held now
    .addColumn('promise', 'text') // the current 承诺 text (history in the credit module)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('merchants_alliance_credit_code', ['alliance_id', 'credit_code'])
    .execute();
  await db.schema.createIndex('merchants_alliance_grid').on('merchants').columns(['alliance_id', 'grid_id']).execute();
  await db.schema.createIndex('merchants_alliance_name').on('merchants').columns(['alliance_id', 'name']).execute();

  // the report workbook of a merchant Excel import (rejected rows with 错误原因), downloadable by the alliance's staff
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? ('bytea' as const) : ('blob' as const);
  await db.schema
    .createTable('merchant_import_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('alliances.id'))
    .addColumn('created_by', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('merchant_import_reports_alliance').on('merchant_import_reports').columns(['alliance_id', 'created_at']).execute();

  // a complaint (or monitoring-point feedback) ticket may concern one merchant of the registry
  await db.schema
    .alterTable('tickets')
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .execute();
  // a complaint's verdict (upheld | rejected), decided by the committee; the integrity page counts upheld ones per year
  await db.schema.alterTable('tickets').addColumn('complaint_verdict', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('verdict_at', ts).execute();
  // partial: most tickets concern no merchant, and an index entry per ticket would cost every intake
  await db.schema
    .createIndex('tickets_merchant')
    .on('tickets')
    .columns(['merchant_id', 'complaint_verdict', 'verdict_at'])
    .where(sql.ref('merchant_id'), 'is not', null)
    .execute();

  // built-in roles of existing alliances gain the permissions added with merchants, resources and notifications
  const roles = await sql<{ id: string; name: string; permissions: string }>`select id, name, permissions from roles where builtin = 1`.execute(db);
  for (const r of roles.rows) {
    const added = ADDED_PERMISSIONS[r.name];
    if (!added) continue;
    const merged = [...new Set([...(JSON.parse(r.permissions) as string[]), ...added])];
    await sql`update roles set permissions = ${JSON.stringify(merged)} where id = ${r.id}`.execute(db);
  }
}
