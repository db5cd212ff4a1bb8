// Pending migrations run in one transaction on SQLite too: an upgrade that fails (or is killed) midway leaves the
// database as it was, and the next start applies the same migrations again. SQLite only, in both runs (its own file):
// Kysely already wraps PostgreSQL's migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tx-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tables = async (db: Kysely<unknown>) =>
  (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name like 'm_%' order by name`.execute(db)).rows.map((r) => r.name);

describe('SQLite migrations', () => {
  it('apply all or nothing: a failing one leaves no table, column or row of the ones before it', async () => {
    const h = openDb('sqlite', join(dir, 'tongxin.db'));
    const db = h.db as unknown as Kysely<unknown>;
    await sql`create table m_existing (id integer primary key, name text)`.execute(db);
    await sql`insert into m_existing (name) values ('kept')`.execute(db);
    let fail = true;
    const migrations: Record<string, Migration> = {
      '0001_table': { up: async (d) => void (await sql`create table m_first (id integer primary key)`.execute(d)) },
      '0002_data': {
        up: async (d) => {
          await sql`alter table m_existing add column extra text`.execute(d);
          await sql`update m_existing set name = 'changed'`.execute(d);
          if (fail) throw new Error('killed midway');
        },
      },
    };
    const migrator = () =>
      new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'm_done', migrationLockTableName: 'm_lock' });

    const failed = await migrator().migrateToLatest();
    expect(String(failed.error)).toContain('killed midway');
    expect(await tables(db)).toEqual(['m_done', 'm_existing', 'm_lock']);
    const cols = (await sql<{ name: string }>`select name from pragma_table_info('m_existing')`.execute(db)).rows.map((r) => r.name);
    expect(cols).toEqual(['id', 'name']);
    expect((await sql<{ name: string }>`select name from m_existing`.execute(db)).rows).toEqual([{ name: 'kept' }]);
    expect((await sql`select * from m_done`.execute(db)).rows).toEqual([]);

    // the next start applies both
    fail = false;
    const ok = await migrator().migrateToLatest();
    expect(ok.error).toBeUndefined();
    expect(ok.results?.map((r) => [r.migrationName, r.status])).toEqual([
      ['0001_table', 'Success'],
      ['0002_data', 'Success'],
    ]);
    expect((await sql<{ name: string }>`select name from m_existing`.execute(db)).rows).toEqual([{ name: 'changed' }]);
    await h.close();
  });
});
