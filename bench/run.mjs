// npm run bench: each scenario runs against the server and against the ceiling in the same run, and reports
// the absolute figures and the ratio, so results hold on a noisy machine. Results go to bench/results/*.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

function startProcess(cmd, args, env, ready) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = ready(out);
      if (m) resolve({ proc: p, info: m });
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`timeout starting ${args.join(' ')}: ${out.slice(-2000)}`)), 180_000).unref();
  });
}

async function waitHealthy(url) {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy at ${url}`);
}

function rssOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function load(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const summary = (r) => ({
  rps: Math.round(r.requests.average),
  p50ms: r.latency.p50,
  p95ms: r.latency.p97_5 ?? r.latency.p95,
  p99ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

const dataDir = mkdtempSync(join(tmpdir(), 'tongxin-bench-'));
const serverPort = 18080 + Math.floor(Math.random() * 1000);
const procs = [];
try {
  const ceiling = await startProcess('node', [join(here, 'ceiling.mjs')], { PORT: '0' }, (o) => /LISTENING (\d+)/.exec(o)?.[1]);
  procs.push(ceiling.proc);
  const server = await startProcess(
    'node',
    ['apps/server/bin/tongxin.mjs', 'start'],
    { PORT: String(serverPort), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'true', LOG_LEVEL: 'warn' },
    () => true,
  );
  procs.push(server.proc);
  const base = `http://127.0.0.1:${serverPort}`;
  await waitHealthy(`${base}/api/health`);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'hhx_admin', password: 'Tongxin@2026' }),
  });
  if (!login.ok) throw new Error(`bench login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

  const ceilingRes = summary(await load({ url: `http://127.0.0.1:${ceiling.info}/ceiling` }));
  const scenarios = {
    health: await load({ url: `${base}/api/health` }),
    'people list (masked, 20 rows)': await load({ url: `${base}/api/v1/people?pageSize=20`, headers: { cookie } }),
    'org create (transaction + audit)': await load({
      url: `${base}/api/v1/orgs`,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'group', name: '压测党小组' }),
    }),
  };
  const results = {
    at: new Date().toISOString(),
    durationSeconds: DURATION,
    connections: CONNECTIONS,
    ceiling: ceilingRes,
    peakServerRssBytes: rssOf(server.proc.pid),
    scenarios: {},
  };
  console.log(`ceiling (constant {"ok":true}): ${ceilingRes.rps} req/s, p99 ${ceilingRes.p99ms} ms`);
  for (const [name, r] of Object.entries(scenarios)) {
    const s = summary(r);
    results.scenarios[name] = { ...s, ratioToCeiling: Number((s.rps / ceilingRes.rps).toFixed(3)) };
    console.log(
      `${name}: ${s.rps} req/s (${((100 * s.rps) / ceilingRes.rps).toFixed(1)}% of ceiling), p50 ${s.p50ms} ms, p99 ${s.p99ms} ms, non-2xx ${s.non2xx}`,
    );
  }
  console.log(`server peak RSS: ${(results.peakServerRssBytes / 1048576).toFixed(0)} MB`);
  const file = join(here, 'results', `${results.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`written ${file}`);
} finally {
  for (const p of procs) p.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
