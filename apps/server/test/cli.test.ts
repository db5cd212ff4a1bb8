// The real `tongxin` command, spawned as a process: migrate, user create, audit verify (and tampering), backup.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PG_URL, TEST_DB } from './harness.ts';
import { ROOT as root, tongxin as run } from './tongxinCli.ts';

const SECRET = 'cli-test-secret-cli-test-secret-0123456789';

/** Runs `tongxin …` with the test's master secret unless the environment says otherwise. */
const tongxin = (args: string[], env: Record<string, string | undefined>) => run(args, { TONGXIN_SECRET: SECRET, ...env });

/** Raw SQL on the test database, bypassing the app (what an attacker with database access could do). */
interface Raw {
  exec(sql: string, params?: unknown[]): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function rawSqlite(file: string): Raw {
  const db = new SQLite(file);
  return {
    exec: async (q, p = []) => void db.prepare(q).run(...p),
    rows: async <T>(q: string, p: unknown[] = []) => db.prepare(q).all(...p) as T[],
    close: async () => void db.close(),
  };
}

async function rawPg(url: string): Promise<Raw> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const toPg = (q: string) => {
    let i = 0;
    return q.replace(/\?/g, () => `$${++i}`);
  };
  return {
    exec: async (q, p = []) => void (await c.query(toPg(q), p)),
    rows: async <T>(q: string, p: unknown[] = []) => (await c.query(toPg(q), p)).rows as T[],
    close: () => c.end(),
  };
}

interface AuditRow {
  id: string;
  chain: string;
  seq: number;
  at: number;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hmac: string;
  hmac: string;
}

const COLS = [
  'id',
  'chain',
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'action',
  'entity',
  'entity_id',
  'before_json',
  'after_json',
  'request_id',
  'ip',
  'prev_hmac',
  'hmac',
] as const;

// every step spawns a process that builds the app (and hashes passwords): give each test room
describe(`tongxin CLI (${TEST_DB})`, { timeout: 90_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-cli-'));
  const env: Record<string, string> = { DATA_DIR: dir };
  let raw: Raw;
  let schema: string | null = null;

  beforeAll(async () => {
    if (TEST_DB === 'postgres') {
      schema = `cli_${Date.now().toString(36)}_${process.pid}`;
      const admin = await rawPg(PG_URL);
      await admin.exec(`create schema "${schema}"`);
      await admin.close();
      env.DATABASE_URL = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    } else {
      env.DATABASE_URL = join(dir, 'tongxin.db');
    }
  });

  afterAll(async () => {
    await raw?.close();
    if (schema) {
      const admin = await rawPg(PG_URL);
      await admin.exec(`drop schema "${schema}" cascade`);
      await admin.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates, creates users and verifies an intact audit chain', async () => {
    const m = await tongxin(['migrate'], env);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('applied 0001_core');
    expect((await tongxin(['migrate'], env)).stdout).toContain('already up to date');

    const admin = await tongxin(['user', 'create', '--username', 'cli_admin', '--display-name', '市级管理员', '--password', PASSWORD, '--city-admin'], env);
    expect(admin.code, admin.stderr).toBe(0);
    expect(admin.stdout).toContain('city administrator');
    for (const name of ['cli_b', 'cli_c']) {
      const r = await tongxin(['user', 'create', '--username', name, '--display-name', name], { ...env, TONGXIN_PASSWORD: PASSWORD });
      expect(r.code, r.stderr).toBe(0);
    }

    const noPassword = await tongxin(['user', 'create', '--username', 'cli_e', '--display-name', 'e'], env);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/TONGXIN_PASSWORD/);
    const weak = await tongxin(['user', 'create', '--username', 'cli_e', '--display-name', 'e', '--password', 'short'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password/);
    const blank = await tongxin(['user', 'create', '--username', 'cli_e', '--display-name', ' ', '--password', PASSWORD], env);
    expect([blank.code, blank.stderr]).toEqual([1, expect.stringMatching(/displayName: a display name is 1–32 characters/)]);
    const dup = await tongxin(['user', 'create', '--username', 'cli_b', '--display-name', 'b', '--password', PASSWORD], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/taken/);

    const v = await tongxin(['audit', 'verify'], env);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/OK\s+chain city: 3 records/);

    raw = TEST_DB === 'postgres' ? await rawPg(env.DATABASE_URL as string) : rawSqlite(env.DATABASE_URL as string);
  }, 180_000);

  it('refuses a master secret the database was not written with, and writes nothing', async () => {
    const before = await raw.rows<{ n: number }>('select count(*) as n from audit_log');
    const other = await tongxin(['user', 'create', '--username', 'cli_x', '--display-name', 'x', '--password', PASSWORD], {
      ...env,
      TONGXIN_SECRET: 'another-secret-another-secret-0123456789',
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/not the one this database was written with/);
    if (TEST_DB === 'sqlite') {
      // restored without its secret.key: no new key is left behind
      const missing = await tongxin(['user', 'create', '--username', 'cli_x', '--display-name', 'x', '--password', PASSWORD], {
        ...env,
        TONGXIN_SECRET: undefined,
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/secret\.key is missing/);
      expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    }
    expect(Number((await raw.rows<{ n: number }>('select count(*) as n from audit_log'))[0]?.n)).toBe(Number(before[0]?.n));
    expect((await tongxin(['audit', 'verify'], env)).code).toBe(0);
    // audit verify itself still runs with a wrong secret (to name altered records, it must not refuse): every chain fails
    const wrong = await tongxin(['audit', 'verify'], { ...env, TONGXIN_SECRET: 'another-secret-another-secret-0123456789' });
    expect([wrong.code, wrong.stdout]).toEqual([1, expect.stringMatching(/FAIL chain city: record #1 .*altered/)]);
    // one altered first record does not make the right secret look wrong
    const [first] = await raw.rows<AuditRow>(`select * from audit_log where chain = 'city' and seq = 1`);
    await raw.exec(`update audit_log set ip = '10.0.0.9' where chain = 'city' and seq = 1`);
    // (the app starts and gets as far as the taken username: nothing is written)
    const started = await tongxin(['user', 'create', '--username', 'cli_b', '--display-name', 'b', '--password', PASSWORD], env);
    expect(started.stderr).toMatch(/taken/);
    expect((await tongxin(['audit', 'verify'], env)).stdout).toMatch(/FAIL chain city: record #1 .*altered/);
    await raw.exec(`update audit_log set ip = ? where chain = 'city' and seq = 1`, [first?.ip ?? null]);
    expect((await tongxin(['audit', 'verify'], env)).code).toBe(0);
  });

  it('names the first altered record and exits 1', async () => {
    const [row] = await raw.rows<AuditRow>(`select * from audit_log where chain = 'city' and seq = 2`);
    expect(row).toBeDefined();
    await raw.exec(`update audit_log set action = 'user.delete' where chain = 'city' and seq = 2`);
    const v = await tongxin(['audit', 'verify'], env);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`FAIL chain city: record #2 (${row?.id})`);
    expect(v.stdout).toMatch(/altered/);
    expect(v.stderr).toMatch(/audit verification failed/);

    await raw.exec(`update audit_log set action = ? where chain = 'city' and seq = 2`, [row?.action]);
    expect((await tongxin(['audit', 'verify', '--chain', 'city'], env)).code).toBe(0);
    const unknown = await tongxin(['audit', 'verify', '--chain', 'alliance:HHX'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toMatch(/FAIL chain alliance:HHX: no such chain/);
  });

  it('names a removed middle record and exits 1', async () => {
    const [row] = await raw.rows<AuditRow>(`select * from audit_log where chain = 'city' and seq = 2`);
    await raw.exec(`delete from audit_log where chain = 'city' and seq = 2`);
    const v = await tongxin(['audit', 'verify'], env);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/FAIL chain city: record #2 .*missing/);

    await raw.exec(
      `insert into audit_log (${COLS.join(', ')}) values (${COLS.map(() => '?').join(', ')})`,
      COLS.map((c) => row?.[c]),
    );
    expect((await tongxin(['audit', 'verify'], env)).code).toBe(0);
  });

  it('detects a truncated tail even though the chain head was left alone', async () => {
    await raw.exec(`delete from audit_log where chain = 'city' and seq >= 2`);
    const [head] = await raw.rows<{ seq: number }>(`select seq from audit_heads where chain = 'city'`);
    expect(Number(head?.seq)).toBe(3);
    const v = await tongxin(['audit', 'verify'], env);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/FAIL chain city: record #2 .*records 2–3 are missing \(tail truncated\)/);
  });

  it.skipIf(TEST_DB === 'postgres')('refuses to verify without the master secret instead of inventing a new one', async () => {
    const v = await tongxin(['audit', 'verify'], { ...env, TONGXIN_SECRET: undefined });
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/no master secret/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it.skipIf(TEST_DB === 'postgres')('backs up the embedded database consistently while another process writes', async () => {
    const db = env.DATABASE_URL as string;
    await raw.exec('create table if not exists bk_load (id integer primary key, v blob not null)');
    // a second process keeps committing small transactions until told to stop
    const writerSrc = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
      const ins = db.prepare('insert into bk_load (v) values (randomblob(1000))');
      const tx = db.transaction(() => { for (let i = 0; i < 50; i++) ins.run(); });
      let n = 0; let told = false;
      process.on('SIGTERM', () => { db.close(); process.stdout.write('done ' + n + '\\n'); process.exit(0); });
      (function loop() { tx(); n += 50; if (n >= 2000 && !told) { told = true; process.stdout.write('ready\\n'); } setTimeout(loop, n < 2000 ? 0 : 2); })();
    `;
    const writer = spawn(process.execPath, ['-e', writerSrc, db], { cwd: root });
    let writerOut = '';
    writer.stdout.on('data', (c: Buffer) => (writerOut += c.toString()));
    try {
      await new Promise<void>((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`writer did not start: ${writerOut}`)), 30_000);
        writer.stdout.on('data', () => {
          if (writerOut.includes('ready')) {
            clearTimeout(t);
            ok();
          }
        });
        writer.on('exit', (code) => fail(new Error(`writer exited ${code}`)));
      });
      const file = join(dir, 'backup.db');
      const b = await tongxin(['backup', file], env);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toContain('backup written to');
      expect(writer.exitCode).toBeNull(); // still writing while the backup was taken

      const copy = new SQLite(file, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((copy.prepare('select count(*) as n from bk_load').get() as { n: number }).n).toBeGreaterThanOrEqual(2000);
        expect((copy.prepare(`select count(*) as n from users`).get() as { n: number }).n).toBe(3);
      } finally {
        copy.close();
      }

      const again = await tongxin(['backup', file], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/--force/);
      expect((await tongxin(['backup', file, '--force'], env)).code).toBe(0);

      // the copy is a working database: the CLI opens it (its audit chain is the truncated one of the test above)
      const onCopy = await tongxin(['audit', 'verify'], { ...env, DATABASE_URL: file });
      expect(onCopy.code).toBe(1);
      expect(onCopy.stdout).toMatch(/chain city: record #2/);
    } finally {
      writer.kill('SIGTERM');
      await new Promise((r) => writer.once('exit', r));
    }
    expect(writerOut).toMatch(/done \d+/);
  });

  it.skipIf(TEST_DB === 'sqlite')('points PostgreSQL users to pg_dump (exit 2)', async () => {
    const b = await tongxin(['backup', join(dir, 'x.dump')], env);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('pg_dump');
  });
});
