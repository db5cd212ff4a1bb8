import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../config.ts';

// A bulk import into tables with secondary indexes pays for every index on every row, in random order over B-trees far
// larger than the page cache; building an index afterwards is one sort. The generator drops the non-unique secondary
// indexes of the tables it fills, keeping their definitions in `deferred_indexes` in the same transaction, and builds
// them again when it is done. If it dies midway, the next open of the database builds them (openMigratedDb), so a
// database never stays without its indexes. Unique indexes stay: they are constraints, not only speed.

interface Deferred {
  name: string;
  definition: string;
}

/** Drops the non-unique secondary indexes of `tables` (except `keep`), remembering them; returns how many. */
export async function deferIndexes(db: Kysely<unknown>, kind: DbKind, tables: readonly string[], keep: readonly string[] = []): Promise<number> {
  const list = sql.join(tables.map((t) => sql`${t}`));
  const found =
    kind === 'sqlite'
      ? await sql<Deferred>`select name, sql as definition from sqlite_schema
          where type = 'index' and sql is not null and tbl_name in (${list}) and sql not like 'create unique%'`.execute(db)
      : await sql<Deferred>`select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
          from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
          join pg_namespace n on n.oid = t.relnamespace
          where n.nspname = current_schema() and t.relname in (${list}) and not i.indisunique and not i.indisprimary`.execute(db);
  const drop = found.rows.filter((r) => !keep.includes(r.name));
  await db.transaction().execute(async (trx) => {
    for (const r of drop) {
      await sql`insert into deferred_indexes (name, definition) values (${r.name}, ${r.definition})`.execute(trx);
      await sql`drop index ${sql.id(r.name)}`.execute(trx);
    }
  });
  return drop.length;
}

/** Builds every index a bulk import deferred, each in its own transaction with the removal of its record; returns how many. */
export async function restoreDeferredIndexes(db: Kysely<unknown>): Promise<number> {
  const pending = await sql<Deferred>`select name, definition from deferred_indexes order by name`.execute(db);
  for (const r of pending.rows) {
    // IF NOT EXISTS: two processes starting at once on one PostgreSQL may both find the same record
    const definition = r.definition.replace(/^create index /i, 'CREATE INDEX IF NOT EXISTS ');
    await db.transaction().execute(async (trx) => {
      await sql.raw(definition).execute(trx);
      await sql`delete from deferred_indexes where name = ${r.name}`.execute(trx);
    });
  }
  return pending.rows.length;
}
