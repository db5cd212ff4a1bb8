// Issue 7 part 4: a backup taken while tickets and credit entries are being written restores into a working,
// consistent database. SQLite: `tongxin backup` + `tongxin restore`; PostgreSQL: pg_dump + pg_restore into a new
// database, as docs/OPERATIONS.md describes, then `tongxin migrate` and `tongxin audit verify`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeCreditCode } from '@tongxin/domain';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Db } from '../src/db/index.ts';
import { verifyChains } from '../src/modules/audit/index.ts';
import { PG_URL, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';
import { run, tongxin as runTongxin } from './tongxinCli.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const HAS_PG_TOOLS = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

const tongxin = (args: string[], env: Record<string, string>) => runTongxin(args, { TONGXIN_SECRET: SECRET, ...env });

/** A deduction's catalogue item and its evidence photo, the same for every deduction of the load. */
type Deduction = { itemId: string; photos: string[] };

/**
 * Tickets and credit entries through the API until `until` settles, and three more per worker after it (writes the
 * backup cannot hold); returns what was acknowledged.
 */
async function load(staff: Client, categoryId: string, merchants: string[], deduction: Deduction, until: Promise<unknown>) {
  let done = false;
  void until.finally(() => (done = true));
  const acked: { tickets: string[]; entries: string[] } = { tickets: [], entries: [] };
  const worker = async (w: number) => {
    let after = 0;
    for (let i = 0; !done || i < 5 || after++ < 3; i++) {
      if (i % 3 === 2) {
        const merchantId = merchants[(w + i) % merchants.length] as string;
        const body =
          i % 2 ? { kind: 'restoration', points: 1, note: `恢复 ${w}-${i}` } : { kind: 'deduction', ...deduction, place: '门前', note: `扣分 ${w}-${i}` };
        const r = await staff.post(`/api/v1/merchants/${merchantId}/credit/entries`, body);
        if (r.statusCode === 201) acked.entries.push(r.json().id);
      } else {
        const r = await staff.post('/api/v1/tickets', { kind: 'report', categoryId, description: `备份期间的工单 ${w}-${i}：门口共享单车乱停放，占用盲道` });
        if (r.statusCode === 201) acked.tickets.push(r.json().id);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, (_v, w) => worker(w)));
  return acked;
}

/** Every ticket has its create event and audit record, every credit entry its audit record, and every chain verifies. */
async function expectConsistent(db: Db, key: Buffer): Promise<{ tickets: number; entries: number }> {
  const tickets = (await db.selectFrom('tickets').select('id').execute()).map((t) => t.id);
  const created = new Set((await db.selectFrom('ticket_events').select('ticket_id').where('action', '=', 'create').execute()).map((e) => e.ticket_id));
  const audited = new Set((await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'ticket.create').execute()).map((a) => a.entity_id));
  for (const id of tickets) {
    expect(created.has(id), `create event of ticket ${id}`).toBe(true);
    expect(audited.has(id), `audit record of ticket ${id}`).toBe(true);
  }
  expect(audited.size).toBe(tickets.length);
  const entries = Number(
    (
      await db
        .selectFrom('credit_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const entryAudits = Number(
    (
      await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', 'in', ['credit.deduction', 'credit.restoration'])
        .executeTakeFirstOrThrow()
    ).n,
  );
  expect(entryAudits).toBe(entries);
  const verdicts = await verifyChains(db, key);
  expect(verdicts.length).toBeGreaterThan(0);
  for (const v of verdicts) expect(v, `chain ${v.chain}`).toMatchObject({ ok: true });
  return { tickets: tickets.length, entries };
}

describe(`backup and restore (${TEST_DB})`, { timeout: 180_000 }, () => {
  let env: TestEnv;
  let staff: Client;
  let categoryId: string;
  let deduction: Deduction;
  const merchants: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-backup-'));

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('BKP');
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    categoryId = (await staff.ok('GET', '/api/v1/categories')).items[0].id as string;
    for (let i = 0; i < 3; i++) {
      const code = completeCreditCode(`92330782MA3${String(i).padStart(4, '0')}X`.slice(0, 16));
      merchants.push((await staff.ok('POST', '/api/v1/merchants', { creditCode: code, name: `备份商户${i}`, businessType: 'retail' })).id as string);
    }
    const items = (await staff.ok('GET', '/api/v1/credit/catalogue')).items as { id: string; points: number }[];
    deduction = { itemId: (items.find((x) => x.points === 1) ?? items[0])?.id as string, photos: [await staff.uploadPhoto()] };
    // a first batch, so the backup has history before the concurrent writes
    await load(staff, categoryId, merchants, deduction, Promise.resolve());
  });

  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(TEST_DB !== 'sqlite')('embedded SQLite', () => {
    const backupFile = join(dir, 'backup.db');
    const restoredDir = join(dir, 'restored');
    const restoredDb = join(restoredDir, 'tongxin.db');
    const restoredEnv = { DATA_DIR: restoredDir };

    it('a backup taken while tickets and credit entries are written restores into a new data dir, consistent and verifying', async () => {
      const before = await expectConsistent(env.deps.db, env.deps.keys.audit);
      const backup = tongxin(['backup', backupFile], { DATABASE_URL: env.config.db.url });
      const acked = await load(staff, categoryId, merchants, deduction, backup);
      const b = await backup;
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toContain('backup written to');
      // one self-contained file (no WAL mode): readable from read-only storage, and reading it leaves nothing beside it
      const copy = new SQLite(backupFile, { readonly: true });
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
      const total = await expectConsistent(env.deps.db, env.deps.keys.audit);
      expect(acked.tickets.length).toBeGreaterThan(10);

      const r = await tongxin(['restore', backupFile], restoredEnv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/restored .* \(migration \d{4}_\w+, \d+ tickets, \d+ audit records\)/);
      expect(r.stdout).not.toContain('kept as');

      // the app starts on the copy; what it holds is a consistent snapshot between "before" and "after" the load
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: restoredDir, TONGXIN_SECRET: SECRET, LOG_LEVEL: 'silent', DEMO: 'false' });
      expect(config.db.url).toBe(`${restoredDir}/tongxin.db`);
      const { app, deps } = await buildApp({ config, clock: env.clock, logger: false });
      try {
        await app.ready();
        const restored = await expectConsistent(deps.db, deps.keys.audit);
        // the backup was taken while the writes went on: it holds some written after it started (the command needs a
        // second to start), and lacks those written after it ended
        expect(restored.tickets).toBeGreaterThan(before.tickets);
        expect(restored.tickets).toBeLessThan(total.tickets);
        expect(restored.entries).toBeGreaterThanOrEqual(before.entries);
        expect(restored.entries).toBeLessThanOrEqual(total.entries);
        // the session cookie of the backup's database works on the restored server, which lists what it restored
        const list = await app.inject({ method: 'GET', url: '/api/v1/tickets?pageSize=1', headers: { cookie: staff.cookie as string } });
        expect(list.statusCode).toBe(200);
        expect(list.json().total).toBe(restored.tickets);
      } finally {
        await app.close();
      }
      const v = await tongxin(['audit', 'verify'], restoredEnv);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toMatch(/OK\s+chain alliance:/);
    });

    it('refuses while a server uses the target, keeps the replaced database as .bak, and --force discards it', async () => {
      const bakFiles = () => readdirSync(restoredDir).filter((f) => f.endsWith('.bak'));
      const tickets = (file: string) => {
        const db = new SQLite(file, { readonly: true });
        try {
          return (db.prepare('select count(*) as n from tickets').get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      const restoredTickets = tickets(restoredDb);

      const { app } = await buildApp({
        config: loadConfig({ NODE_ENV: 'test', DATA_DIR: restoredDir, TONGXIN_SECRET: SECRET, LOG_LEVEL: 'silent' }),
        logger: false,
      });
      await app.ready();
      try {
        const busy = await tongxin(['restore', env.config.db.url], restoredEnv);
        expect(busy.code).toBe(1);
        expect(busy.stderr).toMatch(/is in use .* stop every server process/);
        const busyForce = await tongxin(['restore', env.config.db.url, '--force'], restoredEnv);
        expect(busyForce.code).toBe(1);
      } finally {
        await app.close();
      }
      expect(bakFiles()).toEqual([]);
      expect(tickets(restoredDb)).toBe(restoredTickets);

      // the live test database (with everything written so far) replaces the restored one; the old one is kept
      const again = await tongxin(['restore', env.config.db.url], restoredEnv);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/kept as .*tongxin\.db\.\d{8}-\d{6}\.bak/);
      // the replaced database's WAL and shared memory went with it (a stale WAL would corrupt the restored file)
      expect(existsSync(`${restoredDb}-wal`)).toBe(false);
      expect(existsSync(`${restoredDb}-shm`)).toBe(false);
      expect(bakFiles()).toHaveLength(1);
      expect(tickets(join(restoredDir, bakFiles()[0] as string))).toBe(restoredTickets);
      expect(tickets(restoredDb)).toBe(await countTickets(env.deps.db));

      const forced = await tongxin(['restore', backupFile, '--force'], restoredEnv);
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stdout).toContain('discarded (--force)');
      expect(bakFiles()).toHaveLength(1);
      expect(tickets(restoredDb)).toBe(restoredTickets);
    });

    it('refuses files that are not an intact Tongxin database at a known migration, leaving the target alone', async () => {
      const junk = join(dir, 'junk.db');
      writeFileSync(junk, 'this is not a database at all, just text'.repeat(100));
      const other = join(dir, 'other.db');
      const o = new SQLite(other);
      o.exec('create table notes (id integer primary key, body text)');
      o.close();
      const future = join(dir, 'future.db');
      expect((await tongxin(['backup', future], { DATABASE_URL: env.config.db.url })).code).toBe(0);
      const f = new SQLite(future);
      f.prepare(`insert into tx_migrations (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`).run();
      f.close();

      for (const [file, why] of [
        [junk, /is not an SQLite database/],
        [other, /is not a Tongxin database \(no tx_migrations table\)/],
        [future, /newer Tongxin \(unknown migration 9999_from_the_future\)/],
        [join(dir, 'missing.db'), /no backup file at/],
      ] as const) {
        const r = await tongxin(['restore', file, '--force'], restoredEnv);
        expect(r.code, file).toBe(1);
        expect(r.stderr).toMatch(why);
      }
      expect(readdirSync(restoredDir).filter((f) => f.startsWith('.tongxin.db.restore'))).toEqual([]);
      const v = await tongxin(['audit', 'verify'], restoredEnv);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    });
  });

  describe.skipIf(TEST_DB !== 'postgres' || !HAS_PG_TOOLS)('PostgreSQL with pg_dump and pg_restore', () => {
    const dbName = `restore_${Date.now().toString(36)}_${process.pid}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    afterAll(async () => {
      await admin(`drop database if exists "${dbName}" with (force)`);
    });

    it('a pg_dump taken during writes restores into an empty database; migrate and audit verify pass', async () => {
      const schema = /search_path=([A-Za-z0-9_]+)/.exec(decodeURIComponent(env.config.db.url))?.[1] as string;
      expect(schema).toBeTruthy();
      const dump = join(dir, 'tongxin.dump');
      const before = await expectConsistent(env.deps.db, env.deps.keys.audit);
      // only this test's schema: the test database holds the other test files' schemas too
      const dumping = run('pg_dump', ['--format=custom', '--no-owner', `--schema=${schema}`, `--file=${dump}`, `--dbname=${PG_URL}`], {});
      const acked = await load(staff, categoryId, merchants, deduction, dumping);
      const d = await dumping;
      expect(d.code, d.stderr).toBe(0);
      expect(acked.tickets.length).toBeGreaterThan(0);
      const total = await expectConsistent(env.deps.db, env.deps.keys.audit);

      await admin(`create database "${dbName}"`);
      const target = PG_URL.replace(/\/[^/?]+(\?|$)/, `/${dbName}$1`);
      const r = await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target}`, dump], {});
      expect(r.code, r.stderr).toBe(0);
      const url = `${target}${target.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

      const m = await tongxin(['migrate'], { DATABASE_URL: url });
      expect(m.code, m.stderr).toBe(0);
      expect(m.stdout).toContain('already up to date');
      const v = await tongxin(['audit', 'verify'], { DATABASE_URL: url });
      expect(v.code, v.stdout + v.stderr).toBe(0);

      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, TONGXIN_SECRET: SECRET, LOG_LEVEL: 'silent' });
      const { app, deps } = await buildApp({ config, clock: env.clock, logger: false });
      try {
        await app.ready();
        const restored = await expectConsistent(deps.db, deps.keys.audit);
        // a consistent snapshot from within the load: it lacks what was written after the dump ended
        expect(restored.tickets).toBeGreaterThanOrEqual(before.tickets);
        expect(restored.tickets).toBeLessThan(total.tickets);
        const list = await app.inject({ method: 'GET', url: '/api/v1/tickets?pageSize=1', headers: { cookie: staff.cookie as string } });
        expect(list.statusCode).toBe(200);
        expect(list.json().total).toBe(restored.tickets);
      } finally {
        await app.close();
      }
    });

    it('`tongxin restore` points PostgreSQL users to pg_restore (exit 2)', async () => {
      const r = await tongxin(['restore', join(dir, 'tongxin.dump')], { DATABASE_URL: env.config.db.url });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('pg_restore --no-owner');
    });
  });
});

async function countTickets(db: Db): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}
