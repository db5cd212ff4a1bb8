import { XMLParser } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/lib/crypto.ts';
import { createRequest, jurisdiction, postingActor } from '../src/modules/open311/open311.service.ts';
import { countRows, setupEnv, type Client, type TestEnv } from './harness.ts';

/** Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and mySociety's servicerequestupdates, as a client sees them. */

let env: TestEnv;
let A: { id: string; roles: Record<string, string> };
let B: { id: string; roles: Record<string, string> };
let admin: Client;
let adminB: Client;
let handler: Client;
let unitId: string;
let leafGrid: string;
/** a key of A whose role may create tickets, one of A that may only read, one of B */
let keyA: string;
let keyRead: string;
let keyB: string;
let ipSeq = 0;
/** Each call comes from its own address so that the per-address limits do not leak between tests. */
const nextIp = () => `10.31.${Math.floor(++ipSeq / 200)}.${(ipSeq % 200) + 1}`;

const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'request_update', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name),
});

const get = (url: string, ip = nextIp()) => env.app.inject({ method: 'GET', url, remoteAddress: ip });
/** A form-encoded POST, as GeoReport clients send it. */
const postForm = (url: string, fields: Record<string, string | string[]>, ip = nextIp()) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return env.app.inject({ method: 'POST', url, payload: p.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: ip });
};
const parseXml = (r: LightMyRequestResponse) => xml.parse(r.body) as Record<string, any>;

function expectJson(r: LightMyRequestResponse, status = 200) {
  expect(r.statusCode, r.body).toBe(status);
  expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  return r.json();
}
function expectXml(r: LightMyRequestResponse, status = 200) {
  expect(r.statusCode, r.body).toBe(status);
  expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(r.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return parseXml(r);
}
/** The spec's error list in either format, with the HTTP status as every code. */
function expectErrors(r: LightMyRequestResponse, status: number, format: 'json' | 'xml' = 'json'): string[] {
  const list: { code: unknown; description: string }[] = format === 'json' ? expectJson(r, status) : expectXml(r, status).errors.error;
  expect(list.length).toBeGreaterThan(0);
  for (const e of list) {
    expect(Number(e.code)).toBe(status);
    expect(typeof e.description).toBe('string');
  }
  return list.map((e) => e.description);
}

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

const baseForm = () => ({
  jurisdiction_id: 'OPA',
  api_key: keyA,
  service_code: 'HJWS',
  lat: '29.3081',
  long: '120.0760',
  address_string: '义乌市稠城街道荷花街 12 号',
  description: '荷花街 12 号门口垃圾堆了三天，联系人 13812345678',
});

async function createKey(c: Client, name: string, roleId: string): Promise<string> {
  return (await c.ok('POST', '/api/v1/api-keys', { name, roleId })).secret as string;
}

beforeAll(async () => {
  env = await setupEnv();
  A = await env.alliance('OPA', '荷花芯商圈党建联盟');
  B = await env.alliance('OPB', '港市红商圈党建联盟');
  admin = await env.member(A.id, A.roles['联盟管理员'] as string);
  adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
  unitId = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城综合行政执法中队' })).id;
  const community = (await admin.ok('POST', '/api/v1/grids', { name: '荷花社区' })).id;
  leafGrid = (await admin.ok('POST', '/api/v1/grids', { name: '荷花一网格', parentId: community })).id;
  handler = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId });
  keyA = await createKey(admin, 'FixMyStreet 对接', A.roles['党委工作人员'] as string);
  keyRead = await createKey(admin, '只读大屏', A.roles['领导（只读）'] as string);
  keyB = await createKey(adminB, '港市红对接', B.roles['党委工作人员'] as string);
});
afterAll(async () => env?.close());

describe('discovery', () => {
  it('answers the spec fields in JSON and XML', async () => {
    const j = expectJson(await get('/open311/v2/discovery.json'));
    expect(Object.keys(j).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(j.changeset).toMatch(W3C);
    expect(j.endpoints).toHaveLength(1);
    expect(j.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      url: expect.stringMatching(/\/open311\/v2$/),
    });
    expect(j.endpoints[0].changeset).toMatch(W3C);
    expect(j.endpoints[0].formats).toEqual(['text/xml', 'application/json']);
    const x = expectXml(await get('/open311/v2/discovery.xml?jurisdiction_id=OPA')).discovery;
    expect(x.contact).toContain('荷花芯商圈党建联盟');
    expect(x.key_service).toBeTruthy();
    expect(x.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(x.endpoints.endpoint[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
  });
});

describe('jurisdiction', () => {
  it('is required when the server has several alliances, and must be one of them', async () => {
    expect(expectErrors(await get('/open311/v2/services.json'), 400)[0]).toContain('jurisdiction_id');
    expect(expectErrors(await get('/open311/v2/services.xml'), 400, 'xml')[0]).toContain('jurisdiction_id');
    expect(expectErrors(await get('/open311/v2/services.json?jurisdiction_id=NOPE'), 400)[0]).toContain('jurisdiction_id');
    // the code is case-insensitive
    expectJson(await get('/open311/v2/services.json?jurisdiction_id=opa'));
  });
});

describe('services', () => {
  it('lists the alliance categories with every spec field', async () => {
    const cats = await admin.ok('GET', '/api/v1/categories?pageSize=100');
    const active = cats.items.filter((c: any) => c.active).map((c: any) => c.code);
    const list = expectJson(await get('/open311/v2/services.json?jurisdiction_id=OPA'));
    expect(list.map((s: any) => s.service_code).sort()).toEqual([...active].sort());
    for (const s of list) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(s.metadata).toBe(true);
      expect(s.type).toBe('realtime');
    }
    expect(list.find((s: any) => s.service_code === 'HJWS')).toMatchObject({ service_name: '环境卫生', group: '市容环境' });
    const x = expectXml(await get('/open311/v2/services.xml?jurisdiction_id=OPA')).services.service;
    expect(x).toHaveLength(list.length);
    const hjws = x.find((s: any) => s.service_code === 'HJWS');
    expect(hjws).toMatchObject({ service_name: '环境卫生', metadata: 'true', type: 'realtime', group: '市容环境' });
    expect(hjws.description).toBeTruthy();
  });

  it('defines each service with its attributes; unknown services are 404', async () => {
    const d = expectJson(await get('/open311/v2/services/HJWS.json?jurisdiction_id=OPA'));
    expect(d.service_code).toBe('HJWS');
    expect(d.attributes.map((a: any) => a.code)).toEqual(['kind', 'grid']);
    for (const a of d.attributes) {
      expect(Object.keys(a).sort()).toEqual(['code', 'datatype', 'datatype_description', 'description', 'order', 'required', 'values', 'variable']);
      expect(a).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: false });
      for (const v of a.values) expect(Object.keys(v).sort()).toEqual(['key', 'name']);
    }
    expect(d.attributes[0].values.map((v: any) => v.key)).toEqual(['report', 'complaint', 'hazard', 'need', 'wish']);
    expect(d.attributes[1].values).toEqual([{ key: leafGrid, name: '荷花一网格' }]);
    const x = expectXml(await get('/open311/v2/services/HJWS.xml?jurisdiction_id=OPA')).service_definition;
    expect(x.service_code).toBe('HJWS');
    expect(x.attributes.attribute.map((a: any) => [a.code, a.order, a.variable])).toEqual([
      ['kind', '1', 'true'],
      ['grid', '2', 'true'],
    ]);
    expect(x.attributes.attribute[0].values.value[1]).toEqual({ key: 'complaint', name: '投诉维权' });
    expectErrors(await get('/open311/v2/services/NOPE.json?jurisdiction_id=OPA'), 404);
    expectErrors(await get('/open311/v2/services/NOPE.xml?jurisdiction_id=OPA'), 404, 'xml');
    // a category of the other alliance's is no service here: B has no grid attribute, A's codes stay A's
    const dB = expectJson(await get('/open311/v2/services/HJWS.json?jurisdiction_id=OPB'));
    expect(dB.attributes.map((a: any) => a.code)).toEqual(['kind']);
  });
});

describe('POST requests', () => {
  it('takes a request with attributes in, answers its id and a token, and keeps the reporter private', async () => {
    const before = await countRows(env, 'tickets', A.id);
    const r = await postForm('/open311/v2/requests.json', {
      ...baseForm(),
      'attribute[kind]': 'complaint',
      'attribute[grid]': leafGrid,
      'attribute[unknown]': 'ignored',
      email: 'zhang@example.com',
      first_name: '小明',
      last_name: '王',
      phone: '13912345678',
      account_id: 'fms-user-42',
      device_id: 'device-7',
      media_url: 'https://fixmystreet.example.com/photo/1.jpeg',
    });
    const [created] = expectJson(r);
    expect(Object.keys(created).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
    expect(created.service_request_id).toMatch(/^OPA-\d{8}-\d{4}$/);
    expect(created.account_id).toBe('fms-user-42');
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await countRows(env, 'tickets', A.id)).toBe(before + 1);

    const t = await env.deps.db.selectFrom('tickets').selectAll().where('number', '=', created.service_request_id).executeTakeFirstOrThrow();
    expect(t).toMatchObject({
      alliance_id: A.id,
      kind: 'complaint',
      grid_id: leafGrid,
      reporter_name: '王小明',
      status: 'submitted',
      address: '义乌市稠城街道荷花街 12 号',
    });
    expect(Number(t.wgs_lat)).toBeCloseTo(29.3081, 6);
    expect(Number(t.wgs_lng)).toBeCloseTo(120.076, 6);
    expect(t.reporter_phone_enc).not.toContain('13912345678');
    const rec = await env.deps.db.selectFrom('open311_requests').selectAll().where('ticket_id', '=', t.id).executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ token_hash: sha256(created.token), account_id: 'fms-user-42', device_id: 'device-7' });
    expect(JSON.parse(rec.attributes)).toEqual({ kind: 'complaint', grid: leafGrid });
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity_id', '=', t.id).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'ticket.create', actor_name: 'API:FixMyStreet 对接' },
      { action: 'open311.request', actor_name: 'API:FixMyStreet 对接' },
    ]);

    // GET requests/{id}: every spec field, masked text, no reporter data, the attribute answers and media_url back
    const [one] = expectJson(await get(`/open311/v2/requests/${created.service_request_id}.json?jurisdiction_id=OPA`));
    for (const f of REQUEST_FIELDS) expect(one).toHaveProperty(f);
    expect(one).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      status_notes: null,
      service_code: 'HJWS',
      service_name: '环境卫生',
      agency_responsible: null,
      expected_datetime: null,
      media_url: 'https://fixmystreet.example.com/photo/1.jpeg',
      attributes: { kind: 'complaint', grid: leafGrid },
    });
    expect(one.description).toBe('荷花街 12 号门口垃圾堆了三天，联系人 138****5678');
    expect(one.requested_datetime).toMatch(W3C);
    expect(one.updated_datetime).toMatch(W3C);
    expect(one.lat).toBeCloseTo(29.3081, 6);
    expect(one.long).toBeCloseTo(120.076, 6);
    const body = JSON.stringify(one);
    for (const secret of ['13812345678', '13912345678', '王小明', '小明', 'zhang@example.com', 'fms-user-42', 'device-7']) expect(body).not.toContain(secret);

    const x = expectXml(await get(`/open311/v2/requests/${created.service_request_id}.xml?jurisdiction_id=OPA`)).service_requests.request;
    expect(x).toHaveLength(1);
    for (const f of REQUEST_FIELDS) expect(x[0]).toHaveProperty(f);
    expect(x[0]).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'HJWS', description: one.description });
    expect(x[0].attributes).toEqual({ kind: 'complaint', grid: leafGrid });
    expect(Number(x[0].lat)).toBeCloseTo(29.3081, 6);

    // tokens/{token} resolves to the id in both formats; it is no tracking link
    const [tok] = expectJson(await get(`/open311/v2/tokens/${created.token}.json?jurisdiction_id=OPA`));
    expect(tok).toEqual({ service_request_id: created.service_request_id, token: created.token });
    const tx = expectXml(await get(`/open311/v2/tokens/${created.token}.xml?jurisdiction_id=OPA`)).service_requests.request[0];
    expect(tx).toEqual({ service_request_id: created.service_request_id, token: created.token });
    expect((await get(`/t/${created.token}`)).statusCode).toBe(404);
    expectErrors(await get(`/open311/v2/tokens/${created.token}.json?jurisdiction_id=OPB`), 404);
    expectErrors(await get('/open311/v2/tokens/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.xml?jurisdiction_id=OPA'), 404, 'xml');
  });

  it('answers a POST in XML, with defaults for attributes left out', async () => {
    const x = expectXml(await postForm('/open311/v2/requests.xml', { ...baseForm(), description: '路灯不亮' })).service_requests.request[0];
    expect(x.service_request_id).toMatch(/^OPA-/);
    expect(x.token).toBeTruthy();
    expect(x.account_id).toBe('');
    const t = await env.deps.db
      .selectFrom('tickets')
      .select(['kind', 'grid_id', 'reporter_name'])
      .where('number', '=', x.service_request_id)
      .executeTakeFirstOrThrow();
    expect(t).toEqual({ kind: 'report', grid_id: null, reporter_name: null });
  });

  it('refuses a missing, invalid, foreign or read-only key with 403 and writes nothing', async () => {
    const revoked = await admin.ok('POST', '/api/v1/api-keys', { name: '已停用', roleId: A.roles['党委工作人员'] });
    await admin.ok('DELETE', `/api/v1/api-keys/${revoked.id}`);
    const before = await Promise.all([countRows(env, 'tickets'), countRows(env, 'audit_log'), countRows(env, 'open311_requests')]);
    const { api_key: _k, ...noKey } = baseForm();
    expect(expectErrors(await postForm('/open311/v2/requests.json', noKey), 403)[0]).toContain('api_key');
    expectErrors(await postForm('/open311/v2/requests.json', { ...baseForm(), api_key: 'txk_not-a-real-key-aaaaaaaaaaaaaaaaaaaa' }), 403);
    expectErrors(await postForm('/open311/v2/requests.xml', { ...baseForm(), api_key: 'garbage' }), 403, 'xml');
    // B's key does not open A's jurisdiction
    expectErrors(await postForm('/open311/v2/requests.json', { ...baseForm(), api_key: keyB }), 403);
    expect(expectErrors(await postForm('/open311/v2/requests.json', { ...baseForm(), api_key: keyRead }), 403)[0]).toContain('ticket:create');
    // a revoked key stops at once
    expectErrors(await postForm('/open311/v2/requests.json', { ...baseForm(), api_key: revoked.secret }), 403);
    // the key is checked before the fields: a keyless client learns nothing about the form
    expectErrors(await postForm('/open311/v2/requests.json', { jurisdiction_id: 'OPA' }), 403);
    expect(await Promise.all([countRows(env, 'tickets'), countRows(env, 'audit_log'), countRows(env, 'open311_requests')])).toEqual(before);
  });

  it('refuses bad fields with 400 naming each, and writes nothing', async () => {
    const before = await Promise.all([countRows(env, 'tickets'), countRows(env, 'audit_log'), countRows(env, 'open311_requests')]);
    const bad = async (fields: Record<string, string>, field: string, format: 'json' | 'xml' = 'json') => {
      const d = expectErrors(await postForm(`/open311/v2/requests.${format}`, fields), 400, format);
      expect(d.join(' | ')).toContain(field);
    };
    const { service_code: _s, ...noService } = baseForm();
    await bad(noService, 'service_code');
    await bad({ ...baseForm(), service_code: 'NOPE' }, 'service_code');
    const { description: _d, ...noDescription } = baseForm();
    await bad(noDescription, 'description', 'xml');
    const { lat: _la, long: _lo, address_string: _a, ...noPlace } = baseForm();
    await bad(noPlace, 'lat');
    await bad({ ...baseForm(), long: '' }, 'long');
    await bad({ ...baseForm(), lat: '123' }, 'lat');
    await bad({ ...baseForm(), phone: '12345' }, 'phone');
    await bad({ ...baseForm(), email: 'not-an-email' }, 'email');
    await bad({ ...baseForm(), media_url: 'javascript:alert(1)' }, 'media_url');
    await bad({ ...baseForm(), 'attribute[kind]': 'errand' }, 'attribute[kind]');
    await bad({ ...baseForm(), 'attribute[grid]': 'no-such-grid' }, 'attribute[grid]');
    await bad({ ...baseForm(), jurisdiction_id: 'NOPE' }, 'jurisdiction_id');
    expect(await Promise.all([countRows(env, 'tickets'), countRows(env, 'audit_log'), countRows(env, 'open311_requests')])).toEqual(before);
  });

  it('commits the ticket and its Open311 record together, or neither', async () => {
    const before = await Promise.all([countRows(env, 'tickets'), countRows(env, 'ticket_events'), countRows(env, 'audit_log'), countRows(env, 'outbox')]);
    const j = await jurisdiction(env.deps, 'OPA');
    const actor = await postingActor(env.deps, j, keyA, { requestId: 'atomic', ip: null });
    // a key id that does not exist breaks the Open311 record's foreign key after the intake has written the ticket
    const broken = { ...actor, apiKeyId: 'no-such-key' };
    const body = { service_code: 'HJWS', description: '原子性检查', lat: 29.3, long: 120.07, attributes: {} };
    await expect(createRequest(env.deps, j, broken, body)).rejects.toThrow();
    expect(await Promise.all([countRows(env, 'tickets'), countRows(env, 'ticket_events'), countRows(env, 'audit_log'), countRows(env, 'outbox')])).toEqual(
      before,
    );
  });

  it('replaces sensitive words in the description', async () => {
    const [c] = expectJson(await postForm('/open311/v2/requests.json', { ...baseForm(), description: '有人在街上出售枪支' }));
    const t = await env.deps.db.selectFrom('tickets').select('description').where('number', '=', c.service_request_id).executeTakeFirstOrThrow();
    expect(t.description).not.toContain('枪支');
    expect(t.description).toContain('＊');
  });

  it('limits POSTs per client address', async () => {
    const ip = nextIp();
    let last: LightMyRequestResponse | null = null;
    for (let i = 0; i < 31; i++) last = await postForm('/open311/v2/requests.json', { jurisdiction_id: 'OPA', api_key: 'garbage' }, ip);
    expectErrors(last as LightMyRequestResponse, 429);
  });
});

describe('GET requests and servicerequestupdates', () => {
  let id: string;
  let ticketId: string;

  beforeAll(async () => {
    const [c] = expectJson(await postForm('/open311/v2/requests.json', { ...baseForm(), service_code: 'ZDJY', description: '占道摆摊，摊主电话 13700001111' }));
    id = c.service_request_id;
    ticketId = (await env.deps.db.selectFrom('tickets').select('id').where('number', '=', id).executeTakeFirstOrThrow()).id;
  });

  const act = async (c: Client, action: string, body: unknown = {}) => c.ok('POST', `/api/v1/tickets/${ticketId}/actions/${action}`, body);

  it('follows the loop: lead unit, deadline, status notes, closed once resolved', async () => {
    env.clock.advance(60_000);
    const d = await act(admin, 'dispatch', { leadUnitId: unitId, note: '请执法中队到场，联系 13700001111' });
    const [r1] = expectJson(await get(`/open311/v2/requests/${id}.json?jurisdiction_id=OPA`));
    // the dispatch instruction is the committee's word to the unit: the public reads what the step means
    expect(r1).toMatchObject({ status: 'open', agency_responsible: '稠城综合行政执法中队', status_notes: '已派单' });
    expect(r1.expected_datetime).toMatch(W3C);
    expect(Date.parse(r1.expected_datetime)).toBe(Math.floor(d.dueAt / 1000) * 1000);
    env.clock.advance(60_000);
    await act(handler, 'accept');
    env.clock.advance(60_000);
    await act(handler, 'resolve', { feedback: '已劝离摊贩' });
    const [r2] = expectJson(await get(`/open311/v2/requests/${id}.json?jurisdiction_id=OPA`));
    expect(r2).toMatchObject({ status: 'closed', status_notes: '已劝离摊贩' });
    expect(Date.parse(r2.updated_datetime)).toBeGreaterThan(Date.parse(r1.updated_datetime));

    const updates = expectJson(await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=OPA'));
    const mine = updates.filter((u: any) => u.service_request_id === id);
    expect(mine.map((u: any) => u.status)).toEqual(['open', 'open', 'closed']);
    expect(mine[0].description).toBe('已派单');
    expect(mine[1].description).toBe('已接单，办理中');
    for (const u of mine) {
      expect(Object.keys(u).sort()).toEqual(['description', 'media_url', 'service_request_id', 'status', 'update_id', 'updated_datetime']);
      expect(u.updated_datetime).toMatch(W3C);
    }
    const x = expectXml(await get('/open311/v2/servicerequestupdates.xml?jurisdiction_id=OPA')).service_request_updates.request_update;
    const mineX = x.filter((u: any) => u.service_request_id === id);
    expect(mineX.map((u: any) => u.status)).toEqual(['open', 'open', 'closed']);
    expect(mineX[2]).toMatchObject({ description: '已劝离摊贩', media_url: '' });
    expect(mineX[0].update_id).toBe(mine[0].update_id);
    // a window after the last change holds none of them
    const later = new Date(env.clock.now() + 60_000).toISOString();
    expect(expectJson(await get(`/open311/v2/servicerequestupdates.json?jurisdiction_id=OPA&start_date=${encodeURIComponent(later)}`))).toEqual([]);
  });

  it('filters by id, service_code, status and dates', async () => {
    const q = (s: string) => get(`/open311/v2/requests.json?jurisdiction_id=OPA&${s}`).then((r) => expectJson(r) as any[]);
    const all = await q('');
    expect(all.length).toBeGreaterThanOrEqual(4);
    // a bad value in a list parameter names the parameter as sent, not its position
    expect(expectErrors(await get('/open311/v2/requests.json?jurisdiction_id=OPA&status=bogus'), 400)[0]).toMatch(/^status: /);
    // newest first
    const times = all.map((r) => Date.parse(r.requested_datetime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await q('service_code=ZDJY')).map((r) => r.service_request_id)).toEqual([id]);
    expect((await q('status=closed')).map((r) => r.service_request_id)).toEqual([id]);
    expect((await q('status=open')).every((r) => r.status === 'open' && r.service_request_id !== id)).toBe(true);
    expect((await q('status=open,closed')).length).toBe(all.length);
    // service_request_id wins over the other filters
    const other = all.find((r) => r.service_request_id !== id).service_request_id;
    const two = await q(`service_request_id=${id},${other}&status=open&service_code=XXX`);
    expect(two.map((r) => r.service_request_id).sort()).toEqual([id, other].sort());
    const future = encodeURIComponent('2030-01-01T00:00:00+08:00');
    expect(await q(`start_date=${future}`)).toEqual([]);
    // an end alone covers the 90 days before it
    expect(await q(`end_date=${future}`)).toEqual([]);
    expect((await q('end_date=2026-11-21')).length).toBe(all.length);
    expect((await q('start_date=2026-11-20&end_date=2026-11-21')).length).toBe(all.length);
    expect(await q('start_date=2026-11-19T00:00:00Z&end_date=2026-11-19T12:00:00Z')).toEqual([]);
    // XML carries the same list
    const x = expectXml(await get('/open311/v2/requests.xml?jurisdiction_id=OPA&service_code=ZDJY')).service_requests.request;
    expect(x.map((r: any) => r.service_request_id)).toEqual([id]);
    for (const f of REQUEST_FIELDS) expect(x[0]).toHaveProperty(f);
  });

  it('refuses malformed filters with 400 and unknown requests with 404', async () => {
    const bad = async (s: string, field: string) =>
      expect(expectErrors(await get(`/open311/v2/requests.json?jurisdiction_id=OPA&${s}`), 400).join(' ')).toContain(field);
    await bad('status=pending', 'status');
    await bad('start_date=yesterday', 'start_date');
    await bad('end_date=2026-13-01', 'end_date');
    await bad('start_date=2026-11-21&end_date=2026-11-20', 'start_date');
    expectErrors(await get('/open311/v2/requests/OPA-20260101-9999.json?jurisdiction_id=OPA'), 404);
    expectErrors(await get('/open311/v2/requests/OPA-20260101-9999.xml?jurisdiction_id=OPA'), 404, 'xml');
    expectErrors(await get('/open311/v2/nothing.json'), 404);
    expectErrors(await get('/open311/v2/services'), 404);
    expectErrors(await get('/open311/v2/a/b/c.xml'), 404, 'xml');
  });
});

describe('privacy and tenancy', () => {
  it('shows tickets from every intake without reporter data, numbers masked', async () => {
    const cats = await admin.ok('GET', '/api/v1/categories?pageSize=100');
    const srhj = cats.items.find((c: any) => c.code === 'SRHJ').id;
    const staff = await admin.ok(
      'POST',
      '/api/v1/tickets',
      {
        kind: 'report',
        categoryId: srhj,
        description: '商户身份证 330782199001011234 丢在店门口',
        reporterName: '李四',
        reporterPhone: '13655556666',
        address: '荷花街 3 号，电话 13655556666',
      },
      201,
    );
    const [r] = expectJson(await get(`/open311/v2/requests/${staff.number}.json?jurisdiction_id=OPA`));
    expect(r.description).toBe('商户身份证 330782********1234 丢在店门口');
    expect(r.address).toBe('荷花街 3 号，电话 136****6666');
    expect(r).toMatchObject({ media_url: null, attributes: {}, lat: null, long: null });
    const text = JSON.stringify(r) + (await get(`/open311/v2/requests/${staff.number}.xml?jurisdiction_id=OPA`)).body;
    for (const secret of ['李四', '13655556666', '330782199001011234']) expect(text).not.toContain(secret);
    const list = (await get('/open311/v2/requests.json?jurisdiction_id=OPA')).body;
    for (const secret of ['李四', '13655556666', '330782199001011234', '13812345678']) expect(list).not.toContain(secret);
  });

  it('keeps kinds the public cannot report (errands, monitoring feedback) out', async () => {
    const cats = await admin.ok('GET', '/api/v1/categories?pageSize=100');
    const errand = await admin.ok(
      'POST',
      '/api/v1/tickets',
      { kind: 'errand', categoryId: cats.items[0].id, description: '帮独居老人代缴水电费', address: '荷花街 9 号' },
      201,
    );
    expectErrors(await get(`/open311/v2/requests/${errand.number}.json?jurisdiction_id=OPA`), 404);
    expect(expectJson(await get(`/open311/v2/requests.json?jurisdiction_id=OPA&service_request_id=${errand.number}`))).toEqual([]);
    await admin.ok('POST', `/api/v1/tickets/${errand.id}/actions/cancel`, { reason: '已办' });
    const upd = expectJson(await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=OPA'));
    expect(upd.some((u: any) => u.service_request_id === errand.number)).toBe(false);
  });

  it("never shows another alliance's requests, tokens or updates", async () => {
    const [b] = expectJson(await postForm('/open311/v2/requests.json', { ...baseForm(), jurisdiction_id: 'OPB', api_key: keyB, description: '港市红的诉求' }));
    expect(b.service_request_id).toMatch(/^OPB-/);
    expectErrors(await get(`/open311/v2/requests/${b.service_request_id}.json?jurisdiction_id=OPA`), 404);
    expectErrors(await get(`/open311/v2/tokens/${b.token}.json?jurisdiction_id=OPA`), 404);
    const listA = expectJson(await get(`/open311/v2/requests.json?jurisdiction_id=OPA&service_request_id=${b.service_request_id}`));
    expect(listA).toEqual([]);
    const allA = expectJson(await get('/open311/v2/requests.json?jurisdiction_id=OPA'));
    expect(allA.every((r: any) => r.service_request_id.startsWith('OPA-'))).toBe(true);
    const tB = await env.deps.db.selectFrom('tickets').select('id').where('number', '=', b.service_request_id).executeTakeFirstOrThrow();
    await adminB.ok('POST', `/api/v1/tickets/${tB.id}/actions/cancel`, { reason: '重复提交' });
    const updA = expectJson(await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=OPA'));
    expect(updA.some((u: any) => u.service_request_id === b.service_request_id)).toBe(false);
    const updB = expectJson(await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=OPB'));
    expect(updB.map((u: any) => [u.service_request_id, u.status])).toEqual([[b.service_request_id, 'closed']]);
    const [own] = expectJson(await get(`/open311/v2/requests/${b.service_request_id}.json?jurisdiction_id=OPB`));
    expect(own.status).toBe('closed');
  });
});

describe('api_key for GETs', () => {
  it('is a console setting of the alliance, audited, for key managers only', async () => {
    const s = await admin.ok('GET', '/api/v1/open311/settings');
    expect(s).toEqual({ requireKeyForGet: false, jurisdictionId: 'OPA', endpoint: '/open311/v2/' });
    const staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    expect((await staff.req('PUT', '/api/v1/open311/settings', { requireKeyForGet: true })).statusCode).toBe(403);
    expect((await admin.req('PUT', '/api/v1/open311/settings', { requireKeyForGet: 'yes' })).statusCode).toBe(400);
    expect((await env.anon.req('PUT', '/api/v1/open311/settings', { requireKeyForGet: true })).statusCode).toBe(401);
    expect(await admin.ok('PUT', '/api/v1/open311/settings', { requireKeyForGet: true })).toMatchObject({ requireKeyForGet: true });
    expect((await admin.ok('GET', '/api/v1/open311/settings')).requireKeyForGet).toBe(true);
    const audit = await env.deps.db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('action', '=', 'open311.settings.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json as string)).toEqual({ requireKeyForGet: true });
  });

  it('then refuses keyless GETs with 403 and takes any key of the alliance', async () => {
    for (const path of ['services.json', 'services/HJWS.json', 'requests.json', 'servicerequestupdates.json', 'requests/OPA-20261120-0001.json'])
      expect(expectErrors(await get(`/open311/v2/${path}?jurisdiction_id=OPA`), 403)[0]).toContain('api_key');
    expectErrors(await get('/open311/v2/requests.xml?jurisdiction_id=OPA'), 403, 'xml');
    expectJson(await get(`/open311/v2/requests.json?jurisdiction_id=OPA&api_key=${keyRead}`));
    expectXml(await get(`/open311/v2/services.xml?jurisdiction_id=OPA&api_key=${keyA}`));
    expectErrors(await get(`/open311/v2/requests.json?jurisdiction_id=OPA&api_key=${keyB}`), 403);
    // discovery stays open; the other alliance is not affected
    expectJson(await get('/open311/v2/discovery.json?jurisdiction_id=OPA'));
    expectJson(await get('/open311/v2/services.json?jurisdiction_id=OPB'));
    // a wrong key is refused even where none is required
    expectErrors(await get('/open311/v2/services.json?jurisdiction_id=OPB&api_key=txk_wrong-wrong-wrong-wrong-wrong'), 403);
    await admin.ok('PUT', '/api/v1/open311/settings', { requireKeyForGet: false });
    expectJson(await get('/open311/v2/services.json?jurisdiction_id=OPA'));
  });
});
