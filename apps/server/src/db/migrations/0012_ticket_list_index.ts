import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Two indexes for a million tickets (docs/BENCH.md "million"):
 * - the ticket table filtered by category and status (the commonest console filter) counts its matches inside one
 *   index range instead of visiting every ticket of that status (57 ms → 0.6 ms);
 * - 三率 read every fact they need from one index over (alliance, created_at, …) instead of the table rows (70 ms →
 *   39 ms for an alliance-month). It starts with (alliance_id, created_at), so it replaces that index of 0002.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // confidential last: the data-scope test reads it from the index, so only confidential rows need the table
  await db.schema
    .createIndex('tickets_alliance_category_status')
    .on('tickets')
    .columns(['alliance_id', 'category_id', 'status', 'created_at', 'confidential'])
    .execute();
  await db.schema
    .createIndex('tickets_rate_facts')
    .on('tickets')
    .columns([
      'alliance_id',
      'created_at',
      'lead_unit_id',
      'dispatched_at',
      'accepted_at',
      'accept_due_at',
      'rating_stars',
      'closed_unrated',
      'rating_solved',
      'rating_by_callback',
      'resolved_at',
      'due_at',
    ])
    .execute();
  await db.schema.dropIndex('tickets_alliance_created').execute();
}
