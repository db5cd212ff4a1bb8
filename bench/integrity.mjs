// node bench/integrity.mjs: the public integrity page GET /m/<code> with 250,000 merchants (issue 5).
// Seeds the demo, then 250,000 merchants and 50,000 complaint tickets with verdicts in bulk, starts one server process,
// loads the page with random codes against the bare-route ceiling measured in the same run, and checks that the page
// shows a deduction at once (no stale page). The same on PostgreSQL when it answers. Targets are reported, not asserted.
//   BENCH_SECONDS (8), BENCH_CONNECTIONS (20), BENCH_MERCHANTS (250000), BENCH_PG_URL, BENCH_ONLY=sqlite,pg,
//   BENCH_KEEP=1 keeps the seeded SQLite data directory (printed) for profiling; BENCH_REUSE=<that directory> skips seeding
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procs, runCli, SERVER_NODE_FLAGS, settle, startProcess, waitHealthy, warmDatabase, warmUp } from './lib.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 250_000);
const COMPLAINTS = Math.round(MERCHANTS / 5);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ONLY = (process.env.BENCH_ONLY ?? 'sqlite,pg').split(',').map((s) => s.trim());
const PASSWORD = 'Tongxin@2026';
const BATCH = 10_000;

const cleanups = [];
const tmpRoot = mkdtempSync(join(tmpdir(), 'tongxin-integrity-bench-'));

/** Seeds the demo; the bench needs only its first alliance (HHX), so a later failure of the demo seed is reported, not fatal. */
async function seedDemo(env, hasHhx) {
  try {
    await runCli(['seed', '--demo'], env);
  } catch (err) {
    if (!(await hasHhx())) throw err;
    console.log(
      `WARNING: the demo seed failed after alliance HHX was created; going on with HHX (${String(err.message).split('\n').slice(-2).join(' ').slice(0, 300)})`,
    );
  }
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);

/** CPU time (user + system, ms) a process has used so far; 0 where /proc is missing. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** Runs a load and adds the server's CPU µs per request (robust on a noisy machine, unlike req/s). */
async function loadCpu(pid, url, paths, zipf = false) {
  let before = 0;
  const r = await load(url, paths, zipf, () => (before = cpuMs(pid)));
  return { ...r, serverCpuUsPerReq: r.total ? Math.round(((cpuMs(pid) - before) * 1000) / r.total) : null };
}

/** Draws paths uniformly, or Zipf-distributed (weight 1/rank: a few shops are scanned far more often than the rest). */
function picker(paths, zipf) {
  if (!zipf) return () => paths[Math.floor(Math.random() * paths.length)];
  const cum = new Float64Array(paths.length);
  let acc = 0;
  for (let i = 0; i < paths.length; i++) cum[i] = acc += 1 / (i + 1);
  return () => {
    const r = Math.random() * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return paths[lo];
  };
}

/** autocannon after its warm-up (lib.mjs) with exact percentiles and status counts; `paths` (optional) are drawn for each request (see picker). */
async function load(url, paths, zipf = false, onMeasure = () => {}) {
  const opts = { url, duration: DURATION, connections: CONNECTIONS };
  if (paths) {
    const next = picker(paths, zipf);
    opts.requests = [{ setupRequest: (req) => ({ ...req, path: next() }) }];
  }
  await warmUp(autocannon, opts);
  onMeasure();
  return new Promise((resolve, reject) => {
    const times = [];
    const codes = {};
    let bytes = 0;
    const inst = autocannon(opts, (err, res) => {
      if (err) return reject(err);
      times.sort((a, b) => a - b);
      resolve({
        rps: Math.round(res.requests.average),
        total: res.requests.total,
        p50ms: r2(pct(times, 50)),
        p95ms: r2(pct(times, 95)),
        p99ms: r2(pct(times, 99)),
        avgBytes: res.requests.total ? Math.round(bytes / res.requests.total) : 0,
        non2xx: res.non2xx,
        errors: res.errors,
        statusCodes: codes,
      });
    });
    inst.on('response', (_c, status, b, ms) => {
      times.push(ms);
      bytes += b;
      codes[status] = (codes[status] ?? 0) + 1;
    });
  });
}

const line = (name, s, ceil) =>
  `${name}: ${s.rps} req/s${ceil ? ` (${((100 * s.rps) / ceil.rps).toFixed(1)}% of ceiling)` : ''}, p50 ${s.p50ms} ms, p95 ${s.p95ms} ms, p99 ${s.p99ms} ms, ` +
  `${s.avgBytes} B/response, non-2xx ${s.non2xx}, errors ${s.errors}`;

/** Deterministic opaque codes: 16 url-safe characters, like the registry's. */
const codeOf = (i) => `B${i.toString(36).padStart(5, '0')}${randomBytes(8).toString('base64url').slice(0, 10)}`;
const NAMES = ['老王牛肉面', '荷花芯小吃', '稠州副食品', '红星五金', '德百超市', '六角井茶馆', '港市红海鲜', '梦时代服饰', '宾王路精品店', '同心便利店'];
const PLAQUES = [[], [], ['trusted'], ['demonstration', 'trusted'], ['pioneer'], ['recommended', 'trusted']];

/** One synthetic merchant row (the columns of 0003_merchants). */
function merchantRow(i, allianceId, gridIds, now, code) {
  const points = 12 - (i % 7 === 0 ? (i % 5) + 1 : 0);
  return [
    `bm-${i}`,
    allianceId,
    // a credit-code-shaped unique value (the page never shows it)
    `9133${i.toString().padStart(14, '0')}`,
    `${NAMES[i % NAMES.length]}（${Math.floor(i / NAMES.length) + 1}号店）`,
    'catering',
    `稠州北路 ${i % 900} 号`,
    gridIds[i % gridIds.length],
    i % 3 === 0 ? `王${NAMES[i % NAMES.length].slice(0, 1)}` : null,
    i % 4 === 0 ? 1 : 0,
    'operating',
    code,
    points,
    points >= 11 ? 5 : points >= 9 ? 4 : 3,
    i % 29 === 0 ? 'yellow' : null,
    JSON.stringify(PLAQUES[i % PLAQUES.length]),
    '亮身份、亮职责、亮承诺：明码标价，诚信经营，不缺斤短两，不销售假冒伪劣商品，文明待客，门前三包。',
    now,
    now,
  ];
}
const M_COLS =
  'id, alliance_id, credit_code, name, business_type, address, grid_id, operator_name, party_member_operator, status, public_code, credit_points, credit_stars, credit_flag, plaques, promise, created_at, updated_at';
const T_COLS =
  'id, alliance_id, number, kind, status, category_id, title, description, photos, merchant_id, complaint_verdict, verdict_at, anonymous, created_at, updated_at';

function complaintRow(j, allianceId, categoryId, now) {
  const verdict = j % 3 === 0 ? 'rejected' : 'upheld';
  const at = now - (j % 400) * 86_400_000; // some last year, most this year
  return [
    `bt-${j}`,
    allianceId,
    `BNC-${j}`,
    'complaint',
    'closed',
    categoryId,
    '消费投诉',
    '缺斤短两，商家拒绝退款',
    '[]',
    `bm-${(j * 7919) % MERCHANTS}`,
    verdict,
    at,
    1,
    at,
    at,
  ];
}

/**
 * What the server keeps on each merchant from its upheld complaints (credit recountUpheld, domain upheldSummary): the
 * Asia/Shanghai year of the latest upheld verdict and how many fell in that year. The bench writes its complaints as
 * rows, so it writes the summaries too: [upheld_year, upheld_count, merchant id] per merchant with an upheld one.
 */
function upheldSummaries(rows) {
  const SH = 8 * 3_600_000;
  const times = new Map();
  for (const r of rows) if (r[10] === 'upheld') times.set(r[9], [...(times.get(r[9]) ?? []), r[11]]);
  return [...times].map(([id, list]) => {
    const year = new Date(Math.max(...list) + SH).getUTCFullYear();
    const start = Date.UTC(year, 0, 1) - SH;
    return [year, list.filter((t) => t >= start).length, id];
  });
}

async function seedSqlite(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const a = db.prepare(`select id from alliances where code = 'HHX'`).get();
  const grids = db
    .prepare('select id from grids where alliance_id = ?')
    .all(a.id)
    .map((g) => g.id);
  const cat = db.prepare(`select id from categories where alliance_id = ? and code = 'XFJF'`).get(a.id);
  const now = Date.now();
  const codes = [];
  const im = db.prepare(
    `insert into merchants (${M_COLS}) values (${M_COLS.split(',')
      .map(() => '?')
      .join(', ')})`,
  );
  const it = db.prepare(
    `insert into tickets (${T_COLS}) values (${T_COLS.split(',')
      .map(() => '?')
      .join(', ')})`,
  );
  const t0 = performance.now();
  for (let b = 0; b < MERCHANTS; b += BATCH)
    db.transaction(() => {
      for (let i = b; i < Math.min(MERCHANTS, b + BATCH); i++) {
        const code = codeOf(i);
        codes.push(code);
        im.run(...merchantRow(i, a.id, grids, now, code));
      }
    })();
  db.transaction(() => {
    const rows = Array.from({ length: COMPLAINTS }, (_, j) => complaintRow(j, a.id, cat.id, now));
    for (const r of rows) it.run(...r);
    const up = db.prepare('update merchants set upheld_year = ?, upheld_count = ? where id = ?');
    for (const u of upheldSummaries(rows)) up.run(...u);
  })();
  db.exec('analyze');
  db.close();
  return { codes, seconds: (performance.now() - t0) / 1000 };
}

/** Seeds a fresh SQLite data directory: the demo, then the merchants and complaints in bulk. */
async function seedFresh(dataDir) {
  await seedDemo({ DATA_DIR: dataDir, DEMO: 'false' }, async () => {
    const Database = require('better-sqlite3');
    const db = new Database(join(dataDir, 'tongxin.db'), { readonly: true });
    try {
      return !!db.prepare(`select id from alliances where code = 'HHX'`).get();
    } finally {
      db.close();
    }
  });
  const seeded = await seedSqlite(join(dataDir, 'tongxin.db'));
  settle();
  return seeded;
}

/** The codes of a kept, already seeded database (BENCH_REUSE). */
function reusedSeed(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  const codes = db.prepare('select public_code from merchants where public_code is not null order by rowid').pluck().all();
  db.close();
  return { codes, seconds: 0 };
}

async function seedPg(url) {
  const pg = require('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const a = (await c.query(`select id from alliances where code = 'HHX'`)).rows[0];
    const grids = (await c.query('select id from grids where alliance_id = $1', [a.id])).rows.map((g) => g.id);
    const cat = (await c.query(`select id from categories where alliance_id = $1 and code = 'XFJF'`, [a.id])).rows[0];
    const now = Date.now();
    const codes = [];
    const t0 = performance.now();
    const insertMany = async (table, cols, rows) => {
      const n = cols.split(',').length;
      const params = [];
      const tuples = rows.map((r, k) => {
        params.push(...r);
        return `(${Array.from({ length: n }, (_, x) => `$${k * n + x + 1}`).join(',')})`;
      });
      await c.query(`insert into ${table} (${cols}) values ${tuples.join(',')}`, params);
    };
    const CHUNK = 2000; // 18 columns × 2000 rows stays below pg's 65,535 parameters
    for (let b = 0; b < MERCHANTS; b += CHUNK) {
      const rows = [];
      for (let i = b; i < Math.min(MERCHANTS, b + CHUNK); i++) {
        const code = codeOf(i);
        codes.push(code);
        rows.push(merchantRow(i, a.id, grids, now, code));
      }
      await insertMany('merchants', M_COLS, rows);
    }
    const complaints = Array.from({ length: COMPLAINTS }, (_, j) => complaintRow(j, a.id, cat.id, now));
    for (let b = 0; b < COMPLAINTS; b += CHUNK) await insertMany('tickets', T_COLS, complaints.slice(b, b + CHUNK));
    const summaries = upheldSummaries(complaints);
    await c.query(
      `update merchants m set upheld_year = u.y, upheld_count = u.n from unnest($1::int[], $2::int[], $3::text[]) as u(y, n, id) where m.id = u.id`,
      [summaries.map((u) => u[0]), summaries.map((u) => u[1]), summaries.map((u) => u[2])],
    );
    await c.query('analyze merchants; analyze tickets');
    return { codes, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await c.end();
  }
}

/** Applies a deduction the way the credit module does (its API when present, else its summary columns) and reads the page at once. */
async function freshAfterDeduction(base, code, writeSummary) {
  const before = await (await fetch(`${base}/m/${code}`)).text();
  const points = Number(/<b>(\d+)<\/b><span>本周期信用分/.exec(before)?.[1]);
  let via = 'summary columns written directly (credit API absent)';
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'hhx_staff', password: PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const cat = await fetch(`${base}/api/v1/credit/catalogue`, { headers: { cookie } });
  const item = cat.ok ? (await cat.json()).items?.find((x) => x.points > 0) : undefined;
  const idx = parseInt(code.slice(1, 6), 36);
  let wrote = false;
  if (item) {
    // a deduction needs its evidence photo (十二分制), uploaded as the inspector's phone does
    const jpeg = await require('sharp')({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'evidence.jpg');
    const up = await fetch(`${base}/api/v1/files`, { method: 'POST', headers: { cookie }, body: form });
    const photos = up.ok ? [(await up.json()).id] : [];
    const r = await fetch(`${base}/api/v1/merchants/bm-${idx}/credit/entries`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'deduction', itemId: item.id, note: '压测：占道经营', photos }),
    });
    wrote = r.ok;
    if (wrote) via = `POST /api/v1/merchants/:id/credit/entries (${item.points} points)`;
  }
  if (!wrote) await writeSummary(`bm-${idx}`, Math.max(0, points - 3));
  const after = await (await fetch(`${base}/m/${code}`)).text();
  const now = Number(/<b>(\d+)<\/b><span>本周期信用分/.exec(after)?.[1]);
  return { before: points, after: now, fresh: now < points, via };
}

const results = { at: new Date().toISOString(), merchants: MERCHANTS, complaints: COMPLAINTS, durationSeconds: DURATION, connections: CONNECTIONS, runs: {} };
let port = 19080 + Math.floor(Math.random() * 2000);

async function measure(label, base, serverPid, codes, writeSummary) {
  const probe = await fetch(`${base}/m/${codes[0]}`);
  const html = await probe.text();
  if (probe.status !== 200) throw new Error(`page probe: ${probe.status} ${html.slice(0, 300)}`);
  const paths = codes.map((c) => `/m/${c}`);
  const ceiling = await loadCpu(ceilingPid, ceilingUrl);
  const page = await loadCpu(serverPid, `${base}/m/${codes[0]}`, paths);
  const skewed = await loadCpu(serverPid, `${base}/m/${codes[0]}`, paths, true);
  const ceiling2 = await loadCpu(ceilingPid, ceilingUrl); // again after, to see how noisy the machine was
  const ceil = ceiling.rps >= ceiling2.rps ? ceiling : ceiling2;
  const ratio = page.rps / ceil.rps;
  const fresh = await freshAfterDeduction(base, codes[123], writeSummary);
  const cpuCeil = Math.min(ceiling.serverCpuUsPerReq, ceiling2.serverCpuUsPerReq);
  console.log(`ceiling (constant {"ok":true}): ${ceiling.rps} req/s before, ${ceiling2.rps} req/s after; p99 ${ceil.p99ms} ms; ${cpuCeil} µs CPU per request`);
  console.log(line(`GET /m/<code> ${label} (uniformly random codes of ${MERCHANTS.toLocaleString('en')})`, page, ceil));
  console.log(line(`GET /m/<code> ${label} (Zipf-distributed codes: popular shops scanned more)`, skewed, ceil));
  console.log(
    `  server CPU per request: ${page.serverCpuUsPerReq} µs uniform, ${skewed.serverCpuUsPerReq} µs Zipf (CPU ratio to the ceiling ${(cpuCeil / page.serverCpuUsPerReq).toFixed(3)} / ${(cpuCeil / skewed.serverCpuUsPerReq).toFixed(3)})`,
  );
  console.log(
    `  page ${Buffer.byteLength(html)} bytes; ratio ${ratio.toFixed(3)} (target ≥ 0.3: ${ratio >= 0.3 ? 'PASS' : 'FAIL'}); p99 < 20 ms: ${page.p99ms < 20 ? 'PASS' : 'FAIL'}; ` +
      `after a deduction: ${fresh.before} → ${fresh.after} points (${fresh.fresh ? 'fresh: PASS' : 'STALE: FAIL'}, via ${fresh.via})`,
  );
  results.runs[label] = {
    ceiling,
    ceilingAfter: ceiling2,
    page,
    zipf: skewed,
    zipfRatioToCeiling: Number((skewed.rps / ceil.rps).toFixed(3)),
    ratioToCeiling: Number(ratio.toFixed(3)),
    pageBytes: Buffer.byteLength(html),
    fresh,
  };
}

let ceilingUrl;
let ceilingPid;
try {
  const ceiling = await startProcess('node', [join(here, 'ceiling.mjs')], { PORT: '0' }, (o) => /LISTENING (\d+)/.exec(o)?.[1]);
  ceilingUrl = `http://127.0.0.1:${ceiling.info}/ceiling`;
  ceilingPid = ceiling.proc.pid;

  if (ONLY.includes('sqlite')) {
    const reuse = process.env.BENCH_REUSE; // a data directory kept by BENCH_KEEP=1: no seeding
    const dataDir = reuse ?? join(tmpRoot, 'sqlite');
    if (!reuse) mkdirSync(dataDir);
    const t0 = performance.now();
    const seeded = reuse ? reusedSeed(join(dataDir, 'tongxin.db')) : await seedFresh(dataDir);
    console.log(
      `SQLite: demo in ${((performance.now() - t0) / 1000 - seeded.seconds).toFixed(1)} s, ${MERCHANTS} merchants + ${COMPLAINTS} complaints in ${seeded.seconds.toFixed(1)} s`,
    );
    const p = port++;
    const server = await startProcess(
      'node',
      [...SERVER_NODE_FLAGS, 'apps/server/bin/tongxin.mjs', 'start'],
      { PORT: String(p), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DEMO: 'false' },
      () => true,
    );
    const base = `http://127.0.0.1:${p}`;
    await waitHealthy(`${base}/api/health`);
    warmDatabase(dataDir);
    const Database = require('better-sqlite3');
    await measure('SQLite', base, server.proc.pid, seeded.codes, async (id, points) => {
      const db = new Database(join(dataDir, 'tongxin.db'));
      db.prepare('update merchants set credit_points = ?, credit_stars = 2, updated_at = ? where id = ?').run(points, Date.now(), id);
      db.close();
    });
    server.proc.kill('SIGTERM');
  }

  if (ONLY.includes('pg')) {
    const pg = require('pg');
    const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    const ok = await admin.connect().then(
      () => true,
      () => false,
    );
    if (!ok) console.log(`PostgreSQL: skipped, nothing answers at ${PG_URL}`);
    else {
      const schema = `bench_itg_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
      await admin.query(`create schema ${schema}`);
      cleanups.push(async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      });
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const env = { DATABASE_URL: url, TONGXIN_SECRET: randomBytes(32).toString('hex'), DEMO: 'false', DATA_DIR: join(tmpRoot, 'pg') };
      await seedDemo(env, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          return (await c.query(`select id from alliances where code = 'HHX'`)).rows.length > 0;
        } finally {
          await c.end();
        }
      });
      const seeded = await seedPg(url);
      settle();
      console.log(`PostgreSQL schema ${schema}: ${MERCHANTS} merchants + ${COMPLAINTS} complaints in ${seeded.seconds.toFixed(1)} s`);
      const p = port++;
      const server = await startProcess(
        'node',
        [...SERVER_NODE_FLAGS, 'apps/server/bin/tongxin.mjs', 'start'],
        { ...env, PORT: String(p), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        () => true,
      );
      const base = `http://127.0.0.1:${p}`;
      await waitHealthy(`${base}/api/health`);
      await measure('PostgreSQL', base, server.proc.pid, seeded.codes, async (id, points) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query('update merchants set credit_points = $1, credit_stars = 2, updated_at = $2 where id = $3', [points, Date.now(), id]);
        await c.end();
      });
      server.proc.kill('SIGTERM');
    }
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', `integrity-${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`written ${file}`);
} finally {
  for (const p of procs) p.kill('SIGTERM');
  for (const c of cleanups) await c().catch((e) => console.error(`cleanup: ${e.message}`));
  if (process.env.BENCH_KEEP) console.log(`kept ${tmpRoot} (BENCH_REUSE=${join(tmpRoot, 'sqlite')} runs on its SQLite data again)`);
  else rmSync(tmpRoot, { recursive: true, force: true });
}
