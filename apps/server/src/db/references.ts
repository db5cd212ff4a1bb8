import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './index.ts';

// Which rows still point at a row, read from the schema's own foreign keys: a delete the database would refuse is
// refused first with the tables that hold it (the console names them: 仍被 项目、工单 … 使用), and a table added
// later is covered without anyone remembering to list it.

type Column = { table: string; column: string };

/** Foreign-key columns per referenced table, per dialect (the schema is the same in every database of a run). */
const columnsCache = new Map<string, Promise<Map<string, Column[]>>>();

async function readForeignKeys(db: Db, pg: boolean): Promise<Map<string, Column[]>> {
  const rows = pg
    ? (
        await sql<{ tbl: string; col: string; target: string }>`
          select kcu.table_name as tbl, kcu.column_name as col, ccu.table_name as target
          from information_schema.referential_constraints rc
          join information_schema.key_column_usage kcu
            on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
          join information_schema.constraint_column_usage ccu
            on ccu.constraint_name = rc.unique_constraint_name and ccu.constraint_schema = rc.unique_constraint_schema
          where kcu.table_schema = current_schema()`.execute(db)
      ).rows
    : (
        await sql<{ tbl: string; col: string; target: string }>`
          select m.name as tbl, f."from" as col, f."table" as target
          from sqlite_master m join pragma_foreign_key_list(m.name) f
          where m.type = 'table'`.execute(db)
      ).rows;
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    const list = out.get(r.target) ?? [];
    if (!list.some((c) => c.table === r.tbl && c.column === r.col)) list.push({ table: r.tbl, column: r.col });
    out.set(r.target, list);
  }
  return out;
}

/**
 * The tables with a row whose foreign key points at row `id` of `table` (`children` for the table itself, e.g. a
 * sub-grid), leaving out `except` (rows the delete removes with it). Empty: nothing blocks the delete.
 */
export async function referencingTables(db: Db, table: string, id: string, except: readonly string[] = []): Promise<string[]> {
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
    const hit = await sql<{ one: number }>`select 1 as one from ${sql.table(c.table)} where ${sql.ref(c.column)} = ${id} limit 1`.execute(db);
    if (hit.rows.length > 0) found.add(name);
  }
  return [...found];
}
