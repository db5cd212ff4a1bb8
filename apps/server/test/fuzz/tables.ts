import { sql } from 'kysely';
import type { TestEnv } from '../harness.ts';

/** The application's tables (the migration bookkeeping left out), in this test's database or schema. */
export async function tableNames(env: TestEnv): Promise<string[]> {
  const tables = await env.deps.db.introspection.getTables();
  let schema: string | undefined;
  if (env.deps.dbKind === 'postgres') {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(env.deps.db);
    schema = r.rows[0]?.s;
  }
  return tables
    .filter((t) => !t.isView && (schema === undefined || t.schema === schema) && !t.name.startsWith('kysely_') && !t.name.startsWith('sqlite_'))
    .map((t) => t.name)
    .sort();
}

/** Row counts of every table, in one query. */
export async function tableCounts(env: TestEnv, names: string[]): Promise<Record<string, number>> {
  const parts = names.map((n) => `select '${n}' as t, count(*) as n from "${n}"`).join(' union all ');
  const r = await sql<{ t: string; n: number | string }>`${sql.raw(parts)}`.execute(env.deps.db);
  return Object.fromEntries(r.rows.map((row) => [row.t, Number(row.n)]));
}

/** The tables whose counts differ between two snapshots, as `table: before → after`. */
export function countDiff(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
