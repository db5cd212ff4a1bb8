import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate } from '../src/modules/merchants/merchants.xlsx.ts';
import { TEST_DB } from './harness.ts';
import { badFiles, multipart, realJpeg } from './fuzz/multipart.ts';
import { Prng, fuzzCount, fuzzSeed } from './fuzz/prng.ts';
import { describe as describeRequest, makeRequest, send, type Docs, type FuzzRequest } from './fuzz/requests.ts';
import { openApiDocs } from './fuzz/routes.ts';
import { installWriteLog, lastWrite, tableCounts, tableNames, writesSince } from './fuzz/tables.ts';
import { buildWorld, type World } from './fuzz/world.ts';

// Abuse part 1: every route gets random and malformed requests from anonymous callers, alliance A's admin (with ids of
// alliance B) and a low-privilege member. No answer may be a 5xx, none may hang, the app stays up, and a request
// that was rejected (4xx) must not have inserted, updated or deleted a row of any table (triggers log every write).

const SEED = fuzzSeed();
const COUNT = fuzzCount(TEST_DB === 'postgres' ? 3000 : 8000);
/** every so many requests the callers' sessions are checked (a fuzzed request may have logged one out) */
const REVIVE_EVERY = 25;
const TIMEOUT_MS = 15_000;

let world: World;
let docs: Docs;
let tables: string[];

beforeAll(async () => {
  console.log(`fuzz seed ${SEED}, ${COUNT} requests on ${TEST_DB} (replay with FUZZ_SEED=${SEED} FUZZ_COUNT=${COUNT})`);
  world = await buildWorld();
  docs = await openApiDocs(world.env.app);
  tables = await tableNames(world.env);
  await installWriteLog(world.env, tables);
}, 240_000);

afterAll(async () => {
  await world?.env.close();
});

/**
 * Sends requests one by one; collects 5xx answers and hangs, and, for every rejected (4xx) request, every row it
 * inserted, updated or deleted (the write log is read between any two requests).
 */
async function runAll(
  requests: () => FuzzRequest | null,
  label: string,
): Promise<{ failures: string[]; sent: number; statuses: Map<number, number>; checked: number }> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  let checked = 0;
  let before = await lastWrite(world.env);
  for (let req = requests(); req; req = requests()) {
    const res = await send(world, req, TIMEOUT_MS);
    sent++;
    const { last, writes } = await writesSince(world.env, before);
    if (res === 'timeout') failures.push(`${label}: no answer in ${TIMEOUT_MS} ms: ${describeRequest(req)}`);
    else {
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${label}: ${res.statusCode} ${describeRequest(req)} → ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 400 && res.statusCode < 500) {
        checked++;
        if (writes.length) failures.push(`${label}: rejected with ${res.statusCode} but wrote (${writes.join(', ')}): ${describeRequest(req)}`);
      }
    }
    before = last;
    if (sent % REVIVE_EVERY === 0) {
      await world.revive();
      before = await lastWrite(world.env);
    }
  }
  return { failures, sent, statuses, checked };
}

describe(`fuzz (seed ${SEED})`, () => {
  it('enumerates every route from the router, the public pages, public reports and Open311 included', () => {
    const paths = new Set(world.routes.map((r) => `${r.method} ${r.path}`));
    for (const p of [
      'GET /m/:code',
      'POST /m/:code/complaint',
      'GET /t/:token',
      'POST /t/:token/rate',
      'GET /open311/v2/:file',
      'POST /open311/v2/:file',
      'GET /open311/v2/:collection/:file',
      'POST /api/public/reports',
      'POST /api/public/files',
      'POST /api/v1/merchants/import',
      'POST /api/v1/people/:id/reveal',
      'POST /api/v1/meetings/:id/resolutions',
      'DELETE /api/v1/meetings/:id/agenda/:itemId',
    ])
      expect(paths, p).toContain(p);
    expect(world.routes.filter((r) => r.path.startsWith('/api/v1/')).length).toBeGreaterThan(100);
    expect(world.pools.foreign.length).toBeGreaterThan(50);
    expect(world.merchantCodes.foreign.length).toBeGreaterThan(0);
  });

  it('logs every insert, update and delete of a request, so a rejected one that wrote would be seen', async () => {
    const { adminA } = world.actors;
    const before = await lastWrite(world.env);
    const org = await adminA.client.ok('POST', '/api/v1/orgs', { kind: 'group', name: '写入日志党小组' }, 201);
    await adminA.client.ok('PATCH', `/api/v1/orgs/${org.id}`, { name: '写入日志党小组（改）' });
    await adminA.client.ok('DELETE', `/api/v1/orgs/${org.id}`);
    const { writes } = await writesSince(world.env, before);
    for (const op of ['insert', 'update', 'delete']) expect(writes, op).toContainEqual(expect.stringMatching(new RegExp(`^orgs ${op} `)));
  });

  it('has an operating merchant of alliance A, so complaint posts reach the form', async () => {
    expect((await world.env.anon.get(`/m/${world.merchantCodes.own[0]}`)).statusCode).toBe(200);
  });

  it('refuses U+0000 in a path, query, JSON or form field and a malformed multipart body with 400 naming the field (were 500 on PostgreSQL / both)', async () => {
    const { adminA } = world.actors;
    const orgs = await tableCounts(world.env, ['orgs']);
    const cases: Array<[string, Promise<import('fastify').LightMyRequestResponse>, string]> = [
      ['path', adminA.client.get('/api/v1/people/%00abc'), 'id'],
      ['query', adminA.client.get('/api/v1/tickets?q=a%00b'), 'q'],
      ['body', adminA.client.post('/api/v1/orgs', { name: 'a\u0000b', kind: 'street_committee' }), 'name'],
      ['nested body key', adminA.client.post('/api/v1/orgs', { name: 'ok', meta: { 'k\u0000': 1 } }), 'meta.k\u0000'],
    ];
    for (const [what, pending, field] of cases) {
      const r = await pending;
      expect(r.statusCode, `${what}: ${r.body}`).toBe(400);
      expect(r.json().error.details[0].path, what).toBe(field);
    }
    expect(await tableCounts(world.env, ['orgs'])).toEqual(orgs);
    const open311 = await world.env.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `jurisdiction_id=${world.alliances.A.code}&api_key=${world.apiKeyA}&service_code=1&description=a%00b`,
      remoteAddress: '10.251.0.1',
    });
    expect(open311.statusCode, open311.body).toBe(400);
    // a real workbook whose file name carries U+0000: imported, the name kept without it (was 500 on PostgreSQL)
    const workbook = await buildTemplate([], [{ name: '测试商户' }]);
    const book = multipart([{ name: 'file', value: workbook, filename: '商户\u0000.xlsx', contentType: 'application/octet-stream' }]);
    const imported = await world.env.app.inject({
      method: 'POST',
      url: '/api/v1/merchants/import',
      headers: { 'content-type': book.contentType, cookie: adminA.client.cookie ?? '' },
      payload: book.payload,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const jpeg = await realJpeg();
    const good = multipart([{ name: 'file', value: jpeg, filename: 'a.jpg', contentType: 'image/jpeg' }]);
    for (const [what, ct, payload] of [
      ['no boundary', 'multipart/form-data', good.payload],
      ['cut off', good.contentType, good.payload.subarray(0, good.payload.length / 2)],
    ] as const) {
      for (const url of ['/api/public/files', '/api/v1/files', '/api/v1/merchants/import']) {
        const r = await world.env.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': ct, cookie: adminA.client.cookie ?? '' },
          payload,
          remoteAddress: '10.251.0.2',
        });
        expect(r.statusCode, `${what} ${url}: ${r.body}`).toBe(400);
        expect(r.json().error.code).toBe('VALIDATION_FAILED');
      }
    }
  });

  it(`answers ${COUNT} random and malformed requests to every route without a 5xx, a hang or a row written by a rejected request`, async () => {
    const rng = new Prng(SEED);
    const routes = [...world.routes];
    // a seeded shuffle, then round robin: every route gets its share
    for (let i = routes.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [routes[i], routes[j]] = [routes[j]!, routes[i]!];
    }
    let n = 0;
    const started = Date.now();
    const { failures, sent, statuses, checked } = await runAll(() => {
      if (n >= COUNT) return null;
      const route = routes[n++ % routes.length]!;
      return makeRequest(rng, world, docs, route);
    }, 'random');
    console.log(
      `fuzz: ${sent} requests in ${Date.now() - started} ms, ${checked} rejected ones checked for writes; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(failures.slice(0, 30)).toEqual([]);
    expect(sent).toBe(COUNT);
    expect((await world.env.anon.get('/api/health')).statusCode).toBe(200);
  }, 600_000);

  it('refuses zip bombs, 20 MB and pixel-bomb images, wrong and truncated files and broken multipart without a 5xx or a row written', async () => {
    const files = await badFiles();
    const { code } = world.alliances.A;
    const merchantCode = world.merchantCodes.own[0] ?? 'NONE';
    const adminCookie = () => world.actors.adminA.client.cookie ?? '';
    const targets = [
      { url: '/api/v1/files', field: 'file', cookie: adminCookie },
      { url: '/api/public/files', field: 'file', cookie: () => '' },
      { url: '/api/v1/merchants/import', field: 'file', cookie: adminCookie },
      { url: '/api/v1/merchants/import?dryRun=true', field: 'file', cookie: adminCookie },
      { url: `/m/${merchantCode}/complaint`, field: 'photo', cookie: () => '' },
    ];
    const jpeg = await realJpeg();
    const queue: FuzzRequest[] = [];
    let ip = 0;
    const at = () => `10.250.${Math.floor(ip / 250)}.${(ip++ % 250) + 1}`;
    for (const t of targets) {
      const headers = (ct: string): Record<string, string> => ({ 'content-type': ct, ...(t.cookie() ? { cookie: t.cookie() } : {}) });
      const extra = t.url.startsWith('/m/') ? [{ name: 'description', value: '商家缺斤少两' }] : [];
      for (const f of files) {
        const mp = multipart([...extra, { name: t.field, value: f.data, filename: f.filename, contentType: f.contentType }]);
        queue.push({ actor: 'adminA', method: 'POST', url: t.url, headers: headers(mp.contentType), payload: mp.payload, remoteAddress: at() });
      }
      const good = [...extra, { name: t.field, value: jpeg, filename: 'a.jpg', contentType: 'image/jpeg' }];
      const broken: Array<{ payload: Buffer | string; ct: string }> = [
        { payload: multipart(good).payload, ct: 'multipart/form-data' }, // no boundary
        { payload: multipart(good).payload, ct: 'multipart/form-data; boundary=wrong' },
        { payload: multipart(good, { truncate: 0.5 }).payload, ct: multipart(good).contentType },
        { payload: multipart(good, { truncate: 0.05 }).payload, ct: multipart(good).contentType },
        { payload: multipart([{ name: 'other', value: 'x' }]).payload, ct: multipart([]).contentType },
        { payload: multipart([]).payload, ct: multipart([]).contentType },
        { payload: multipart(Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, value: 'x' }))).payload, ct: multipart([]).contentType },
        // U+0000 in a text field and in the file name (PostgreSQL text cannot store it)
        {
          payload: multipart([...extra.map((e) => ({ ...e, value: `${e.value}\u0000` })), { name: 'consent', value: 'on' }]).payload,
          ct: multipart([]).contentType,
        },
        {
          payload: multipart([{ name: t.field, value: jpeg.subarray(0, 10), filename: 'a\u0000.xlsx', contentType: 'image/jpeg' }]).payload,
          ct: multipart([]).contentType,
        },
        { payload: jpeg, ct: 'image/jpeg' },
        { payload: '{"file":"x"}', ct: 'application/json' },
        { payload: 'file=x', ct: 'application/x-www-form-urlencoded' },
      ];
      for (const b of broken) queue.push({ actor: 'adminA', method: 'POST', url: t.url, headers: headers(b.ct), payload: b.payload, remoteAddress: at() });
    }
    // Open311 form posts that must all be refused: no or a wrong key, another jurisdiction, broken fields
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const open311: Array<Record<string, string>> = [
      { jurisdiction_id: code, service_code: '1', description: '垃圾' },
      { jurisdiction_id: code, api_key: 'wrong', service_code: '1', description: '垃圾' },
      { jurisdiction_id: world.alliances.B.code, api_key: world.apiKeyA, service_code: '1', description: '垃圾' },
      { jurisdiction_id: code, api_key: world.apiKeyA, service_code: '', description: '' },
      { jurisdiction_id: code, api_key: world.apiKeyA, service_code: 'nope', description: '垃圾', lat: 'NaN', long: 'Infinity' },
      { jurisdiction_id: code, api_key: world.apiKeyA, service_code: '1', description: '垃圾', lat: '999', long: '0' },
      { jurisdiction_id: code, api_key: world.apiKeyA, service_code: '1', description: 'x'.repeat(5000) },
      { jurisdiction_id: code, api_key: world.apiKeyA, service_code: '1', description: '垃圾', media_url: 'javascript:alert(1)' },
      { jurisdiction_id: code, api_key: world.apiKeyA, service_code: '1', description: '垃圾', 'attribute[__proto__]': 'x' },
      { jurisdiction_id: 'x'.repeat(500), description: '垃圾' },
    ];
    for (const f of open311)
      for (const file of ['requests.json', 'requests.xml'])
        queue.push({
          actor: 'apiKey',
          method: 'POST',
          url: `/open311/v2/${file}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: form(f),
          remoteAddress: at(),
        });

    let i = 0;
    const { failures, sent, statuses, checked } = await runAll(() => queue[i++] ?? null, 'corpus');

    console.log(`corpus: ${sent} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(failures).toEqual([]);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(checked).toBe(sent);
    expect((await world.env.anon.get('/api/health')).statusCode).toBe(200);
  }, 300_000);
});
