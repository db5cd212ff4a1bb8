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

/** Columns whose update alone is not a write of the request (see installWriteLog). */
const BOOKKEEPING: Record<string, string[]> = { api_keys: ['last_used_at'], sessions: ['last_seen_at'] };

/**
 * Logs every row inserted, updated or deleted in the given tables into `fuzz_writes`, by triggers (this test's
 * database only). Row counts miss an UPDATE; the log does not. A rolled-back request's log rows roll back with it, so
 * the log holds exactly what was committed.
 */
export async function installWriteLog(env: TestEnv, names: string[]): Promise<void> {
  const db = env.deps.db;
  const columns = new Map((await db.introspection.getTables()).map((t) => [t.name, t.columns.map((c) => c.name)]));
  // an UPDATE that sets only these columns is not logged: authentication's bookkeeping of a session or key that was
  // valid, done before the route refused the request (a 404 on a real key still marks the key as used)
  const updated = (t: string) => {
    const skip = BOOKKEEPING[t];
    return skip
      ? ` of ${(columns.get(t) ?? [])
          .filter((c) => !skip.includes(c))
          .map((c) => `"${c}"`)
          .join(', ')}`
      : '';
  };
  if (env.deps.dbKind === 'postgres') {
    await sql`create table fuzz_writes (id bigserial primary key, t text not null, op text not null)`.execute(db);
    await sql`create function fuzz_log() returns trigger language plpgsql as $$
      begin insert into fuzz_writes (t, op) values (TG_TABLE_NAME, lower(TG_OP)); return null; end $$`.execute(db);
    for (const n of names)
      await sql.raw(`create trigger fuzz_w after insert or update${updated(n)} or delete on "${n}" for each row execute function fuzz_log()`).execute(db);
    return;
  }
  // a virtual table (a full-text index) and its shadow tables take no trigger: they change only with the rows they index
  const virtual = new Set(
    (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like 'CREATE VIRTUAL TABLE%'`.execute(db)).rows.map((r) => r.name),
  );
  await sql`create table fuzz_writes (id integer primary key autoincrement, t text not null, op text not null)`.execute(db);
  for (const n of names.filter((t) => ![...virtual].some((v) => t === v || t.startsWith(`${v}_`))))
    for (const op of ['insert', 'update', 'delete'])
      await sql
        .raw(
          `create trigger "fuzz_w_${n}_${op}" after ${op}${op === 'update' ? updated(n) : ''} on "${n}" begin insert into fuzz_writes (t, op) values ('${n}', '${op}'); end`,
        )
        .execute(db);
}

/** The last entry of the write log (0 when empty). */
export async function lastWrite(env: TestEnv): Promise<number> {
  const r = await sql<{ n: number | string | null }>`select max(id) as n from fuzz_writes`.execute(env.deps.db);
  return Number(r.rows[0]?.n ?? 0);
}

/** The writes logged after entry `since`, as `table op ×count`, and the last entry. */
export async function writesSince(env: TestEnv, since: number): Promise<{ last: number; writes: string[] }> {
  const r = await sql<{ id: number | string; t: string; op: string }>`select id, t, op from fuzz_writes where id > ${since} order by id`.execute(env.deps.db);
  const counts = new Map<string, number>();
  let last = since;
  for (const row of r.rows) {
    counts.set(`${row.t} ${row.op}`, (counts.get(`${row.t} ${row.op}`) ?? 0) + 1);
    last = Math.max(last, Number(row.id));
  }
  return { last, writes: [...counts].map(([k, n]) => `${k} ×${n}`) };
}
