import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * 三率 by lead unit (the 三率 page's default, and the on-time ranking) read each unit's tickets of the period as one
 * range of this index, already in unit order; over tickets_rate_facts (alliance, created_at, …) the month's range had to
 * be sorted by unit first. An alliance-month of a million-ticket alliance: 44 → 23 ms (docs/BENCH.md "million"). The
 * cost on ticket intake was below what this machine can measure (a new case has no lead unit yet).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tickets_rate_unit')
    .on('tickets')
    .columns([
      'alliance_id',
      'lead_unit_id',
      'created_at',
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_rate_unit').execute();
}
