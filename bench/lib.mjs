// What the bench scripts share: the server as deployed (its bundle, built here when missing or stale, and the Node
// flags of `npm start`, which docs/OPERATIONS.md uses too), and starting, waiting for and stopping processes.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// the server runs as deployed: from its bundle (apps/server/bin/bundle.mjs), built here when missing or stale
const { buildServer, serverBundleFresh } = await import('../apps/server/bin/bundle.mjs');
if (!serverBundleFresh()) await buildServer();

/** The `--flag` and `--flag=value` options between `node` and the script in the root package's start script. */
export const SERVER_NODE_FLAGS = [
  ...[...String(pkg.scripts.start).matchAll(/\s(--[a-z-]+(?:=\S+)?)/g)].map((m) => m[1]),
  // for profiling a scenario's server, e.g. BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (written at exit)
  ...(process.env.BENCH_SERVER_FLAGS ?? '').split(/\s+/).filter(Boolean),
];

/**
 * Waits until what a scenario just seeded is on disk: otherwise the kernel writes back hundreds of megabytes during the
 * measurement, on the same two cores (single integrity runs varied by ±15 % before).
 */
export function settle() {
  execFileSync('sync');
}

/**
 * Reads the SQLite database of `dataDir` (and its WAL) once, so a load starts with them in the OS page cache, as a
 * server in service has its data. This VM pages out file pages untouched for 60 s: a database that sat idle
 * (BENCH_REUSE) or whose seeding ended a minute earlier was read back from the virtual disk during the measurement — one uniform
 * integrity run on a kept database read 0.270 of the ceiling, the next one, its pages now cached, 0.361.
 */
export function warmDatabase(dataDir) {
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (const f of ['tongxin.db', 'tongxin.db-wal'].map((name) => join(dataDir, name))) {
    if (!existsSync(f)) continue;
    const fd = openSync(f, 'r');
    try {
      while (readSync(fd, chunk, 0, chunk.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Seconds of the same load, not measured, before each measured one (BENCH_WARMUP, default 3; 0 turns it off). A server
 * in service is warm: its hot paths compiled by V8's optimising tier and SQLite's page cache filled. A fresh process
 * spends its first seconds on both (the integrity page measured 12–15 % more CPU per request in its first 5 s than
 * from the 10th on). The ceiling gets the same warm-up.
 */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);

/** Runs autocannon with `opts` for WARMUP_SECONDS and ignores the result. */
export function warmUp(autocannon, opts) {
  if (!(WARMUP_SECONDS > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => autocannon({ ...opts, duration: WARMUP_SECONDS }, (err) => (err ? reject(err) : resolve())));
}

/** Every process startProcess started: the scripts stop them all at the end, also on failure. */
export const procs = [];

/** Starts a process in the repository root; resolves with it and `ready(output)`'s first truthy answer. */
export function startProcess(cmd, args, env, ready) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    procs.push(p);
    let out = '';
    const onData = (d) => {
      out += d.toString();
      if (out.length > 100_000) out = out.slice(-20_000);
      const m = ready(out);
      if (m) resolve({ proc: p, info: m });
    };
    p.stdout.on('data', onData);
    p.stderr.on('data', onData);
    p.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`timeout starting ${args.join(' ')}: ${out.slice(-2000)}`)), 180_000).unref();
  });
}

/** Runs a `tongxin` command to its end; resolves with its output, rejects on a non-zero exit. */
export function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const p = spawn('node', ['apps/server/bin/tongxin.mjs', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`tongxin ${args.join(' ')} exited ${code}: ${out.slice(-2000)}`))));
  });
}

/** Polls a health URL until it answers 2xx (three minutes at most). */
export async function waitHealthy(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not become healthy at ${url}`);
}
