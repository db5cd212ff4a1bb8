import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, planMessages, runNotificationsOnce, urlProblem } from '../src/modules/notifications/index.ts';
import { startPeer, type Peer } from './cluster.ts';
import { setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

/** A real HTTP receiver on a random local port; `answer` decides each response. */
interface Receipt {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}
class Receiver {
  receipts: Receipt[] = [];
  answer: (path: string, n: number) => { status: number; body?: string; delayMs?: number } = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const a = this.answer(path, this.receipts.filter((r) => r.path.split('?')[0] === path.split('?')[0]).length + 1);
      this.receipts.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status: a.status });
      setTimeout(() => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body ?? '{}'), a.delayMs ?? 0);
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
  at(prefix: string): Receipt[] {
    return this.receipts.filter((r) => r.path.startsWith(prefix));
  }
}

/** A local port nothing listens on (bound, then closed), outside fetch's bad-port list. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const SECRET = 'receiver-shared-secret';
const pinned = { random: () => 0.5 };

describe(`webhooks: delivery, retries, batching, signatures (${TEST_DB})`, () => {
  let env: TestEnv;
  let rx: Receiver;
  let staff: Client;
  let U1: string;
  let U2: string;
  let U3: string;
  let cat: string;

  beforeAll(async () => {
    env = await setupEnv();
    rx = new Receiver();
    await rx.start();
    const A = await env.alliance('WHA');
    const admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    U1 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '市场监管所' })).id;
    U2 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id;
    U3 = (await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '物业公司' })).id;
    cat = (await admin.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  });
  afterAll(async () => {
    await rx?.stop();
    await env?.close();
  });

  const dispatched = async (unitId: string, n = 1): Promise<string[]> => {
    const numbers: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = await staff.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat, description: `占道经营 第${i + 1}处` }, 201);
      await staff.ok('POST', `/api/v1/tickets/${t.id}/actions/dispatch`, { leadUnitId: unitId });
      numbers.push(t.number);
    }
    return numbers;
  };
  /** Moves the clock, keeping the sessions alive. */
  const tick = async (ms: number) => {
    env.clock.advance(ms);
    await env.deps.db.updateTable('sessions').set({ last_seen_at: env.clock.now() }).execute();
  };
  const hook = (body: Record<string, unknown>) => staff.ok('POST', '/api/v1/webhooks', body, 201);
  const deliveries = async (id: string) => (await staff.ok('GET', `/api/v1/webhooks/${id}/deliveries?pageSize=200`)).items as any[];

  it('retries a failing receiver with exponential backoff until it answers, exactly one success per event; others are not held up', async () => {
    const signed = await hook({ name: '监管所对接系统', unitId: U1, format: 'signed_json', url: `${rx.url}/flaky`, secret: SECRET });
    const ok = await hook({ name: '党委系统', format: 'signed_json', url: `${rx.url}/ok`, secret: SECRET });
    rx.answer = (path, n) => (path === '/flaky' && n <= 2 ? { status: 500 } : { status: 200 });
    const [number] = await dispatched(U1);
    const t0 = env.clock.now();

    const r1 = await runNotificationsOnce(env.deps, 'p1', pinned);
    expect(r1.failed).toBe(1);
    let [d] = await deliveries(signed.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastHttpStatus: 500, event: 'dispatch', ticketNumber: number, nextAt: t0 + 30_000 });
    // the committee's receiver got its event (the new case) although the other one failed
    expect(rx.at('/ok').map((r) => r.headers['x-tongxin-event'])).toEqual(['create']);

    // not due yet: no request
    await tick(29_000);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    expect(rx.at('/flaky')).toHaveLength(1);
    await tick(1_000);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    [d] = await deliveries(signed.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, nextAt: env.clock.now() + 60_000 });
    await tick(60_000);
    const r3 = await runNotificationsOnce(env.deps, 'p1', pinned);
    expect(r3.sent).toBe(1);
    [d] = await deliveries(signed.id);
    expect(d).toMatchObject({ status: 'sent', attempts: 3, lastHttpStatus: 200, lastError: null, sentAt: env.clock.now(), batchSize: 1 });
    await tick(3_600_000);
    await runNotificationsOnce(env.deps, 'p1', pinned);

    const got = rx.at('/flaky');
    expect(got.map((r) => r.status)).toEqual([500, 500, 200]);
    // the same idempotency key on every try; one successful receipt
    expect(new Set(got.map((r) => r.headers['x-tongxin-event-id']))).toEqual(new Set([d.eventId]));
    expect(got.filter((r) => r.status === 200)).toHaveLength(1);
    // the signature verifies with the shared secret over "<timestamp>.<body>"
    for (const r of [...got, ...rx.at('/ok')]) {
      const ts = String(r.headers['x-tongxin-timestamp']);
      const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${r.body}`).digest('hex')}`;
      expect(r.headers['x-tongxin-signature']).toBe(expected);
    }
    const body = JSON.parse(got[2]!.body);
    expect(body).toMatchObject({ id: d.eventId, event: 'dispatch', ticket: { number, leadUnitId: U1 } });
    expect(body.summary).toContain('【派单】');

    const list = await staff.ok('GET', '/api/v1/webhooks');
    expect(list.items.find((w: { id: string }) => w.id === signed.id)).toMatchObject({ pending: 0, dead: 0, lastError: null });
    await staff.ok('PATCH', `/api/v1/webhooks/${ok.id}`, { enabled: false });
    await staff.ok('PATCH', `/api/v1/webhooks/${signed.id}`, { enabled: false });
  });

  it('backoff doubles with ±20 % jitter up to a cap', () => {
    for (let i = 0; i < 50; i++) {
      const b = backoffMs(3);
      expect(b).toBeGreaterThanOrEqual(96_000);
      expect(b).toBeLessThanOrEqual(144_000);
    }
    expect(backoffMs(1, pinned)).toBe(30_000);
    expect(backoffMs(20, pinned)).toBe(3_600_000);
    expect(planMessages([1, 2, 3], 5)).toEqual([[1], [2], [3]]);
    expect(planMessages([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(planMessages([1, 2], 0)).toEqual([]);
    expect(urlProblem('http://[::ffff:169.254.169.254]/')).not.toBeNull();
    expect(urlProblem('http://metadata.google.internal/')).not.toBeNull();
    expect(urlProblem('http://10.1.2.3:8080/hook')).toBeNull();
  });

  it('goes dead after the last attempt; a manual retry sends it; a sent delivery cannot be retried', async () => {
    const h = await hook({ name: '物业系统', unitId: U3, format: 'signed_json', url: `${rx.url}/down`, secret: SECRET });
    rx.answer = (path) => (path === '/down' ? { status: 503 } : { status: 200 });
    await dispatched(U3);
    const opts = { ...pinned, maxAttempts: 2 };
    await runNotificationsOnce(env.deps, 'p1', opts);
    await tick(30_000);
    const r = await runNotificationsOnce(env.deps, 'p1', opts);
    expect(r.dead).toBe(1);
    let [d] = await deliveries(h.id);
    expect(d).toMatchObject({ status: 'dead', attempts: 2, nextAt: null, lastError: 'http_503' });
    expect((await staff.ok('GET', `/api/v1/webhooks/${h.id}`)).dead).toBe(1);
    await tick(86_400_000);
    await runNotificationsOnce(env.deps, 'p1', opts);
    expect(rx.at('/down')).toHaveLength(2);

    rx.answer = () => ({ status: 200 });
    const again = await staff.ok('POST', `/api/v1/webhook-deliveries/${d.id}/retry`);
    expect(again).toMatchObject({ status: 'pending', attempts: 0 });
    await runNotificationsOnce(env.deps, 'p1', opts);
    [d] = await deliveries(h.id);
    expect(d).toMatchObject({ status: 'sent', attempts: 1 });
    const conflict = await staff.post(`/api/v1/webhook-deliveries/${d.id}/retry`);
    expect(conflict.statusCode).toBe(409);
    expect((await staff.post('/api/v1/webhook-deliveries/nope/retry')).statusCode).toBe(404);
    await staff.ok('PATCH', `/api/v1/webhooks/${h.id}`, { enabled: false });
  });

  it('企业微信: one message per event under 20 a minute, several events per message beyond it, none lost', async () => {
    const wecom = await hook({ name: '城管中队工作群', unitId: U2, format: 'wecom', url: `${rx.url}/cgi-bin/webhook/send?key=abc` });
    rx.answer = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
    const first = await dispatched(U2, 18);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    expect(rx.at('/cgi-bin')).toHaveLength(18);
    const second = await dispatched(U2, 10);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    // 2 messages left in this minute: the 10 events share them
    expect(rx.at('/cgi-bin')).toHaveLength(20);
    const third = await dispatched(U2, 5);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    expect(rx.at('/cgi-bin')).toHaveLength(20);
    await tick(61_000);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    expect(rx.at('/cgi-bin')).toHaveLength(25);

    const msgs = rx.at('/cgi-bin').map((r) => JSON.parse(r.body));
    for (const m of msgs) {
      expect(m.msgtype).toBe('markdown');
      expect(Buffer.byteLength(m.markdown.content)).toBeLessThanOrEqual(4096);
    }
    expect(msgs[18].markdown.content).toContain('同心 · 5 条工单提醒');
    const all = msgs.map((m) => m.markdown.content).join('\n');
    for (const n of [...first, ...second, ...third]) expect(all.split(n).length - 1).toBe(1);
    const ds = await deliveries(wecom.id);
    expect(ds).toHaveLength(33);
    expect(ds.every((d) => d.status === 'sent')).toBe(true);
    expect(ds.filter((d) => d.batchSize === 5)).toHaveLength(10);

    // a robot answering errcode 45009 (too fast) is retried like any failure
    rx.answer = () => ({ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
    await dispatched(U2, 1);
    await tick(61_000);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    const [last] = await deliveries(wecom.id);
    expect(last).toMatchObject({ status: 'pending', attempts: 1, lastError: 'rate_limited: errcode 45009: api freq out of limit' });
    await staff.ok('PATCH', `/api/v1/webhooks/${wecom.id}`, { enabled: false });
  });

  it('钉钉: signed URL per DingTalk 加签, markdown with title; the test button sends now', async () => {
    const ding = await hook({ name: '物业钉钉群', unitId: U3, format: 'dingtalk', url: `${rx.url}/robot/send?access_token=tok`, secret: 'SECdingtalksecret' });
    rx.answer = () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' });
    const [number] = await dispatched(U3);
    await runNotificationsOnce(env.deps, 'p1', pinned);
    const [r] = rx.at('/robot/send');
    const q = new URL(r!.path, 'http://x').searchParams;
    expect(q.get('access_token')).toBe('tok');
    const ts = q.get('timestamp') as string;
    expect(q.get('sign')).toBe(createHmac('sha256', 'SECdingtalksecret').update(`${ts}\nSECdingtalksecret`).digest('base64'));
    const body = JSON.parse(r!.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.text).toContain(number);
    expect(body.markdown.title).toContain('【派单】');

    const test = await staff.ok('POST', `/api/v1/webhooks/${ding.id}/test`);
    expect(test).toMatchObject({ ok: true, httpStatus: 200, error: null });
    expect(JSON.parse(rx.at('/robot/send')[1]!.body).markdown.text).toContain('测试消息');
    rx.answer = () => ({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    expect(await staff.ok('POST', `/api/v1/webhooks/${ding.id}/test`)).toMatchObject({ ok: false, error: 'rejected: errcode 310000: sign not match' });
    // failures are stored as stable codes (the console labels them), with the detail after the colon
    rx.answer = () => ({ status: 200, body: '<html>gateway</html>' });
    expect(await staff.ok('POST', `/api/v1/webhooks/${ding.id}/test`)).toMatchObject({ ok: false, error: 'invalid_response: answer is not JSON' });
    await staff.ok('PATCH', `/api/v1/webhooks/${ding.id}`, { url: 'http://127.0.0.1:1/closed' });
    expect((await staff.ok('POST', `/api/v1/webhooks/${ding.id}/test`)).error).toMatch(/^blocked_port: /);
    const closed = await closedPort();
    await staff.ok('PATCH', `/api/v1/webhooks/${ding.id}`, { url: `http://127.0.0.1:${closed}/closed` });
    const refused = await staff.ok('POST', `/api/v1/webhooks/${ding.id}/test`);
    expect(refused).toMatchObject({ ok: false, httpStatus: null });
    expect(refused.error).toMatch(/^connect_refused: ECONNREFUSED/);
    await staff.ok('PATCH', `/api/v1/webhooks/${ding.id}`, { url: 'http://no-such-host.invalid/hook' });
    expect((await staff.ok('POST', `/api/v1/webhooks/${ding.id}/test`)).error).toMatch(/^dns: ENOTFOUND/);
    await staff.ok('PATCH', `/api/v1/webhooks/${ding.id}`, { enabled: false });
  });

  it('two workers racing over one database send each event once', async () => {
    const h = await hook({ name: '并发', unitId: U1, format: 'signed_json', url: `${rx.url}/race`, secret: SECRET });
    rx.answer = () => ({ status: 200, delayMs: 5 });
    await dispatched(U1, 12);
    await Promise.all([runNotificationsOnce(env.deps, 'a', pinned), runNotificationsOnce(env.deps, 'b', pinned)]);
    await runNotificationsOnce(env.deps, 'a', pinned);
    const ids = rx.at('/race').map((r) => r.headers['x-tongxin-event-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    await staff.ok('PATCH', `/api/v1/webhooks/${h.id}`, { enabled: false });
  });
});

describe.runIf(TEST_DB === 'postgres')('webhooks: two server processes on one PostgreSQL', () => {
  let env: TestEnv;
  let peer: Peer;
  let rx: Receiver;

  beforeAll(async () => {
    env = await setupEnv();
    peer = await startPeer(env);
    rx = new Receiver();
    await rx.start();
  });
  afterAll(async () => {
    await rx?.stop();
    await peer?.close();
    await env?.close();
  });

  it('both run the worker against one receiver: every event arrives once, inbox rows once', async () => {
    const A = await env.alliance('WHP');
    const admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    const units: string[] = [];
    for (const name of ['市场监管所', '城管中队', '消防救援站']) units.push((await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name })).id);
    for (const u of units) await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: u });
    const cat = (await admin.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
    for (const [i, u] of units.entries())
      await admin.ok('POST', '/api/v1/webhooks', { name: `系统${i}`, unitId: u, format: 'signed_json', url: `${rx.url}/p${i}`, secret: SECRET }, 201);
    await admin.ok('POST', '/api/v1/webhooks', { name: '党委', format: 'signed_json', url: `${rx.url}/committee`, secret: SECRET }, 201);
    // the first tries fail now and then: retries race too
    rx.answer = (_p, n) => ({ status: n % 4 === 1 ? 500 : 200, delayMs: 3 });
    for (let i = 0; i < 30; i++) {
      const t = await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat, description: `并发 ${i}` }, 201);
      await admin.ok('POST', `/api/v1/tickets/${t.id}/actions/dispatch`, { leadUnitId: units[i % 3] });
    }
    for (let round = 0; round < 12; round++) {
      await Promise.all([
        runNotificationsOnce(env.deps, 'proc-a', pinned),
        runNotificationsOnce(peer.deps, 'proc-b', pinned),
        runNotificationsOnce(env.deps, 'proc-a', pinned),
        runNotificationsOnce(peer.deps, 'proc-b', pinned),
      ]);
      env.clock.advance(130_000);
      await env.deps.db.updateTable('sessions').set({ last_seen_at: env.clock.now() }).execute();
    }
    const ok = rx.receipts.filter((r) => r.status === 200);
    const perEvent = new Map<string, number>();
    for (const r of ok) {
      const k = `${r.path}|${String(r.headers['x-tongxin-event-id'])}`;
      perEvent.set(k, (perEvent.get(k) ?? 0) + 1);
    }
    // 30 dispatches to the units, 30 creates + 0 dispatches to the committee (dispatch does not concern it)
    expect(perEvent.size).toBe(60);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    const pending = await env.deps.db.selectFrom('webhook_deliveries').select('status').where('alliance_id', '=', A.id).where('status', '!=', 'sent').execute();
    expect(pending).toEqual([]);
    const dup = await env.deps.db
      .selectFrom('inbox_items')
      .select(['event_id', 'user_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alliance_id', '=', A.id)
      .groupBy(['event_id', 'user_id'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(dup).toEqual([]);
    expect(await env.deps.db.selectFrom('inbox_items').select('id').where('alliance_id', '=', A.id).where('event', '=', 'dispatch').execute()).toHaveLength(30);
  }, 120_000);
});
