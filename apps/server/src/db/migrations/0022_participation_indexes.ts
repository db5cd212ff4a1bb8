import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * A merchant's stars count the cases its operator reports (participation), but a new case showed in them only at the
 * month's roll-over. The credit clock now looks, each minute, for merchants whose operator's account reported a case
 * since their summary was written: from the accounts linked to a person, to the merchants that person runs, to that
 * account's recent cases (tickets_reporter). These two partial indexes hold only the linked rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('merchants_operator')
    .on('merchants')
    .columns(['operator_person_id'])
    .where(sql<boolean>`operator_person_id is not null`)
    .execute();
  await db.schema
    .createIndex('users_person')
    .on('users')
    .columns(['person_id'])
    .where(sql<boolean>`person_id is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_person').execute();
  await db.schema.dropIndex('merchants_operator').execute();
}
