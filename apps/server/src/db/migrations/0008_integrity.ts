import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * 营商环境监测点 confidential feedback: each alliance names the committee's designated contact (a user) who alone
 * receives feedback on conduct (党风廉政, 作风效能); tickets carry the confidential flag, that contact and the unit the
 * feedback concerns (which must never see or receive it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integrity_settings')
    .addColumn('alliance_id', 'text', (c) => c.primaryKey().references('alliances.id'))
    // the user who receives confidential conduct feedback (a member of the alliance)
    .addColumn('confidential_contact_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('tickets')
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('tickets').addColumn('confidential_user_id', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('concerned_unit_id', 'text').execute();
  // monitoring-point feedback: 'service' | 'conduct'
  await db.schema.alterTable('tickets').addColumn('feedback_topic', 'text').execute();
  // partial: almost every ticket has none, and an index entry per ticket would cost every intake
  await db.schema
    .createIndex('tickets_confidential_user')
    .on('tickets')
    .columns(['confidential_user_id'])
    .where(sql.ref('confidential_user_id'), 'is not', null)
    .execute();
}
