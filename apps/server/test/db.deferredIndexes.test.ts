// A bulk import drops the secondary indexes of the tables it fills and builds them afterwards (db/deferredIndexes.ts).
// What a user would notice if it went wrong: a database left without its indexes (every list slow) after an import that
// died midway, or one whose unique constraints were dropped. Both databases.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferIndexes, openMigratedDb } from '../src/db/index.ts';
import { seedScale } from '../src/modules/demo/scale/index.ts';
import { setupEnv, TEST_DB, type TestEnv } from './harness.ts';

async function indexes(db: Kysely<unknown>): Promise<string[]> {
  const r =
    TEST_DB === 'postgres'
      ? await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_schema where type = 'index'`.execute(db);
  return r.rows.map((x) => x.name).sort();
}

describe('deferred indexes of a bulk import', () => {
  let env: TestEnv;
  let db: Kysely<unknown>;
  let all: string[];
  let definitions: Array<{ name: string; definition: string }> = [];
  beforeAll(async () => {
    env = await setupEnv();
    db = env.deps.db as unknown as Kysely<unknown>;
    all = await indexes(db);
  });
  afterAll(() => env.close());

  it('drops only the non-unique secondary indexes, and the next open of the database builds them again', async () => {
    const dropped = await deferIndexes(db, env.handle.kind, ['tickets', 'merchants'], ['tickets_rate_facts']);
    const left = await indexes(db);
    expect(dropped).toBeGreaterThanOrEqual(8);
    expect(left).not.toContain('tickets_lead_unit');
    expect(left).not.toContain('merchants_alliance_name');
    expect(left).toContain('tickets_rate_facts');
    // the unique constraints stay: a duplicate credit code is still refused while the import runs
    expect(left.filter((n) => /unique|autoindex|pkey|_key$/.test(n))).toEqual(all.filter((n) => /unique|autoindex|pkey|_key$/.test(n)));
    const recorded = await sql<{ name: string; definition: string }>`select name, definition from deferred_indexes`.execute(db);
    expect(recorded.rows).toHaveLength(dropped);
    definitions = recorded.rows;

    // the import dies here; whoever opens the database next (a server start, `tongxin migrate`) builds them
    const again = await openMigratedDb(env.handle.kind, env.config.db.url);
    await again.close();
    expect(await indexes(db)).toEqual(all);
    expect((await sql`select name from deferred_indexes`.execute(db)).rows).toEqual([]);
  });

  it('only clears a record whose index another process built meanwhile (two processes starting at once)', async () => {
    const one = definitions.find((d) => d.name === 'tickets_lead_unit')!;
    await sql`insert into deferred_indexes (name, definition) values (${one.name}, ${one.definition})`.execute(db);
    const again = await openMigratedDb(env.handle.kind, env.config.db.url);
    await again.close();
    expect(await indexes(db)).toEqual(all);
    expect((await sql`select name from deferred_indexes`.execute(db)).rows).toEqual([]);
  });

  it('leaves every index of the schema in place after `seed --scale`', async () => {
    await seedScale(env.deps, env.handle, { scale: { alliances: 1, merchants: 30, tickets: 120 }, force: true });
    expect(await indexes(db)).toEqual(all);
    expect((await sql`select name from deferred_indexes`.execute(db)).rows).toEqual([]);
  });
});
