import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * The big screen counts the open cases per grid. No index held a case's grid, so that read every open case of the
 * alliance from the table (73–104 ms on 21,000 open cases, blocking the one SQLite connection). This partial index
 * holds exactly the open cases by grid, so the count per grid is read from it alone; the list of statuses is the
 * query's own (stats.overview.repo.ts), word for word, for SQLite to recognise it, and the status is a column too, as
 * SQLite reads the table for any column of the query's WHERE that the index lacks. Closed cases (most of them) are
 * not in it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tickets_open_grid')
    .on('tickets')
    .columns(['alliance_id', 'grid_id', 'status'])
    .where(sql<boolean>`status in ('submitted', 'dispatched', 'accepted', 'resolved')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_open_grid').execute();
}
