// `npm start` under a process manager: stopping npm with SIGTERM must stop the server too (it used to run under
// `sh -c`, which died and left the server running, port bound, database open). The README's start command, spawned
// for real on SQLite; the web build is skipped (WEB_DIST) and the server runs from source (no bundle is written
// while other test files spawn the command).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DB } from './harness.ts';
import { freePort } from './ports.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(join(tmpdir(), 'tx-npmstart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const health = (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/health`).then(
    (r) => r.status,
    () => null,
  );

async function until<T>(what: string, ms: number, probe: () => Promise<T | null | false>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start', () => {
  it.skipIf(TEST_DB === 'postgres')('stops the server when npm gets SIGTERM', { timeout: 90_000 }, async () => {
    const web = join(dir, 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'production',
      DEMO: 'false',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      WEB_DIST: web,
      TONGXIN_FROM_SOURCE: '1',
      TONGXIN_SECRET: 'npm-start-test-secret-npm-start-test-0123',
    };
    const npm = spawn('npm', ['start'], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => (out += c.toString()));
    npm.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<void>((done) => npm.on('exit', () => done()));
    try {
      expect(await until('the server', 60_000, () => health(port))).toBe(200);
      npm.kill('SIGTERM');
      await exited;
      // the server itself shut down cleanly: nothing answers on its port any more
      await until('the server to stop', 15_000, async () => (await health(port)) === null);
      expect(out).toMatch(/"signal":"SIGTERM".*shutting down/);
    } finally {
      npm.kill('SIGKILL');
    }
  });
});
