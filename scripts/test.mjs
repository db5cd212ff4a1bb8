#!/usr/bin/env node
// `npm test`: every suite this machine can run, and a loud summary of what it could not.
//   1. unit + SQLite      vitest (all projects: domain, server on a temp SQLite file)   always
//   2. PostgreSQL         vitest --project server with TEST_DB=postgres                   TEST_DATABASE_URL set, or a server on 127.0.0.1:5432
//   3. browser (e2e)      Playwright in Debian's Chromium against a real server          /usr/bin/chromium (or CHROMIUM_PATH) exists
// REQUIRE_PG=1 / REQUIRE_BROWSER=1 turn a missing suite into a failure (.ci/run sets both).
// Arguments go to both vitest runs as filters: `npm test -- apps/server/test/cli.test.ts`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const requireFromRoot = createRequire(join(root, 'package.json'));
const truthy = (v) => v === '1' || v === 'true' || v === 'yes';
const REQUIRE_PG = truthy(process.env.REQUIRE_PG);
const REQUIRE_BROWSER = truthy(process.env.REQUIRE_BROWSER);
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const work = mkdtempSync(join(tmpdir(), 'tongxin-npm-test-'));
const filters = process.argv.slice(2);
if (filters.length > 0) filters.push('--passWithNoTests');
const color = process.stdout.isTTY ? { FORCE_COLOR: '1' } : {};

/** Runs a command, mirroring its output, and resolves with its exit code and the output text. */
function run(cmd, args, env = {}) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...color, ...env }, stdio: ['inherit', 'pipe', 'pipe'] });
    let text = '';
    const keep = (chunk) => {
      text += chunk.toString();
      if (text.length > 2_000_000) text = text.slice(-1_000_000);
    };
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      keep(c);
    });
    child.stderr.on('data', (c) => {
      process.stderr.write(c);
      keep(c);
    });
    child.on('error', (e) => {
      text += String(e);
      resolveRun({ code: 127, text });
    });
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), text }));
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/** Test counts of a vitest run: its JSON report, else its "Tests  3 failed | 40 passed (43)" line. */
function vitestCounts(jsonFile, text) {
  try {
    const r = JSON.parse(readFileSync(jsonFile, 'utf8'));
    return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) };
  } catch {
    const line = stripAnsi(text)
      .split('\n')
      .find((l) => /^\s*Tests\s+/.test(l));
    const n = (word) => Number((line ?? '').match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    return { passed: n('passed'), failed: n('failed'), skipped: n('skipped') };
  }
}

/** The failed tests of a vitest run, "file › test: first line of the error", so the summary at the tail names them. */
function vitestFailures(jsonFile) {
  let r;
  try {
    r = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch {
    return [];
  }
  const firstLine = (s) =>
    stripAnsi(String(s ?? ''))
      .split('\n')
      .find((l) => l.trim()) ?? '';
  const out = [];
  for (const file of r.testResults ?? []) {
    const where = relative(root, file.name ?? '');
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${where} › ${a.fullName}: ${firstLine(a.failureMessages?.[0]).trim()}`);
    // a file that failed outside its tests (an import, a beforeAll) has no failed assertion to name
    if (!failed.length && file.status === 'failed') out.push(`${where}: ${firstLine(file.message).trim()}`);
  }
  return out;
}

/** The failed and flaky tests named in Playwright's list reporter output ("  1) [h5] › e2e/tests/… › name"). */
function playwrightFailures(text) {
  const plain = stripAnsi(text);
  const named = [...plain.matchAll(/^\s+\d+\) (\[[^\]]+\] › .+?)\s*$/gm)].map((m) => m[1]);
  const flaky = new Set();
  const block = plain.match(/^\s+\d+ flaky\n((?:\s{4}\S.*\n?)+)/m);
  for (const l of block?.[1].split('\n') ?? []) if (l.trim()) flaky.add(l.trim());
  return [...new Set(named)].map((n) => (flaky.has(n) ? `flaky (passed on retry): ${n}` : n));
}

/** Test counts from Playwright's list reporter summary ("  12 passed (30.2s)", "  1 failed", "  1 flaky"). */
function playwrightCounts(text) {
  const plain = stripAnsi(text);
  const n = (word) => {
    const all = [...plain.matchAll(new RegExp(`^\\s+(\\d+) ${word}\\b`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : 0;
  };
  return { passed: n('passed') + n('flaky'), failed: n('failed') + n('interrupted'), skipped: n('skipped') + n('did not run') };
}

/** Where PostgreSQL answers: TEST_DATABASE_URL, or the local default (its `test` database created when missing). */
async function probePostgres() {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_PG_URL;
  let pg;
  try {
    pg = requireFromRoot('pg');
  } catch {
    return { ok: false, reason: 'the pg package is not installed (run npm ci)' };
  }
  const tryConnect = async (connectionString) => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (e) {
      return e;
    } finally {
      await client.end().catch(() => {});
    }
  };
  const e = await tryConnect(url);
  if (!e) return { ok: true, url };
  // the server answers but the database is missing: create it (only for the local default)
  if (e.code === '3D000' && !process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: DEFAULT_PG_URL.replace(/\/test$/, '/postgres'), connectionTimeoutMillis: 2000 });
    admin.on('error', () => {});
    try {
      await admin.connect();
      await admin.query('create database test');
      await admin.end();
      if (!(await tryConnect(url))) return { ok: true, url };
    } catch {
      await admin.end().catch(() => {});
    }
  }
  const where = process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : '127.0.0.1:5432';
  return { ok: false, reason: `no PostgreSQL at ${where} (${e.code ?? e.message ?? e})` };
}

/** A free TCP port on 127.0.0.1, so the browser suite's server does not collide with one already running. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const results = [];
const record = (r) => {
  results.push(r);
  return r;
};

/** One vitest run (its JSON report in the work dir under `file`), recorded as the suite `name`. */
async function vitestSuite(name, file, args, env) {
  const json = join(work, file);
  const { code, text } = await run(bin('vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...filters], env);
  return record({
    name,
    status: code === 0 ? 'passed' : 'failed',
    ...vitestCounts(json, text),
    note: code === 0 ? '' : `vitest exited ${code}`,
    failures: vitestFailures(json),
  });
}

async function suiteUnitSqlite() {
  return vitestSuite('unit + SQLite', 'sqlite.json', [], { TEST_DB: 'sqlite' });
}

async function suitePostgres() {
  const probe = await probePostgres();
  if (!probe.ok) {
    return record({
      name: 'PostgreSQL',
      status: REQUIRE_PG ? 'missing' : 'skipped',
      passed: 0,
      failed: 0,
      note: probe.reason,
      enable: 'start PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`) or set TEST_DATABASE_URL=postgres://…',
    });
  }
  return vitestSuite('PostgreSQL', 'postgres.json', ['--project', 'server'], { TEST_DB: 'postgres', TEST_DATABASE_URL: probe.url });
}

async function suiteBrowser() {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const config = join(root, 'e2e', 'playwright.config.ts');
  const missing = (note, enable) => record({ name: 'browser (e2e)', status: REQUIRE_BROWSER ? 'missing' : 'skipped', passed: 0, failed: 0, note, enable });
  if (!existsSync(chromium)) return missing(`no Chromium at ${chromium}`, 'apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)');
  if (!existsSync(config)) return missing('the browser suite is absent (no e2e/playwright.config.ts)', 'add e2e/playwright.config.ts and tests under e2e/');
  if (!existsSync(bin('playwright'))) return missing('@playwright/test is not installed', 'run npm ci');
  process.stdout.write('\n> building the web apps for the browser suite (vite build)\n');
  const build = await run('npm', ['run', 'build', '--silent']);
  if (build.code !== 0) return record({ name: 'browser (e2e)', status: 'failed', passed: 0, failed: 1, note: `web build failed (exit ${build.code})` });
  const port = process.env.E2E_PORT || String(await freePort());
  const { code, text } = await run(bin('playwright'), ['test', '-c', config], { CHROMIUM_PATH: chromium, E2E_PORT: port });
  const c = playwrightCounts(text);
  if (code !== 0 && c.failed === 0) c.failed = 1;
  return record({
    name: 'browser (e2e)',
    status: code === 0 ? 'passed' : 'failed',
    ...c,
    note: code === 0 ? '' : `playwright exited ${code}`,
    failures: playwrightFailures(text),
  });
}

const MAX_NAMED = 10;

function summary() {
  const width = 96;
  const bar = '═'.repeat(width);
  const lines = [];
  const row = (s = '', indent = 0) => {
    // wrap long lines at spaces, continuing under the text they belong to
    let rest = s;
    do {
      let cut = rest.length;
      if (cut > width - 2) {
        cut = rest.lastIndexOf(' ', width - 2);
        if (cut <= indent) cut = width - 2;
      }
      lines.push(`║ ${rest.slice(0, cut).padEnd(width - 2)} ║`);
      rest = rest.length > cut ? ' '.repeat(indent) + rest.slice(cut).trimStart() : '';
    } while (rest);
  };
  const label = { passed: 'passed', failed: 'FAILED', skipped: 'SKIPPED', missing: 'MISSING (required)' };
  lines.push(`╔${bar}╗`);
  row('TONGXIN TEST SUMMARY');
  row();
  for (const r of results) {
    const counts = r.status === 'passed' || r.status === 'failed' ? `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}` : '';
    row(`${r.name.padEnd(16)} ${label[r.status].padEnd(19)} ${counts}`);
    if (r.note) row(`${''.padEnd(16)}   why: ${r.note}`, 24);
    if (r.enable) row(`${''.padEnd(16)}   enable: ${r.enable}`, 27);
    // the names of what failed belong in the tail: a CI log is often read only from its end
    const shown = (r.failures ?? []).slice(0, MAX_NAMED);
    for (const f of shown) row(`${''.padEnd(16)}   ✗ ${f.length > 300 ? `${f.slice(0, 299)}…` : f}`, 21);
    if ((r.failures ?? []).length > shown.length) row(`${''.padEnd(16)}   … and ${r.failures.length - shown.length} more above`, 21);
  }
  const skipped = results.filter((r) => r.status === 'skipped' || r.status === 'missing');
  if (skipped.length) {
    row();
    row(`!!! ${skipped.length} suite${skipped.length > 1 ? 's were' : ' was'} NOT RUN: ${skipped.map((r) => r.name).join(', ')} — this is not a full pass !!!`);
    row('    .ci/run installs what is missing and runs every suite (REQUIRE_PG=1 REQUIRE_BROWSER=1).');
  }
  lines.push(`╚${bar}╝`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  process.stdout.write(`\n${lines.join('\n')}\n`);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  return results.some((r) => r.status === 'failed' || r.status === 'missing') || failed > 0;
}

let bad = true;
try {
  await suiteUnitSqlite();
  await suitePostgres();
  await suiteBrowser();
  bad = summary();
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(bad ? 1 : 0);
