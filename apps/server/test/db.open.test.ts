// Opening a SQLite file keeps the planner on sqlite_stat1: stat4 samples made every statement with a parameter on a
// sampled column compile again on each run (the integrity page spent a tenth of its CPU there). SQLite only, in both
// runs: the file is this test's own.
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDb, openMigratedDb, openSqliteFile } from '../src/db/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tx-dbopen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('opening a SQLite database', () => {
  it('drops the stat4 samples an ANALYZE left, keeps stat1, and the planner still uses the indexes', async () => {
    const file = join(dir, 'tongxin.db');
    const first = await openMigratedDb('sqlite', file);
    await first.close();
    const raw = new SQLite(file);
    const now = Date.now();
    const insert = raw.prepare('insert into calendar_days (date, kind, name, updated_at) values (?, ?, ?, ?)');
    raw.transaction(() => {
      for (let i = 0; i < 3000; i++)
        insert.run(`2099-${String((i % 12) + 1).padStart(2, '0')}-${String(i).padStart(5, '0')}`, i % 7 ? 'workday' : 'holiday', null, now);
    })();
    raw.exec('analyze');
    expect(raw.prepare('select count(*) from sqlite_stat4').pluck().get()).toBeGreaterThan(0);
    raw.close();

    const again = await openMigratedDb('sqlite', file);
    const sqlite = again.sqlite as SQLite.Database;
    expect(sqlite.prepare('select count(*) from sqlite_stat4').pluck().get()).toBe(0);
    expect(sqlite.prepare('select count(*) from sqlite_stat1').pluck().get()).toBeGreaterThan(0);
    const plan = sqlite.prepare('explain query plan select * from calendar_days where date = ?').all('2099-01-00000') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (INDEX|PRIMARY KEY)|USING COVERING INDEX/);
    await again.close();
  });

  it.each(['wal', 'delete'])('opens again when the file (%s journal) is swapped between opening it and its first lock, as a restore does', (mode) => {
    const file = join(dir, `swap-${mode}.db`);
    const restored = join(dir, `swap-${mode}.db.restored`);
    for (const [f, v] of [
      [file, 'replaced'],
      [restored, 'restored'],
    ] as const) {
      const raw = new SQLite(f);
      raw.pragma(`journal_mode = ${mode}`);
      raw.exec(`create table t (v text); insert into t values ('${v}')`);
      raw.close();
    }
    let swaps = 0;
    // a restore puts its file in place after this process opened the old one and before it could lock it
    const db = openSqliteFile(file, () => {
      if (swaps++ === 0) renameSync(restored, file);
    });
    try {
      expect(db.prepare('select v from t').pluck().get()).toBe('restored');
      expect(swaps).toBe(2);
    } finally {
      db.close();
    }
  });

  it('reads rows as the driver always did: named columns, the last of a repeated name, and a widened select * after ALTER TABLE', async () => {
    const h = openDb('sqlite', join(dir, 'rows.db'));
    await sql`create table t (a integer, b text)`.execute(h.db);
    await sql`insert into t values (1, 'x'), (2, null)`.execute(h.db);
    const star = async () => (await sql<Record<string, unknown>>`select * from t order by a`.execute(h.db)).rows;
    expect(await star()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]);
    expect((await sql`select 1 as v, 2 as v, 'q"uote' as "we""ird"`.execute(h.db)).rows).toEqual([{ v: 2, 'we"ird': 'q"uote' }]);
    // the cached statement is compiled again by SQLite after a schema change, and select * now has three columns
    await sql`alter table t add column c integer default 7`.execute(h.db);
    expect(await star()).toEqual([
      { a: 1, b: 'x', c: 7 },
      { a: 2, b: null, c: 7 },
    ]);
    expect((await sql`select * from t where a = 99`.execute(h.db)).rows).toEqual([]);
    await h.close();
  });
});
