// Standalone: builds a 10,000-row merchant workbook from the import template, starts a temporary server (embedded
// SQLite in a temp dir, or PostgreSQL when BENCH_PG_URL names a scratch database), imports the file over HTTP and
// prints the seconds; then imports it again (every row unchanged: the idempotent re-import).
//   node bench/merchant-import.mjs            (BENCH_ROWS=10000, BENCH_PG_URL=postgres://… to run on PostgreSQL)
// Target (issue 5): 10,000 rows in under 10 s. Not part of `npm run bench`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from './lib.mjs';

const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const PG_URL = process.env.BENCH_PG_URL;
const PASSWORD = 'Bench-Passw0rd!';
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const TYPES = ['餐饮', '零售', '服装', '美容美发', '生活服务', '住宿', '休闲娱乐', '教育培训', '医药', '维修', '批发', '其他'];

/** A fictional individual-business code (92, 义乌 330782) with both check characters (GB 11714, GB 32100). */
function creditCode(i) {
  const body = `92330782${String(i).padStart(8, '0')}`;
  const org = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = 0;
  [3, 7, 9, 10, 5, 8, 4, 2].forEach((w, k) => (s += org.indexOf(body[8 + k]) * w));
  const c = 11 - (s % 11);
  const first17 = body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
  let t = 0;
  for (let k = 0; k < 17; k++) t += CHARSET.indexOf(first17[k]) * W[k];
  return first17 + CHARSET[(31 - (t % 31)) % 31];
}

function run(args, env, untilReady) {
  return new Promise((resolve, reject) => {
    const p = spawn('node', ['apps/server/bin/tongxin.mjs', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const on = (d) => {
      out += d;
      if (untilReady && untilReady(out)) resolve(p);
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    p.on('exit', (code) => (code === 0 && !untilReady ? resolve(p) : reject(new Error(`tongxin ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`))));
  });
}

async function api(base, cookie, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r;
}

async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-merchant-bench-'));
  const env = { DATA_DIR: dir, DEMO: 'false', TONGXIN_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', ...(PG_URL ? { DATABASE_URL: PG_URL } : {}) };
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  let server = null;
  try {
    await run(['user', 'create', '--username', 'bench_admin', '--display-name', 'bench', '--password', PASSWORD, '--city-admin'], env);
    server = spawn('node', [...SERVER_NODE_FLAGS, 'apps/server/bin/tongxin.mjs', 'start'], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: 'ignore',
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {}
      if (i > 300) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench_admin', password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const code = `B${randomBytes(2).toString('hex').toUpperCase()}`.slice(0, 5);
    const alliance = await (await api(base, cookie, 'POST', '/api/v1/alliances', { code, name: '导入压测联盟' })).json();
    await api(base, cookie, 'POST', '/api/v1/auth/switch', { allianceId: alliance.id });
    await api(base, cookie, 'POST', '/api/v1/grids', { name: '第一网格', code: 'G01' });

    // the server's own template, filled with ROWS rows
    const template = Buffer.from(await (await api(base, cookie, 'GET', '/api/v1/merchants/template')).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template);
    const ws = wb.getWorksheet('商户');
    for (let i = 0; i < ROWS; i++) {
      ws.getRow(i + 2).values = [
        `义乌小商品商户${i + 1}`,
        creditCode(i + 1),
        TYPES[i % TYPES.length],
        '在营',
        'G01 第一网格',
        `义乌市稠城街道宾王路${i + 1}号`,
        `经营者${i % 500}`,
        i % 7 === 0 ? '是' : '否',
        `1380000${String(i % 10000).padStart(4, '0')}`,
        120.07 + (i % 100) / 10000,
        29.3 + (i % 100) / 10000,
        'GCJ-02',
      ];
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const upload = async () => {
      const form = new FormData();
      form.append('file', new Blob([file]), 'bench.xlsx');
      const t0 = performance.now();
      const r = await fetch(`${base}/api/v1/merchants/import?mode=all`, { method: 'POST', headers: { cookie }, body: form });
      const s = (performance.now() - t0) / 1000;
      if (!r.ok) throw new Error(`import: ${r.status} ${await r.text()}`);
      return { seconds: s, result: await r.json() };
    };
    const first = await upload();
    const again = await upload();
    const db = PG_URL ? 'PostgreSQL' : 'SQLite';
    console.log(
      `merchant import (${db}), ${ROWS.toLocaleString('en')} rows, ${(file.length / 1024 / 1024).toFixed(1)} MB: ${first.seconds.toFixed(2)} s (created ${first.result.created}, rejected ${first.result.rejected}) — ${first.seconds < 10 ? 'PASS' : 'FAIL'} (< 10 s)`,
    );
    console.log(
      `re-import of the same file: ${again.seconds.toFixed(2)} s (created ${again.result.created}, updated ${again.result.updated}, unchanged ${again.result.unchanged})`,
    );
  } finally {
    server?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await bench();
