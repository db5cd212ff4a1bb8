import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { completeCreditCode } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, setupEnv, type TestEnv } from './harness.ts';
import { freePort } from './ports.ts';

// Issue 7 "crash safety": drive ticket creation and credit deductions at load against a real server process, kill it
// with SIGKILL mid-stream, start it again on the same database, and check that every write it acknowledged (2xx) is
// there and the audit chain still verifies. On SQLite this exercises the group commit (db/groupCommit.ts): a request
// is answered only after the COMMIT that made it durable.

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/tongxin.mjs');

describe('crash safety: SIGKILL under load loses no acknowledged write', () => {
  let env: TestEnv;
  let dataDir: string;
  let child: ChildProcess | null = null;
  let childEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await setupEnv();
    dataDir = mkdtempSync(join(tmpdir(), 'tongxin-crash-'));
    childEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: env.config.db.url,
      TONGXIN_SECRET: 'test-secret-test-secret-test-secret-0123',
      DATA_DIR: dataDir,
      DEMO: 'false',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await env?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<string> {
    const port = await freePort();
    const p = spawn(process.execPath, [bin, 'start'], { env: { ...childEnv, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child = p;
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (p.exitCode !== null) throw new Error(`server exited: ${err}`);
      try {
        if ((await fetch(`${base}/api/health`)).ok) return base;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server did not start: ${err}`);
  }

  it('keeps every acknowledged ticket and credit entry, and the audit chain verifies', async () => {
    const A = await env.alliance('CRS');
    const staff = await env.member(A.id, A.roles['党委工作人员'] as string, { username: 'crash_staff' });
    const categoryId = (await staff.ok('GET', '/api/v1/categories')).items[0].id as string;
    const merchants: string[] = [];
    for (let i = 0; i < 4; i++) {
      const code = completeCreditCode(`92330782MA2${String(i).padStart(4, '0')}X`.slice(0, 16));
      const m = await staff.ok('POST', '/api/v1/merchants', { creditCode: code, name: `压测商户${i}`, businessType: 'retail' });
      merchants.push(m.id as string);
    }
    const deduction =
      (await staff.ok('GET', '/api/v1/credit/catalogue')).items.find((x: { points: number }) => x.points === 1) ??
      (await staff.ok('GET', '/api/v1/credit/catalogue')).items[0];
    // one evidence photo serves every deduction of the load
    const photos = [await staff.uploadPhoto()];

    const base = await start();
    // a session of the server process itself (the in-process app runs on the tests' manual clock)
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'crash_staff', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const headers = { cookie, 'content-type': 'application/json' };
    expect((await fetch(`${base}/api/v1/auth/switch`, { method: 'POST', headers, body: JSON.stringify({ allianceId: A.id }) })).status).toBe(200);
    const tickets: string[] = [];
    const entries = new Map<string, string[]>();
    let stop = false;
    let answered = 0;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          if (i % 3 === 2) {
            const merchantId = merchants[(w + i) % merchants.length] as string;
            // alternate deductions and restorations so points stay above 0 and every entry applies something
            const body =
              i % 2
                ? { kind: 'restoration', points: 1, note: `恢复 ${w}-${i}` }
                : { kind: 'deduction', itemId: deduction.id, photos, place: '门前', note: `扣分 ${w}-${i}` };
            const r = await fetch(`${base}/api/v1/merchants/${merchantId}/credit/entries`, { method: 'POST', headers, body: JSON.stringify(body) });
            if (r.status === 201) entries.set(merchantId, [...(entries.get(merchantId) ?? []), ((await r.json()) as { id: string }).id]);
          } else {
            const r = await fetch(`${base}/api/v1/tickets`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ kind: 'report', categoryId, description: `压测工单 ${w}-${i}：门口共享单车乱停放，占用盲道` }),
            });
            if (r.status === 201) tickets.push(((await r.json()) as { id: string }).id);
          }
          answered++;
        } catch {
          return; // the server is gone: nothing more is acknowledged
        }
      }
    };
    const load = Array.from({ length: 12 }, (_v, w) => worker(w));
    // kill once a good number of writes were acknowledged, while requests are still in flight; a loaded CI machine
    // may take far longer than the usual second to get there, so the wait is bounded by the test's time, not a count
    const killBy = Date.now() + 60_000;
    while (answered < 150 && Date.now() < killBy) await new Promise((r) => setTimeout(r, 25));
    child?.kill('SIGKILL');
    await Promise.all(load);
    stop = true;
    expect(tickets.length).toBeGreaterThan(50);
    const acknowledgedEntries = [...entries.values()].flat();
    expect(acknowledgedEntries.length).toBeGreaterThan(10);

    const again = await start();
    for (const id of tickets) {
      const r = await fetch(`${again}/api/v1/tickets/${id}`, { headers });
      expect(r.status, `acknowledged ticket ${id}`).toBe(200);
      const t = (await r.json()) as { timeline: { action: string }[] };
      expect(t.timeline.map((e: { action: string }) => e.action)).toContain('create');
    }
    for (const [merchantId, ids] of entries) {
      const credit = (await (await fetch(`${again}/api/v1/merchants/${merchantId}/credit`, { headers })).json()) as { entries: { id: string }[] };
      const stored = new Set(credit.entries.map((e) => e.id));
      for (const id of ids) expect(stored.has(id), `acknowledged credit entry ${id}`).toBe(true);
    }
    // every acknowledged ticket has its audit record
    const audited = await env.deps.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'ticket.create').execute();
    const auditedIds = new Set(audited.map((a) => a.entity_id));
    for (const id of tickets) expect(auditedIds.has(id)).toBe(true);
    child?.kill('SIGKILL');
    child = null;

    const verify = spawnSync(process.execPath, [bin, 'audit', 'verify'], { env: childEnv, encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 120_000);
});
