// The statements of db/fastSql.ts (the hottest writes and the integrity page) run on PostgreSQL as named prepared
// statements: parsed and planned once per pooled connection, in transactions too. Both databases, as every suite: on
// SQLite the same calls must answer the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDb, type DbHandle } from '../src/db/index.ts';
import { runSql } from '../src/db/fastSql.ts';
import { loadConfig } from '../src/config.ts';
import { setupEnv, TEST_DB, type TestEnv } from './harness.ts';

let env: TestEnv;
let one: DbHandle;
beforeAll(async () => {
  env = await setupEnv();
  // a second handle on the same database with a single pooled connection, whose prepared statements can be listed
  one = openDb(env.config.db.kind, env.config.db.url, { poolSize: 1 });
  await sql`create table named_probe (id integer primary key, v text not null)`.execute(env.handle.db);
  await sql`insert into named_probe (id, v) values (1, 'a'), (2, 'b'), (3, 'c')`.execute(env.handle.db);
});
afterAll(async () => {
  await one.close();
  await env.close();
});

const PROBE = 'select id, v from named_probe where id >= ? order by id';
const ids = (rows: { id: unknown }[]) => rows.map((r) => Number(r.id));

/** The prepared statements of the one connection of `h` that mention the probe table. */
async function preparedProbes(h: DbHandle = one): Promise<string[]> {
  const r = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like '%named_probe%'`.execute(h.db);
  return r.rows.map((x) => x.statement);
}

describe('runSql statements', () => {
  it('answer run after run with new parameters', async () => {
    for (const from of [1, 2, 3, 4]) expect(ids(await runSql<{ id: number }>(one.db, PROBE, [from]))).toEqual([1, 2, 3].filter((i) => i >= from));
  });

  it.runIf(TEST_DB === 'postgres')('are prepared once on a PostgreSQL connection; builder statements are not', async () => {
    await runSql(one.db, PROBE, [1]);
    await runSql(one.db, PROBE, [2]);
    await one.db
      .selectFrom('named_probe' as never)
      .selectAll()
      .execute();
    expect(await preparedProbes()).toEqual(['select id, v from named_probe where id >= $1 order by id']);
  });

  it.runIf(TEST_DB === 'postgres')('run unnamed where PG_PREPARED_STATEMENTS=false (a pooler that cannot keep them)', async () => {
    const config = loadConfig({ DATABASE_URL: env.config.db.url, PG_PREPARED_STATEMENTS: 'false' });
    const off = openDb(config.db.kind, config.db.url, { poolSize: 1, preparedStatements: config.db.preparedStatements });
    try {
      expect(ids(await runSql<{ id: number }>(off.db, PROBE, [3]))).toEqual([3]);
      expect(await preparedProbes(off)).toEqual([]);
    } finally {
      await off.close();
    }
  });

  it('run inside a transaction on its connection, seeing its uncommitted rows', async () => {
    const err = await one.db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into named_probe (id, v) values (4, 'd')`.execute(trx);
        expect(ids(await runSql<{ id: number }>(trx, PROBE, [4]))).toEqual([4]);
        throw new Error('roll back');
      })
      .catch((e: Error) => e);
    expect((err as Error).message).toBe('roll back');
    expect(await runSql(one.db, PROBE, [4])).toEqual([]);
  });
});
