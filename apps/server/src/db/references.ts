import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './index.ts';

// Which rows still point at a row, read from the schema's own foreign keys: a delete the database would refuse is
// refused first with the tables that hold it (the console names them: 仍被 项目、工单 … 使用), and a table added
// later is covered without anyone remembering to list it.

/** a foreign-key column; `tenant`: its table has alliance_id, which every composite index starts with */
type Column = { table: string; column: string; tenant: boolean };

/** Foreign-key columns per referenced table, per dialect (the schema is the same in every database of a run). */
const columnsCache = new Map<string, Promise<Map<string, Column[]>>>();

async function readForeignKeys(db: Db, pg: boolean): Promise<Map<string, Column[]>> {
  // pg_constraint, not information_schema: the latter shows only the constraints of tables the current role owns, and
  // the servers may connect as a role that was only granted the tables
  const rows = pg
    ? (
        await sql<{ tbl: string; col: string; target: string; tenant: boolean }>`
          select src.relname as tbl, a.attname as col, dst.relname as target,
            exists (select 1 from pg_attribute t where t.attrelid = src.oid and t.attname = 'alliance_id' and not t.attisdropped) as tenant
          from pg_constraint c
          join pg_class src on src.oid = c.conrelid
          join pg_class dst on dst.oid = c.confrelid
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
          where c.contype = 'f' and src.relnamespace = to_regnamespace(current_schema())::oid
          order by src.relname, a.attname`.execute(db)
      ).rows
    : (
        await sql<{ tbl: string; col: string; target: string; tenant: number }>`
          select m.name as tbl, f."from" as col, f."table" as target,
            exists (select 1 from pragma_table_info(m.name) t where t.name = 'alliance_id') as tenant
          from sqlite_master m join pragma_foreign_key_list(m.name) f
          where m.type = 'table'
          order by m.name, f."from"`.execute(db)
      ).rows;
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    const list = out.get(r.target) ?? [];
    if (!list.some((c) => c.table === r.tbl && c.column === r.col)) list.push({ table: r.tbl, column: r.col, tenant: !!r.tenant });
    out.set(r.target, list);
  }
  return out;
}

/**
 * The tables with a row whose foreign key points at row `id` of `table` (`children` for the table itself, e.g. a
 * sub-grid), in name order, leaving out `except` (rows the delete removes with it); `allianceId`: the row's alliance.
 * Empty: nothing blocks the delete.
 */
export async function referencingTables(db: Db, table: string, id: string, allianceId: string | null, except: readonly string[] = []): Promise<string[]> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = pg ? 'pg' : 'sqlite';
  let fks = columnsCache.get(key);
  if (!fks) {
    fks = readForeignKeys(db, pg);
    columnsCache.set(key, fks);
    fks.catch(() => columnsCache.delete(key));
  }
  const found = new Set<string>();
  for (const c of (await fks).get(table) ?? []) {
    const name = c.table === table ? 'children' : c.table;
    if (except.includes(c.table) || found.has(name)) continue;
    // a row of one alliance only points at rows of the same alliance: saying so lets the (alliance_id, …) indexes serve
    const tenant = c.tenant && allianceId !== null ? sql` and alliance_id = ${allianceId}` : sql``;
    const hit = await sql<{ one: number }>`select 1 as one from ${sql.table(c.table)} where ${sql.ref(c.column)} = ${id}${tenant} limit 1`.execute(db);
    if (hit.rows.length > 0) found.add(name);
  }
  return [...found];
}
