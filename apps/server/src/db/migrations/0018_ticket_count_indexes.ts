import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Every ticket list also counts what matches (up to TICKET_COUNT_CAP), and every count checks the viewer's scope:
 * `confidential = 0`, or the viewer is the reporter, creator or designated contact. With `confidential` in the index a
 * list counts over, SQLite reads a ticket's row only for the rare confidential case; without it, it read every matching
 * row from the table. The open queues (已超期) read `overdue` and `due_at` from the status index too. "My reports" had
 * no index and read the whole alliance; the partial index holds only tickets with a logged-in reporter. In a
 * 600,000-ticket alliance (docs/BENCH.md "million"), with the cap: the committee's unfiltered list 1.4 s → 6–12 ms,
 * 已超期 222 → 11–15 ms, my reports 2.0 s → 1 ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_lead_unit').execute();
  await db.schema.createIndex('tickets_lead_unit').on('tickets').columns(['alliance_id', 'lead_unit_id', 'status', 'confidential']).execute();
  await db.schema.dropIndex('tickets_alliance_status').execute();
  await db.schema
    .createIndex('tickets_alliance_status')
    .on('tickets')
    .columns(['alliance_id', 'status', 'created_at', 'confidential', 'overdue', 'due_at'])
    .execute();
  await db.schema
    .createIndex('tickets_reporter')
    .on('tickets')
    .columns(['reporter_user_id', 'created_at'])
    .where((eb) => eb('reporter_user_id', 'is not', null))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_reporter').execute();
  await db.schema.dropIndex('tickets_alliance_status').execute();
  await db.schema.createIndex('tickets_alliance_status').on('tickets').columns(['alliance_id', 'status', 'created_at']).execute();
  await db.schema.dropIndex('tickets_lead_unit').execute();
  await db.schema.createIndex('tickets_lead_unit').on('tickets').columns(['alliance_id', 'lead_unit_id', 'status']).execute();
}
