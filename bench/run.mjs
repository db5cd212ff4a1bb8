// npm run bench: each scenario runs against the server and against the ceiling in the same run, and reports
// the absolute figures and the ratio, so results hold on a noisy machine. Writes also get a raw driver insert loop
// measured in the same run. Targets (issue 4) are reported as PASS/FAIL, never asserted. Results go to
// bench/results/*.json. See docs/BENCH.md.
//   BENCH_ONLY=http,create-sqlite,create-pg,million,integrity,merchant-import,sizes   the scenario groups to run (default:
//   all; the last three run bench/integrity.mjs, bench/merchant-import.mjs and bench/sizes.mjs, which write their own results)
//   BENCH_SECONDS (8), BENCH_CONNECTIONS (20; the ticket scenarios use 50), BENCH_TICKETS (1000000)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { seedTickets } from './seed-tickets.mjs';
import { procs, runCli, SERVER_NODE_FLAGS, settle, startProcess, waitHealthy, warmDatabase, warmUp } from './lib.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const TICKET_CONNECTIONS = 50; // issue 4's calibration
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const GROUPS = ['http', 'create-sqlite', 'create-pg', 'million', 'city', 'integrity', 'merchant-import', 'sizes'];
const CITY_SCALE = process.env.BENCH_CITY_SCALE ?? 'city';
const RSS_TARGET_MB = 300;
const ONLY = process.env.BENCH_ONLY
  ? process.env.BENCH_ONLY.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  : GROUPS;
for (const g of ONLY) if (!GROUPS.includes(g)) throw new Error(`unknown BENCH_ONLY scenario ${g} (known: ${GROUPS.join(', ')})`);
const PASSWORD = 'Tongxin@2026';
const CREATE_BODY = {
  kind: 'report',
  description: '南京东路步行街188号门口共享单车乱停放，占用盲道，老人和视障人士通行困难，请尽快清理并加强管理。',
};

/** A memory figure of a process from /proc/<pid>/status (VmRSS: now, VmHWM: peak since start), bytes; 0 without /proc. */
function procMemory(pid, field) {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
const rssNow = (pid) => procMemory(pid, 'VmRSS');
const rssOf = (pid) => procMemory(pid, 'VmHWM');

/** The previous calendar month in Asia/Shanghai as epoch-ms bounds [from, to). */
function previousMonthShanghai() {
  const sh = new Date(Date.now() + 8 * 3_600_000);
  const from = Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth() - 1, 1) - 8 * 3_600_000;
  const to = Date.UTC(sh.getUTCFullYear(), sh.getUTCMonth(), 1) - 8 * 3_600_000;
  return { from, to };
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);

/** autocannon after its warm-up (lib.mjs), plus exact percentiles and status-code counts from every response. */
async function load(opts) {
  const all = { duration: DURATION, connections: CONNECTIONS, ...opts };
  await warmUp(autocannon, all);
  return new Promise((resolve, reject) => {
    const times = [];
    const codes = {};
    const inst = autocannon(all, (err, res) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({
        rps: Math.round(res.requests.average),
        total: res.requests.total,
        p50ms: r2(pct(times, 50)),
        p95ms: r2(pct(times, 95)),
        p99ms: r2(pct(times, 99)),
        non2xx: res.non2xx,
        errors: res.errors,
        timeouts: res.timeouts,
        statusCodes: codes,
      });
    });
    inst.on('response', (_client, status, _bytes, ms) => {
      times.push(ms);
      codes[status] = (codes[status] ?? 0) + 1;
    });
  });
}

const ceilings = {};
let ceilingUrl = null;
async function ceilingAt(connections) {
  if (!ceilings[connections]) ceilings[connections] = await load({ url: ceilingUrl, connections });
  return ceilings[connections];
}

/**
 * The ceiling measured again right after a scenario, keeping the higher of the two: a ceiling measured while the
 * machine was briefly busy would flatter every ratio computed against it (seen: 21,757 req/s at 50 connections
 * against 36,720 at 20 a minute earlier, and a create ratio that passed for it).
 */
async function ceilingAgain(connections) {
  const before = await ceilingAt(connections);
  const again = await load({ url: ceilingUrl, connections });
  console.log(`  ceiling again (${connections} connections): ${again.rps} req/s (before: ${before.rps}); the higher is used`);
  if (again.rps > before.rps) ceilings[connections] = again;
  return ceilings[connections];
}

const verdicts = [];
function target(name, ok, detail) {
  verdicts.push({ target: name, pass: !!ok, detail });
  return ok ? 'PASS' : 'FAIL';
}

function line(name, s, ceil) {
  const ratio = ceil ? ` (${((100 * s.rps) / ceil.rps).toFixed(1)}% of ceiling)` : '';
  return `${name}: ${s.rps} req/s${ratio}, p50 ${s.p50ms} ms, p95 ${s.p95ms} ms, p99 ${s.p99ms} ms, non-2xx ${s.non2xx}, errors ${s.errors}`;
}

async function startServer(env, port) {
  const server = await startProcess(
    'node',
    [...SERVER_NODE_FLAGS, 'apps/server/bin/tongxin.mjs', 'start'],
    { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    () => true,
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/api/health`);
  return { proc: server.proc, base };
}

async function login(base, username) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!r.ok) throw new Error(`bench login ${username} failed: ${r.status} ${await r.text()}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

async function getJson(base, path, cookie) {
  const r = await fetch(`${base}${path}`, { headers: { cookie } });
  if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** Logs in as hhx_staff, picks a category and a grid, checks one create answers 201, then loads POST /api/v1/tickets. */
async function ticketCreate(base) {
  const cookie = await login(base, 'hhx_staff');
  const cats = (await getJson(base, '/api/v1/categories', cookie)).items;
  const grids = (await getJson(base, '/api/v1/grids', cookie)).items;
  const body = JSON.stringify({ ...CREATE_BODY, categoryId: cats[0].id, gridId: grids[grids.length - 1].id });
  const headers = { cookie, 'content-type': 'application/json' };
  const probe = await fetch(`${base}/api/v1/tickets`, { method: 'POST', headers, body });
  if (probe.status !== 201) throw new Error(`ticket create probe: ${probe.status} ${await probe.text()}`);
  return load({ url: `${base}/api/v1/tickets`, method: 'POST', headers, body, connections: TICKET_CONNECTIONS });
}

function summariseLatencies(times, seconds, n) {
  times.sort((a, b) => a - b);
  return { txPerSec: Math.round(n / seconds), p50ms: r2(pct(times, 50)), p95ms: r2(pct(times, 95)), p99ms: r2(pct(times, 99)) };
}

/** The raw better-sqlite3 floor: one ticket-like WAL insert + one audit-like insert per transaction, synchronous=FULL. */
function rawSqliteLoop(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`create table t (id text primary key, alliance_id text not null, number text not null, status text not null, description text not null, created_at integer not null);
    create table a (id text primary key, chain text not null, seq integer not null, at integer not null, action text not null, data text not null, hash text not null)`);
  const it = db.prepare('insert into t values (?, ?, ?, ?, ?, ?)');
  const ia = db.prepare('insert into a values (?, ?, ?, ?, ?, ?, ?)');
  const tx = db.transaction((i, now) => {
    const id = randomBytes(16).toString('hex');
    it.run(id, 'alliance', `HHX-${i}`, 'submitted', CREATE_BODY.description, now);
    ia.run(randomBytes(16).toString('hex'), 'alliance', i, now, 'ticket.create', JSON.stringify({ id }), randomBytes(32).toString('hex'));
  });
  const times = [];
  const t0 = performance.now();
  const end = t0 + DURATION * 1000;
  let i = 0;
  for (let t = t0; t < end;) {
    tx(i++, Date.now());
    const t1 = performance.now();
    times.push(t1 - t);
    t = t1;
  }
  db.close();
  return summariseLatencies(times, (performance.now() - t0) / 1000, i);
}

/** The raw pg floor: the same two inserts per transaction, over a pool the size of the server's (10), 50 workers. */
async function rawPgLoop(url) {
  const pg = require('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    await pool.query(`create table bench_raw_t (id text primary key, alliance_id text not null, number text not null, status text not null, description text not null, created_at bigint not null);
      create table bench_raw_a (id text primary key, chain text not null, seq integer not null, at bigint not null, action text not null, data text not null, hash text not null)`);
    const times = [];
    const t0 = performance.now();
    const end = t0 + DURATION * 1000;
    let i = 0;
    const worker = async () => {
      while (performance.now() < end) {
        const n = i++;
        const s = performance.now();
        const c = await pool.connect();
        try {
          await c.query('begin');
          const id = randomBytes(16).toString('hex');
          await c.query('insert into bench_raw_t values ($1, $2, $3, $4, $5, $6)', [
            id,
            'alliance',
            `HHX-${n}`,
            'submitted',
            CREATE_BODY.description,
            Date.now(),
          ]);
          await c.query('insert into bench_raw_a values ($1, $2, $3, $4, $5, $6, $7)', [
            randomBytes(16).toString('hex'),
            'alliance',
            n,
            Date.now(),
            'ticket.create',
            JSON.stringify({ id }),
            randomBytes(32).toString('hex'),
          ]);
          await c.query('commit');
        } finally {
          c.release();
        }
        times.push(performance.now() - s);
      }
    };
    await Promise.all(Array.from({ length: TICKET_CONNECTIONS }, worker));
    return summariseLatencies(times, (performance.now() - t0) / 1000, times.length);
  } finally {
    await pool.end();
  }
}

async function pgAnswers(url) {
  const pg = require('pg');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return c;
  } catch {
    await c.end().catch(() => {});
    return null;
  }
}

// Issue 4's calibration: "the bare route ≈ 78,000 req/s; a minimal route doing one SQLite WAL insert plus one audit
// insert ≈ 22,000 req/s" where it was written. The same minimal route here (ceiling.mjs) says how this machine compares,
// and what the 5,000 creates/s target amounts to on it. Reported, not a verdict: the issue's targets stay as written.
const ISSUE_CALIBRATION_RPS = 22_000;
const ISSUE_CREATE_TARGET = 5_000;
async function calibration(create, url) {
  const headers = { 'content-type': 'application/json' };
  const body = JSON.stringify(CREATE_BODY);
  const runs = {};
  for (const sync of ['normal', 'full']) {
    runs[sync] = await load({ url: `${url}/${sync}`, method: 'POST', headers, body, connections: TICKET_CONNECTIONS });
  }
  const scaled = Math.round((ISSUE_CREATE_TARGET * runs.normal.rps) / ISSUE_CALIBRATION_RPS);
  results.baselines['issue 4 calibration route (one WAL insert + one audit insert over HTTP)'] = {
    synchronousNormal: runs.normal,
    synchronousFull: runs.full,
    issueFigureRps: ISSUE_CALIBRATION_RPS,
    createTargetScaledToThisMachine: scaled,
    createShareOfNormal: Number((create.rps / runs.normal.rps).toFixed(3)),
  };
  console.log(
    `  issue 4's calibration route here (one WAL insert + one audit insert, ${TICKET_CONNECTIONS} connections): ${runs.normal.rps} req/s with synchronous=NORMAL ` +
      `(the issue measured ≈ ${ISSUE_CALIBRATION_RPS.toLocaleString('en')}), ${runs.full.rps} req/s with synchronous=FULL (an fsync per request); ` +
      `ticket create is ${((100 * create.rps) / runs.normal.rps).toFixed(1)}% of it (the issue's targets imply ${((100 * ISSUE_CREATE_TARGET) / ISSUE_CALIBRATION_RPS).toFixed(1)}%: ` +
      `${ISSUE_CREATE_TARGET.toLocaleString('en')}/s there is ≈ ${scaled.toLocaleString('en')}/s on this machine)`,
  );
}

function createVerdicts(label, s, ceil) {
  const ratio = s.rps / ceil.rps;
  const rl = s.statusCodes['429'] ?? 0;
  console.log(
    `  targets: ≥ 5,000/s ${target(`${label}: ≥ 5,000 creates/s`, s.rps >= 5000, s.rps)}; p99 < 25 ms ${target(`${label}: p99 < 25 ms`, s.p99ms < 25, s.p99ms)}; ` +
      `≥ 0.06 of ceiling ${target(`${label}: ≥ 0.06 of the ceiling`, ratio >= 0.06, Number(ratio.toFixed(3)))} (aim 0.1: ${ratio >= 0.1 ? 'reached' : 'not reached'}); ` +
      `non-2xx = 0 ${target(`${label}: non-2xx = 0`, s.non2xx === 0 && s.errors === 0, { non2xx: s.non2xx, errors: s.errors, status429: rl })}${rl ? ` (${rl} × 429: rate-limited, figure invalid)` : ''}`,
  );
}

const stamp = new Date().toISOString();
const tmpRoot = mkdtempSync(join(tmpdir(), 'tongxin-bench-'));
const cleanups = [];
const results = {
  at: stamp,
  durationSeconds: DURATION,
  connections: CONNECTIONS,
  ticketConnections: TICKET_CONNECTIONS,
  only: ONLY,
  ceiling: null,
  ceilings: ceilings,
  scenarios: {},
  baselines: {},
  targets: verdicts,
};
let port = 18080 + Math.floor(Math.random() * 1000);
try {
  const calibrationDir = join(tmpRoot, 'calibration');
  mkdirSync(calibrationDir);
  const ceiling = await startProcess(
    'node',
    [join(here, 'ceiling.mjs')],
    { PORT: '0', CALIBRATION_DIR: calibrationDir },
    (o) => /LISTENING (\d+)/.exec(o)?.[1],
  );
  ceilingUrl = `http://127.0.0.1:${ceiling.info}/ceiling`;
  const c20 = await ceilingAt(CONNECTIONS);
  results.ceiling = c20;
  console.log(`ceiling (constant {"ok":true}, ${CONNECTIONS} connections): ${c20.rps} req/s, p99 ${c20.p99ms} ms`);
  if (ONLY.some((g) => g.startsWith('create'))) {
    const c50 = await ceilingAt(TICKET_CONNECTIONS);
    console.log(`ceiling (${TICKET_CONNECTIONS} connections): ${c50.rps} req/s, p99 ${c50.p99ms} ms`);
  }

  // ---- the original scenarios, and ticket creation, on one fresh embedded database with the demo
  if (ONLY.includes('http') || ONLY.includes('create-sqlite')) {
    const dataDir = join(tmpRoot, 'sqlite');
    mkdirSync(dataDir);
    const server = await startServer({ DATA_DIR: dataDir, DEMO: 'true' }, port++);
    const base = server.base;
    if (ONLY.includes('http')) {
      const cookie = await login(base, 'hhx_admin');
      const ceil = await ceilingAt(CONNECTIONS);
      let orgSeq = 0;
      const runs = {
        health: await load({ url: `${base}/api/health` }),
        'people list (masked, 20 rows)': await load({ url: `${base}/api/v1/people?pageSize=20`, headers: { cookie } }),
        'org create (transaction + audit)': await load({
          url: `${base}/api/v1/orgs`,
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          // sibling orgs need distinct names (a duplicate is 400): each request names its own group
          requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ kind: 'group', name: `压测党小组${++orgSeq}` }) }) }],
        }),
      };
      for (const [name, s] of Object.entries(runs)) {
        results.scenarios[name] = { ...s, ratioToCeiling: Number((s.rps / ceil.rps).toFixed(3)) };
        console.log(line(name, s, ceil));
      }
    }
    if (ONLY.includes('create-sqlite')) {
      await ceilingAt(TICKET_CONNECTIONS);
      const s = await ticketCreate(base);
      const ceil = await ceilingAgain(TICKET_CONNECTIONS);
      results.scenarios['ticket create (SQLite)'] = { ...s, connections: TICKET_CONNECTIONS, ratioToCeiling: Number((s.rps / ceil.rps).toFixed(3)) };
      console.log(line(`ticket create (SQLite, ${TICKET_CONNECTIONS} connections)`, s, ceil));
      const raw = rawSqliteLoop(join(tmpRoot, 'raw.db'));
      results.baselines['raw better-sqlite3 insert loop'] = raw;
      results.scenarios['ticket create (SQLite)'].ratioToRawLoop = Number((s.rps / raw.txPerSec).toFixed(3));
      console.log(
        `  raw better-sqlite3 loop (ticket + audit insert per transaction, WAL, synchronous=FULL, one connection): ${raw.txPerSec} tx/s, p50 ${raw.p50ms} ms, p99 ${raw.p99ms} ms; HTTP create is ${((100 * s.rps) / raw.txPerSec).toFixed(1)}% of it`,
      );
      await calibration(s, ceilingUrl.replace(/\/ceiling$/, '/calibration/insert'));
      createVerdicts('ticket create (SQLite)', s, ceil);
    }
    results.peakServerRssBytes = rssOf(server.proc.pid);
    server.proc.kill('SIGTERM');
  }

  // ---- ticket creation on PostgreSQL, in a fresh schema dropped at the end
  if (ONLY.includes('create-pg')) {
    const admin = await pgAnswers(PG_URL);
    if (!admin) {
      console.log(`ticket create (PostgreSQL): skipped, nothing answers at ${PG_URL}`);
      results.scenarios['ticket create (PostgreSQL)'] = { skipped: `nothing answers at ${PG_URL}` };
    } else {
      const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      await admin.query(`create schema ${schema}`);
      cleanups.push(async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      });
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const env = { DATABASE_URL: url, TONGXIN_SECRET: randomBytes(32).toString('hex'), DEMO: 'false', DATA_DIR: join(tmpRoot, 'pg') };
      const t0 = performance.now();
      await runCli(['seed', '--demo'], env);
      console.log(`PostgreSQL schema ${schema}: migrated and demo seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const server = await startServer(env, port++);
      const ceil = await ceilingAt(TICKET_CONNECTIONS);
      const s = await ticketCreate(server.base);
      results.scenarios['ticket create (PostgreSQL)'] = { ...s, connections: TICKET_CONNECTIONS, ratioToCeiling: Number((s.rps / ceil.rps).toFixed(3)) };
      console.log(line(`ticket create (PostgreSQL, ${TICKET_CONNECTIONS} connections)`, s, ceil));
      results.peakServerRssBytesPg = rssOf(server.proc.pid);
      server.proc.kill('SIGTERM');
      const raw = await rawPgLoop(url);
      results.baselines['raw pg insert loop'] = raw;
      results.scenarios['ticket create (PostgreSQL)'].ratioToRawLoop = Number((s.rps / raw.txPerSec).toFixed(3));
      console.log(
        `  raw pg loop (ticket + audit insert per transaction, pool 10, ${TICKET_CONNECTIONS} workers): ${raw.txPerSec} tx/s, p50 ${raw.p50ms} ms, p99 ${raw.p99ms} ms; HTTP create is ${((100 * s.rps) / raw.txPerSec).toFixed(1)}% of it`,
      );
      createVerdicts('ticket create (PostgreSQL)', s, ceil);
    }
  }

  // ---- 1,000,000 tickets, seeded in bulk, then the list and the 三率
  if (ONLY.includes('million')) {
    const dataDir = join(tmpRoot, 'million');
    mkdirSync(dataDir);
    const t0 = performance.now();
    await runCli(['seed', '--demo'], { DATA_DIR: dataDir, DEMO: 'false' });
    const demoSeconds = (performance.now() - t0) / 1000;
    const seeded = seedTickets(join(dataDir, 'tongxin.db'), TICKETS);
    settle();
    console.log(
      `${TICKETS.toLocaleString('en')} tickets: demo in ${demoSeconds.toFixed(1)} s, bulk seed in ${seeded.seconds.toFixed(1)} s (${Math.round(TICKETS / seeded.seconds).toLocaleString('en')} rows/s, +${seeded.assistingRows.toLocaleString('en')} ticket_units)`,
    );
    const server = await startServer({ DATA_DIR: dataDir, DEMO: 'false' }, port++);
    warmDatabase(dataDir);
    const cookie = await login(server.base, 'hhx_staff');
    const listPath = `/api/v1/tickets?status=accepted&categoryId=${seeded.categoryId}&page=3&pageSize=20`;
    const ratesPath = `/api/v1/stats/rates?groupBy=lead_unit&from=${seeded.monthStart}&to=${seeded.monthEnd}`;
    const listProbe = await getJson(server.base, listPath, cookie);
    const ratesProbe = await getJson(server.base, ratesPath, cookie);
    const ceil = await ceilingAt(CONNECTIONS);
    const list = await load({ url: `${server.base}${listPath}`, headers: { cookie } });
    const rates = await load({ url: `${server.base}${ratesPath}`, headers: { cookie } });
    // one request at a time: the query's own latency, without queueing behind 20 connections on 2 cores
    const list1 = await load({ url: `${server.base}${listPath}`, headers: { cookie }, connections: 1 });
    const rates1 = await load({ url: `${server.base}${ratesPath}`, headers: { cookie }, connections: 1 });
    // what the console opens on (reported, no target): the unfiltered list, the 已超期 queue, and a grid officer's list
    const views = [
      ['committee, unfiltered, page 1', cookie, '/api/v1/tickets?page=1&pageSize=20'],
      ['committee, 已超期 queue', cookie, '/api/v1/tickets?overdue=true&open=true&page=1&pageSize=20'],
      ['grid officer, unfiltered, page 1', await login(server.base, 'hhx_grid'), '/api/v1/tickets?page=1&pageSize=20'],
    ];
    const viewResults = [];
    for (const [name, c, path] of views) {
      const probe = await getJson(server.base, path, c);
      viewResults.push([name, probe, await load({ url: `${server.base}${path}`, headers: { cookie: c }, connections: 1 })]);
    }
    // the leaders' big screen (数据大屏), one read a minute per open screen: reported, no target
    const overviewPath = '/api/v1/stats/overview';
    const overviewProbe = await getJson(server.base, overviewPath, cookie);
    const overview1 = await load({ url: `${server.base}${overviewPath}`, headers: { cookie }, connections: 1 });
    const meta = { tickets: TICKETS, seedSeconds: Number(seeded.seconds.toFixed(1)), demoSeedSeconds: Number(demoSeconds.toFixed(1)) };
    results.million = {
      ...meta,
      listPath,
      ratesPath,
      listTotal: listProbe.total,
      ratesRows: ratesProbe.rows?.length ?? null,
      ratesDispatched: ratesProbe.total?.dispatched ?? null,
    };
    results.scenarios[`ticket list (${TICKETS} tickets)`] = { ...list, ratioToCeiling: Number((list.rps / ceil.rps).toFixed(3)) };
    results.scenarios[`ticket list (${TICKETS} tickets, 1 connection)`] = { ...list1, connections: 1 };
    results.scenarios[`三率 one alliance-month (${TICKETS} tickets)`] = { ...rates, ratioToCeiling: Number((rates.rps / ceil.rps).toFixed(3)) };
    results.scenarios[`三率 one alliance-month (${TICKETS} tickets, 1 connection)`] = { ...rates1, connections: 1 };
    console.log(`  list matches ${listProbe.total} tickets; the month has ${ratesProbe.rows?.length} lead units`);
    console.log(line(`ticket list, status+category, page 3 (${CONNECTIONS} connections)`, list, ceil));
    console.log(line('ticket list (1 connection)', list1));
    console.log(
      `  target p95 < 20 ms: ${target(`list with ${TICKETS} tickets: p95 < 20 ms (${CONNECTIONS} connections)`, list.p95ms < 20, list.p95ms)} at ${CONNECTIONS} connections, ` +
        `${target(`list with ${TICKETS} tickets: p95 < 20 ms (1 connection)`, list1.p95ms < 20, list1.p95ms)} at 1 connection`,
    );
    console.log(line(`三率 by lead unit, one alliance-month (${CONNECTIONS} connections)`, rates, ceil));
    console.log(line('三率 (1 connection)', rates1));
    console.log(
      `  target < 100 ms (p95): ${target(`三率 with ${TICKETS} tickets: p95 < 100 ms (${CONNECTIONS} connections)`, rates.p95ms < 100, rates.p95ms)} at ${CONNECTIONS} connections, ` +
        `${target(`三率 with ${TICKETS} tickets: p95 < 100 ms (1 connection)`, rates1.p95ms < 100, rates1.p95ms)} at 1 connection`,
    );
    for (const [name, probe, s] of viewResults) {
      results.scenarios[`ticket list, ${name} (${TICKETS} tickets, 1 connection)`] = {
        ...s,
        connections: 1,
        total: probe.total,
        totalCapped: probe.totalCapped,
      };
      console.log(line(`ticket list, ${name} (1 connection; ${probe.totalCapped ? 'over ' : ''}${probe.total} match)`, s));
    }
    results.scenarios[`big screen overview, one alliance (${TICKETS} tickets, 1 connection)`] = {
      ...overview1,
      connections: 1,
      open: overviewProbe.tickets?.open ?? null,
    };
    console.log(line(`big screen overview (1 connection; ${overviewProbe.tickets?.open} open cases)`, overview1));
    for (const s of [list, rates, list1, rates1, overview1, ...viewResults.map((v) => v[2])])
      if (s.non2xx || s.errors) console.log(`  WARNING: ${s.non2xx} non-2xx / ${s.errors} errors`);
    results.peakServerRssBytesMillion = rssOf(server.proc.pid);
    server.proc.kill('SIGTERM');
  }

  // ---- issue 7: the city dataset (`tongxin seed --scale city`), one server under a mixed load, its peak memory
  if (ONLY.includes('city')) {
    console.log(`\n---- city: tongxin seed --scale ${CITY_SCALE}, then a mixed load on one server`);
    const dataDir = join(tmpRoot, 'city');
    mkdirSync(dataDir);
    const t0 = performance.now();
    const out = await runCli(['seed', '--scale', CITY_SCALE], { DATA_DIR: dataDir, DEMO: 'false' });
    settle();
    const seedSeconds = (performance.now() - t0) / 1000;
    const prefix = /log in as (\S+)\.admin/.exec(out)?.[1];
    if (!prefix) throw new Error(`seed --scale printed no account: ${out.slice(-500)}`);
    console.log(`  generated in ${seedSeconds.toFixed(0)} s: ${/generated [^\n]*/.exec(out)?.[0] ?? ''}`);
    const server = await startServer({ DATA_DIR: dataDir, DEMO: 'false' }, port++);
    warmDatabase(dataDir);
    const idleRss = rssNow(server.proc.pid);
    const cookie = await login(server.base, `${prefix}.staff`);
    const cats = (await getJson(server.base, '/api/v1/categories', cookie)).items;
    const grids = (await getJson(server.base, '/api/v1/grids', cookie)).items;
    const Database = require('better-sqlite3');
    const db = new Database(join(dataDir, 'tongxin.db'), { readonly: true });
    const codes = db.prepare('select public_code from merchants where public_code is not null order by random() limit 20000').pluck().all();
    db.close();
    const headers = { cookie };
    const month = previousMonthShanghai();
    const body = JSON.stringify({ ...CREATE_BODY, categoryId: cats[0].id, gridId: grids[grids.length - 1].id });
    // every kind of request at once, as a working day looks: staff paging lists and opening 三率 now and then (fixed
    // rates: a 三率 costs tens of milliseconds and would otherwise take the whole core), phones scanning QR codes and
    // new cases as fast as they come
    let peak = idleRss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssNow(server.proc.pid))), 200);
    const mixed = await Promise.all([
      load({ url: `${server.base}/api/v1/tickets?status=accepted&page=2&pageSize=20`, headers, connections: 4, overallRate: 100, duration: DURATION * 2 }),
      load({
        url: `${server.base}/api/v1/stats/rates?groupBy=lead_unit&from=${month.from}&to=${month.to}`,
        headers,
        connections: 1,
        overallRate: 4,
        duration: DURATION * 2,
      }),
      load({ url: `${server.base}/api/v1/merchants?pageSize=20`, headers, connections: 2, overallRate: 20, duration: DURATION * 2 }),
      load({
        url: `${server.base}/m/${codes[0]}`,
        connections: 8,
        duration: DURATION * 2,
        requests: [{ setupRequest: (r) => ({ ...r, path: `/m/${codes[Math.floor(Math.random() * codes.length)]}` }) }],
      }),
      load({
        url: `${server.base}/api/v1/tickets`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        connections: 8,
        duration: DURATION * 2,
      }),
    ]);
    clearInterval(sampler);
    const hwm = rssOf(server.proc.pid);
    const names = ['ticket list', '三率 by lead unit', 'merchant list', 'GET /m/<code>', 'ticket create'];
    results.city = { scale: CITY_SCALE, seedSeconds: Number(seedSeconds.toFixed(1)), idleRssBytes: idleRss, peakRssUnderLoadBytes: peak, vmHwmBytes: hwm };
    mixed.forEach((s, i) => {
      results.scenarios[`city mixed: ${names[i]}`] = s;
      console.log(line(`  ${names[i]}`, s));
    });
    const mb = (b) => (b / 1048576).toFixed(0);
    console.log(
      `  server RSS: ${mb(idleRss)} MB idle, ${mb(peak)} MB peak under the mixed load (VmHWM ${mb(hwm)} MB); ` +
        `target < ${RSS_TARGET_MB} MB: ${target(`server RSS < ${RSS_TARGET_MB} MB under load on the ${CITY_SCALE} dataset`, hwm < RSS_TARGET_MB * 1048576, `${mb(hwm)} MB`)}`,
    );
    for (const s of mixed) if (s.non2xx || s.errors) console.log(`  WARNING: ${s.non2xx} non-2xx / ${s.errors} errors`);
    server.proc.kill('SIGTERM');
  }

  // ---- the merchant scenarios (issue 5) and first-load sizes (issue 7), each its own script with its own results file
  for (const [group, script] of [
    ['integrity', 'integrity.mjs'],
    ['merchant-import', 'merchant-import.mjs'],
    ['sizes', 'sizes.mjs'],
  ]) {
    if (!ONLY.includes(group)) continue;
    console.log(`\n---- ${group} (bench/${script})`);
    await new Promise((resolve, reject) => {
      // BENCH_ONLY names run.mjs's groups; the scripts read their own (integrity.mjs: sqlite,pg), so it is not passed on
      const { BENCH_ONLY: _only, ...env } = process.env;
      const p = spawn('node', [join(here, script)], { cwd: root, stdio: 'inherit', env });
      procs.push(p);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/${script} exited with ${code}`))));
    });
  }

  if (results.peakServerRssBytes) console.log(`server peak RSS: ${(results.peakServerRssBytes / 1048576).toFixed(0)} MB`);
  if (results.peakServerRssBytesMillion) console.log(`server peak RSS (${TICKETS} tickets): ${(results.peakServerRssBytesMillion / 1048576).toFixed(0)} MB`);
  console.log(`\ntargets (issues 4 and 7; reported, not asserted):`);
  for (const v of verdicts) console.log(`  ${v.pass ? 'PASS' : 'FAIL'}  ${v.target}  [${typeof v.detail === 'object' ? JSON.stringify(v.detail) : v.detail}]`);
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', `${stamp.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`written ${file}`);
} finally {
  for (const p of procs) p.kill('SIGTERM');
  for (const c of cleanups) await c().catch((e) => console.error(`cleanup: ${e.message}`));
  rmSync(tmpRoot, { recursive: true, force: true });
}
