import { SqliteAdapter, sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/**
 * Which record holds each photo: the case (its own photos and its timeline's), the merchant (a deduction's evidence, an
 * objection's), the project (a progress report's). A member read any photo of the alliance whose id they knew, and a
 * public upload was found by a LIKE scan of every case's photos of the alliance at each view. A photo is now shown to
 * who can see a record holding it (and to its uploader), found by its key. Filled here from the records' photo lists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('file_refs')
    .ifNotExists()
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('alliance_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull()) // ticket | merchant | project
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_refs_pk', ['file_id', 'alliance_id', 'entity', 'entity_id'])
    .execute();
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // the ids of a JSON array column, one row each; a value that is no array of strings (written by hand, damaged) holds
  // no photo, as the app's readers take it, rather than stopping the upgrade
  if (!sqlite)
    // PostgreSQL 15 has no test of a text's JSON short of casting it: a cast that fails gives the empty list
    await sql`create or replace function pg_temp.tx_photo_list(t text) returns jsonb language plpgsql immutable as $$
      declare v jsonb;
      begin
        v := t::jsonb;
        return case when jsonb_typeof(v) = 'array' then v else '[]'::jsonb end;
      exception when others then
        return '[]'::jsonb;
      end $$`.execute(db);
  const ids = sqlite
    ? sql.raw(`json_each(case when json_valid(s.photos) and json_type(s.photos) = 'array' then s.photos else '[]' end) j`)
    : sql.raw(`jsonb_array_elements(pg_temp.tx_photo_list(s.photos)) e
        cross join lateral (select e #>> '{}' as value, jsonb_typeof(e) as type) j`);
  const isText = sqlite ? sql.raw(`j.type = 'text'`) : sql.raw(`j.type = 'string'`);
  const sources: [string, string, string][] = [
    ['tickets', 'ticket', 'id'],
    ['ticket_events', 'ticket', 'ticket_id'],
    ['credit_entries', 'merchant', 'merchant_id'],
    ['credit_objections', 'merchant', 'merchant_id'],
    ['project_events', 'project', 'project_id'],
  ];
  for (const [table, entity, key] of sources) {
    await sql`insert into file_refs (file_id, alliance_id, entity, entity_id)
      select distinct j.value, s.alliance_id, ${entity}, s.${sql.raw(key)} from ${sql.table(table)} s, ${ids}
      where s.photos <> '[]' and ${isText}
      on conflict do nothing`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('file_refs').ifExists().execute();
}
