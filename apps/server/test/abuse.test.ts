import { halfWidthDigits, idNumberCheckChar, isValidResidentId } from '@tongxin/domain';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { bumpAuthEpoch } from '../src/lib/authEpoch.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/index.ts';
import { runNotificationsOnce } from '../src/modules/notifications/index.ts';
import { readSheet } from '../src/modules/merchants/merchants.xlsx.ts';
import { Client, countRows } from './harness.ts';
import { realJpeg, multipart } from './fuzz/multipart.ts';
import { buildWorld, crawl, plantFreeTexts, PLANTED_HOLIDAY, type Crawled, type World } from './fuzz/world.ts';

// Abuse part 2: security headers (the public pages' strict CSP), the login and public-form rate limits, and a broad
// crawl proving no answer carries another person's unmasked mobile number or resident ID number.

let world: World;
/** personal data planted for the scan: a person's phone and ID number, a reporter's phone, a phone in free text */
const PLANTED = {
  personPhone: '13712340001',
  personId: `11010519491231002${idNumberCheckChar('11010519491231002')}`,
  reporterPhone: '15898765432',
  textPhone: '18611112222',
  /** as a resident's phone keyboard types it: full-width digits in groups split by ideographic spaces */
  typedPhone: '１３６　５５５５　６６６６',
  /**
   * typed by staff into free-text fields: a note, duties, a secretary, an address, a resource's description and title, a
   * deduction, a promise, a project, and name-like fields (a contact's or operator's name, an organisation's name)
   */
  notePhone: '13966667777',
  noteId: `33078219800101001${idNumberCheckChar('33078219800101001')}`,
};
let personId = '';
/** the markers of the free texts plantFreeTexts typed both numbers into */
let freeTextMarkers: string[] = [];

beforeAll(async () => {
  world = await buildWorld();
  const { adminA } = world.actors;
  // adminA's account named before names refused numbers: each record it makes below copies the name as stored
  // (timelines, audit records, "created by", the inbox), and every answer must show it masked
  await world.env.deps.db
    .updateTable('users')
    .set({ display_name: `陈佳怡${PLANTED.notePhone}` })
    .where('username', '=', adminA.username)
    .execute();
  bumpAuthEpoch();
  const inText = `联系人手机${PLANTED.notePhone}，身份证${PLANTED.noteId}`;
  const person = await adminA.client.ok(
    'POST',
    '/api/v1/people',
    { name: '隐私测试', phone: PLANTED.personPhone, idNumber: PLANTED.personId, title: `手机${PLANTED.notePhone}`, note: inText },
    201,
  );
  personId = person.id as string;
  const unit = await adminA.client.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '隐私测试物业', address: inText, duties: inText }, 201);
  await adminA.client.ok('POST', '/api/v1/orgs', { kind: 'group', name: '隐私测试党小组', secretary: '王书记', description: inText }, 201);
  const shops = await adminA.client.ok<{ items: Array<{ id: string }> }>('GET', '/api/v1/merchants?pageSize=1');
  const shop = shops.items[0]?.id;
  await adminA.client.ok('PATCH', `/api/v1/merchants/${shop}`, { address: `义乌市稠城街道 ${inText}` });
  // the shop's credit record: a deduction's place and note, its promise, an objection and the committee's decision
  const items = await adminA.client.ok<{ items: Array<{ id: string }> }>('GET', '/api/v1/credit/catalogue');
  const entry = await adminA.client.ok(
    'POST',
    `/api/v1/merchants/${shop}/credit/entries`,
    { kind: 'deduction', itemId: items.items[0]?.id, place: inText, note: inText, photos: [await adminA.client.uploadPhoto()] },
    201,
  );
  await adminA.client.ok('POST', `/api/v1/merchants/${shop}/credit/promise`, { identity: `隐私测试承诺${inText}`, duty: inText, pledge: inText }, 201);
  const objection = await adminA.client.ok('POST', `/api/v1/merchants/${shop}/credit/objections`, { entryId: entry.id, reason: inText }, 201);
  await adminA.client.ok('POST', `/api/v1/credit/objections/${objection.id}/decision`, { upheld: false, note: inText });
  // a project's title, description and progress note
  const project = await adminA.client.ok('POST', '/api/v1/projects', { title: '隐私测试项目', description: inText, ownerUnitId: unit.id }, 201);
  await adminA.client.ok('POST', `/api/v1/projects/${project.id}/progress`, { progress: 10, note: inText });
  await adminA.client.ok(
    'POST',
    '/api/v1/resources',
    {
      unitId: unit.id,
      category: 'venue',
      title: '隐私测试场地',
      description: inText,
      availability: inText,
      address: inText,
    },
    201,
  );
  // names and titles take no number any more (400 contains_number); rows written before that may, and show it masked
  expect((await adminA.client.post('/api/v1/people', { name: `王五${PLANTED.notePhone}` })).json().error.details[0]).toMatchObject({
    path: 'name',
    code: 'contains_number',
  });
  const db = world.env.deps.db;
  await db
    .updateTable('orgs')
    .set({ secretary: `王书记${PLANTED.notePhone}`, name: `隐私测试党小组${PLANTED.notePhone}` })
    .where('secretary', '=', '王书记')
    .execute();
  await db
    .updateTable('projects')
    .set({ title: `隐私测试项目${PLANTED.notePhone}` })
    .where('id', '=', project.id as string)
    .execute();
  await db
    .updateTable('resources')
    .set({ title: `隐私测试场地${PLANTED.notePhone}` })
    .where('title', '=', '隐私测试场地')
    .execute();
  await db
    .updateTable('units')
    .set({ contact_name: `张经理${PLANTED.notePhone}` })
    .where('id', '=', unit.id)
    .execute();
  await db
    .updateTable('merchants')
    .set({ operator_name: `王${PLANTED.notePhone}`, name: `隐私测试商户${PLANTED.notePhone}` })
    .where('id', '=', shop as string)
    .execute();
  await db
    .updateTable('resources')
    .set({ contact_name: `李${PLANTED.notePhone}` })
    .where('alliance_id', '=', world.alliances.A.id)
    .execute();
  const cats = await adminA.client.ok<{ items: Array<{ id: string }> }>('GET', '/api/v1/categories?pageSize=100');
  const r = await world.env.app.inject({
    method: 'POST',
    url: '/api/public/reports',
    remoteAddress: '10.77.0.1',
    payload: {
      allianceCode: world.alliances.A.code,
      categoryId: cats.items[0]?.id,
      description: `门口占道经营，老板电话 ${PLANTED.textPhone}，我的电话 ${PLANTED.typedPhone}`,
      reporterPhone: PLANTED.reporterPhone,
      consent: true,
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  world.tokens.own.push(String(r.json().trackingUrl).split('/t/')[1] ?? '');
  // the case goes on the 吹哨 agenda and is chased: its title (made from the description) reaches lists and messages
  const number = r.json().number as string;
  const found = await adminA.client.ok<{ items: Array<{ id: string; number: string }> }>('GET', `/api/v1/tickets?q=${number}`);
  const reported = found.items.find((t) => t.number === number) as { id: string };
  await adminA.client.ok('POST', `/api/v1/tickets/${reported.id}/actions/dispatch`, { leadUnitId: unit.id });
  await adminA.client.ok('POST', `/api/v1/tickets/${reported.id}/actions/escalate`, { reason: `请协调，联系${PLANTED.notePhone}` });
  await adminA.client.ok('POST', `/api/v1/tickets/${reported.id}/actions/urge`, { note: `督办，回电${PLANTED.notePhone}` });
  // a joint meeting takes it: numbers typed into its title, attendees, a topic, the minutes and a resolution
  const waiting = await adminA.client.ok<{ items: Array<{ id: string; ticketId: string }> }>('GET', '/api/v1/agenda-items?state=waiting&pageSize=200');
  const agendaItem = waiting.items.find((i) => i.ticketId === reported.id) as { id: string };
  const meeting = await adminA.client.ok(
    'POST',
    '/api/v1/meetings',
    { title: '隐私测试联席会议', heldAt: world.env.clock.now() - 3_600_000, attendees: inText, host: inText },
    201,
  );
  await adminA.client.ok('POST', `/api/v1/meetings/${meeting.id}/agenda`, { agendaItemId: agendaItem.id });
  await adminA.client.ok('POST', `/api/v1/meetings/${meeting.id}/topics`, { title: '隐私测试议题', description: inText });
  await db
    .updateTable('meetings')
    .set({ title: `隐私测试联席会议${PLANTED.notePhone}` })
    .where('id', '=', meeting.id as string)
    .execute();
  await db
    .updateTable('meeting_topics')
    .set({ title: `隐私测试议题${PLANTED.notePhone}` })
    .where('title', '=', '隐私测试议题')
    .execute();
  await adminA.client.ok('POST', `/api/v1/meetings/${meeting.id}/hold`, { minutes: inText });
  await adminA.client.ok('POST', `/api/v1/meetings/${meeting.id}/resolutions`, { text: inText }, 201);
  freeTextMarkers = await plantFreeTexts(world, PLANTED.notePhone, PLANTED.noteId);
  while ((await runNotificationsOnce(world.env.deps, 'abuse-test')).events > 0) {
    // every outbox event fanned out into the inbox
  }
}, 240_000);

afterAll(async () => {
  await world?.env.close();
});

/** The CSP of a response as directive → sources. */
function csp(r: LightMyRequestResponse): Map<string, string[]> {
  const header = String(r.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

/** The headers every response must carry. */
function expectBaseHeaders(r: LightMyRequestResponse, what: string) {
  expect(r.headers['x-content-type-options'], what).toBe('nosniff');
  expect(r.headers['referrer-policy'], what).toBe('no-referrer');
  expect(r.headers['x-frame-options'], what).toMatch(/^(DENY|SAMEORIGIN)$/);
  expect(r.headers['x-powered-by'], what).toBeUndefined();
  expect(r.headers['x-request-id'], what).toEqual(expect.any(String));
  expect(r.headers['content-security-policy'], what).toEqual(expect.any(String));
}

/** A server-rendered public page: no script may run, nothing may frame it, nothing loads from elsewhere. */
function expectStrictPage(r: LightMyRequestResponse, what: string) {
  expectBaseHeaders(r, what);
  expect(r.headers['content-type'], what).toMatch(/^text\/html/);
  const p = csp(r);
  expect(p.get('default-src'), what).toEqual(["'none'"]);
  // no script-src at all (default-src 'none' covers it), or one that allows nothing
  expect(p.get('script-src') ?? ["'none'"], what).toEqual(["'none'"]);
  expect(p.get('script-src-elem') ?? ["'none'"], what).toEqual(["'none'"]);
  expect(p.get('frame-ancestors'), what).toEqual(["'none'"]);
  for (const [name, sources] of p) for (const s of sources) expect(s, `${what}: ${name}`).not.toMatch(/^(\*|https?:|'unsafe-eval'|'strict-dynamic')$/);
  expect(r.body, what).not.toMatch(/<script|\son[a-z]+\s*=|javascript:/i);
}

describe('security headers', () => {
  it('every API answer carries the security headers and the console policy, errors included', async () => {
    const { anon, adminA } = world.actors;
    const answers: Array<[string, LightMyRequestResponse]> = [
      ['health', await anon.client.get('/api/health')],
      ['me', await adminA.client.get('/api/v1/me')],
      ['list', await adminA.client.get('/api/v1/tickets?pageSize=5')],
      ['401', await anon.client.get('/api/v1/units')],
      ['404', await adminA.client.get('/api/v1/nothing-here')],
      ['400', await adminA.client.post('/api/v1/units', { name: 1 })],
      ['openapi', await anon.client.get('/docs/json')],
      ['open311', await anon.client.get('/open311/v2/discovery.json')],
    ];
    for (const [what, r] of answers) {
      expectBaseHeaders(r, what);
      const p = csp(r);
      expect(p.get('default-src'), what).toEqual(["'self'"]);
      expect(p.get('object-src'), what).toEqual(["'none'"]);
      expect(p.get('script-src'), what).toEqual(["'self'"]);
    }
  });

  it('the console page (when built) allows only its own scripts', async () => {
    const r = await world.actors.anon.client.get('/');
    if (r.statusCode === 404) return; // the web apps are not built in this checkout
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expectBaseHeaders(r, 'console');
    expect(csp(r).get('script-src')).toEqual(["'self'"]);
  });

  it('the public pages /m/ and /t/ have their strict policy without any script allowance, on success and on errors', async () => {
    const { anon } = world.actors;
    const code = world.merchantCodes.own[0];
    const token = world.tokens.own[0];
    expect(code && token).toBeTruthy();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const pages: Array<[string, LightMyRequestResponse, number]> = [
      ['/m/ page', await anon.client.get(`/m/${code}`), 200],
      ['/m/ unknown', await anon.client.get('/m/NOPE0000'), 404],
      [
        '/m/ complaint refused',
        await world.env.app.inject({ method: 'POST', url: `/m/${code}/complaint`, headers: form, payload: 'description=', remoteAddress: '10.78.0.1' }),
        400,
      ],
      ['/t/ page', await anon.client.get(`/t/${token}`), 200],
      ['/t/ unknown', await anon.client.get('/t/nope'), 404],
      [
        '/t/ rating refused',
        await world.env.app.inject({ method: 'POST', url: `/t/${token}/rate`, headers: form, payload: 'stars=9', remoteAddress: '10.78.0.2' }),
        400,
      ],
    ];
    for (const [what, r, status] of pages) {
      expect(r.statusCode, `${what}: ${r.body.slice(0, 200)}`).toBe(status);
      expectStrictPage(r, what);
    }
  });
});

describe('rate limits', () => {
  /** the real app with its production rate limits (the shared test app raises the login limit) */
  let strict: FastifyInstance;
  beforeAll(async () => {
    ({ app: strict } = await buildApp({ config: world.env.config, clock: world.env.clock, handle: world.env.handle, logger: false }));
    await strict.ready();
  });
  afterAll(async () => {
    await strict?.close();
  });

  const hit = (app: FastifyInstance, ip: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, remoteAddress: ip, headers, ...(payload === undefined ? {} : { payload: payload as string }) });

  it('login answers 429 RATE_LIMITED after 30 attempts a minute from one address, other addresses still log in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await hit(strict, '10.80.0.1', 'POST', '/api/v1/auth/login', { username: `nobody${i}`, password: 'wrong-password' })).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    const sessions = await countRows(world.env, 'sessions');
    const limited = await hit(strict, '10.80.0.1', 'POST', '/api/v1/auth/login', { username: 'hhx_admin', password: DEMO_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(await countRows(world.env, 'sessions')).toBe(sessions); // the refused (correct) login made no session
    expect((await hit(strict, '10.80.0.2', 'POST', '/api/v1/auth/login', { username: 'hhx_admin', password: DEMO_PASSWORD })).statusCode).toBe(200);
  });

  it('behind a proxy (TRUST_PROXY=true) counts the address the proxy saw, whatever X-Forwarded-For the client sends', async () => {
    const trustProxy = loadConfig({ TRUST_PROXY: 'true', TONGXIN_SECRET: 'test-secret-test-secret-test-secret-0123' }).trustProxy;
    expect(trustProxy).toBe(1);
    const config = { ...world.env.config, trustProxy };
    const { app: proxied } = await buildApp({ config, clock: world.env.clock, handle: world.env.handle, logger: false });
    await proxied.ready();
    try {
      // one client behind the proxy (10.85.0.9 → proxy 10.85.0.1) makes up a new address for every attempt
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const spoofed = { 'x-forwarded-for': `1.2.3.${i}, 10.85.0.9` };
        statuses.push(
          (await hit(proxied, '10.85.0.1', 'POST', '/api/v1/auth/login', { username: `nobody${i}`, password: 'wrong-password' }, spoofed)).statusCode,
        );
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      // another client behind the same proxy is counted apart
      const other = await hit(
        proxied,
        '10.85.0.1',
        'POST',
        '/api/v1/auth/login',
        { username: 'hhx_admin', password: DEMO_PASSWORD },
        { 'x-forwarded-for': '10.85.0.10' },
      );
      expect(other.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('reads TRUST_PROXY as off, a hop count or trusted addresses, and refuses anything else', () => {
    const trust = (v: string) => loadConfig({ TRUST_PROXY: v, TONGXIN_SECRET: 'test-secret-test-secret-test-secret-0123' }).trustProxy;
    expect(trust('false')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 127.0.0.1, ::1')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(() => trust('everyone')).toThrow(/TRUST_PROXY/);
    expect(() => trust('10.0.0.0/99')).toThrow(/TRUST_PROXY/);
  });

  it('the public report form, complaint form, rating form, photo upload and Open311 posts are limited per address, and a refused one writes nothing', async () => {
    const cats = await world.actors.adminA.client.ok<{ items: Array<{ id: string }> }>('GET', '/api/v1/categories?pageSize=100');
    const report = { allianceCode: world.alliances.A.code, categoryId: cats.items[0]?.id, description: '井盖松动', consent: true };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const jpeg = await realJpeg();
    const photo = multipart([{ name: 'file', value: jpeg, filename: 'a.jpg', contentType: 'image/jpeg' }]);
    const cases = [
      { name: 'report', max: 5, send: (ip: string) => hit(strict, ip, 'POST', '/api/public/reports', report) },
      { name: 'complaint', max: 5, send: (ip: string) => hit(strict, ip, 'POST', `/m/${world.merchantCodes.own[0]}/complaint`, 'description=', form) },
      { name: 'rating', max: 10, send: (ip: string) => hit(strict, ip, 'POST', `/t/${world.tokens.own[0]}/rate`, 'stars=0', form) },
      { name: 'photo', max: 20, send: (ip: string) => hit(strict, ip, 'POST', '/api/public/files', photo.payload, { 'content-type': photo.contentType }) },
      {
        name: 'open311',
        max: 30,
        send: (ip: string) =>
          hit(strict, ip, 'POST', '/open311/v2/requests.json', `jurisdiction_id=${world.alliances.A.code}&api_key=wrong&service_code=1&description=x`, form),
      },
    ];
    for (const [i, c] of cases.entries()) {
      const ip = `10.81.${i}.1`;
      for (let n = 0; n < c.max; n++) expect((await c.send(ip)).statusCode, `${c.name} #${n + 1}`).not.toBe(429);
      const [tickets, files] = [await countRows(world.env, 'tickets'), await countRows(world.env, 'files')];
      const refused = await c.send(ip);
      expect(refused.statusCode, c.name).toBe(429);
      expect([await countRows(world.env, 'tickets'), await countRows(world.env, 'files')], c.name).toEqual([tickets, files]);
      expect((await c.send(`10.81.${i}.2`)).statusCode, `${c.name} from another address`).not.toBe(429);
    }
  });
});

// 11-digit mainland mobiles and 18-character resident ID numbers (checked digit and all), not inside longer numbers
// not inside an id or token (a UUID's hex can hold eleven digits that look like a mobile number)
const MOBILE = /(?<![\dA-Za-z.-])1[3-9]\d{9}(?![\dA-Za-z])/g;
const RESIDENT_ID = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;

/**
 * Every unmasked mobile or valid resident ID number in a text, with a little context; also those typed in full-width
 * digits or split into groups (read as ASCII digits with the separators between them dropped).
 */
function findPii(raw: string): string[] {
  const text = halfWidthDigits(raw).replace(/(\d)[ \u3000-](?=\d)/g, '$1');
  const hits: string[] = [];
  for (const m of text.matchAll(MOBILE)) hits.push(`phone ${m[0]} in …${text.slice(Math.max(0, m.index - 60), m.index + 20)}…`);
  for (const m of text.matchAll(RESIDENT_ID)) if (isValidResidentId(m[0])) hits.push(`id ${m[0]} in …${text.slice(Math.max(0, m.index - 60), m.index + 25)}…`);
  return hits;
}

describe('no unmasked phone or ID number of a person in any answer', () => {
  it('finds none in a broad crawl of lists, details, inbox, audit, exports, public pages and Open311, by every kind of caller', async () => {
    const { env } = world;
    const answers: Crawled[] = [];
    const apiKey = new Client(env.app, null, { 'x-api-key': world.apiKeyA });
    for (const [name, client] of [
      ['adminA', world.actors.adminA.client],
      ['lowA', world.actors.lowA.client],
      ['adminB', world.actors.adminB.client],
      ['apiKey', apiKey],
    ] as const)
      answers.push(...(await crawl(client, name, world.routes)));
    // the city admin in each alliance
    for (const a of [world.alliances.A, world.alliances.B]) {
      await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: a.id });
      answers.push(...(await crawl(env.city, `city@${a.code}`, world.routes)));
    }
    // searches by the planted numbers (exact lookups must not echo the full number back)
    // …and the holiday calendar, which the crawl cannot list without a year
    for (const q of [
      `/api/v1/people?phone=${PLANTED.personPhone}`,
      `/api/v1/people?idNumber=${PLANTED.personId}`,
      `/api/v1/tickets?q=${PLANTED.textPhone}`,
      `/api/v1/calendar?year=${PLANTED_HOLIDAY.slice(0, 4)}`,
    ]) {
      const r = await world.actors.adminA.client.get(q);
      answers.push({ actor: 'adminA', url: q, status: r.statusCode, contentType: String(r.headers['content-type']), body: r.body });
    }
    // the Excel export as text
    const xlsx = await world.actors.adminA.client.get('/api/v1/merchants/export');
    expect(xlsx.statusCode).toBe(200);
    const sheet = await readSheet(xlsx.rawPayload);
    expect(sheet.rows.length).toBeGreaterThan(0);
    answers.push({ actor: 'adminA', url: '/api/v1/merchants/export (xlsx)', status: 200, contentType: 'text/plain', body: JSON.stringify(sheet) });
    // public pages and Open311
    const publicUrls = [
      ...[...world.merchantCodes.own, ...world.merchantCodes.foreign].slice(0, 40).map((c) => `/m/${c}`),
      ...[...world.tokens.own, ...world.tokens.foreign].map((t) => `/t/${t}`),
      `/api/public/alliances/${world.alliances.A.code}`,
      '/open311/v2/discovery.json',
      `/open311/v2/services.json?jurisdiction_id=${world.alliances.A.code}`,
      `/open311/v2/requests.json?jurisdiction_id=${world.alliances.A.code}&api_key=${world.apiKeyA}`,
      `/open311/v2/requests.xml?jurisdiction_id=${world.alliances.A.code}&api_key=${world.apiKeyA}`,
      `/open311/v2/servicerequestupdates.json?jurisdiction_id=${world.alliances.A.code}&api_key=${world.apiKeyA}`,
    ];
    for (const url of publicUrls) {
      const r = await env.app.inject({ method: 'GET', url, remoteAddress: `10.90.${answers.length % 250}.1` });
      answers.push({ actor: 'anon', url, status: r.statusCode, contentType: String(r.headers['content-type']), body: r.body });
    }

    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThan(300);
    // the crawl really saw the planted person, ticket and some demo personal data, masked
    const all = ok.map((a) => a.body).join('\n');
    expect(all).toContain('隐私测试');
    expect(all).toContain('137****0001');
    // …and the numbers typed into free text, masked wherever they were shown
    for (const field of [
      '隐私测试物业',
      '隐私测试党小组',
      '隐私测试场地',
      '隐私测试承诺',
      '隐私测试项目139****7777',
      '隐私测试联席会议139****7777',
      '隐私测试议题139****7777',
      '联系人手机139****7777',
      '我的电话 136****6666',
      '陈佳怡139****7777',
    ])
      expect(all, field).toContain(field);
    const phone = `${PLANTED.notePhone.slice(0, 3)}****${PLANTED.notePhone.slice(-4)}`;
    const id = `${PLANTED.noteId.slice(0, 6)}********${PLANTED.noteId.slice(-4)}`;
    const leaks = ok.flatMap((a) => findPii(a.body).map((h) => `${a.actor} GET ${a.url}: ${h}`));
    expect(leaks).toEqual([]);
    // the free texts plantFreeTexts typed both numbers into were crawled, masked
    for (const marker of freeTextMarkers) expect(all, marker).toContain(`${marker}${phone}，${id}`);
  }, 240_000);

  it('reveals a number only to person:reveal, only in its alliance, and audits each reveal without the number', async () => {
    const { adminA, lowA, adminB } = world.actors;
    const before = await countRows(world.env, 'audit_log');
    expect((await lowA.client.post(`/api/v1/people/${personId}/reveal`, { field: 'phone' })).statusCode).toBe(403);
    expect((await adminB.client.post(`/api/v1/people/${personId}/reveal`, { field: 'phone' })).statusCode).toBe(404);
    expect(await countRows(world.env, 'audit_log')).toBe(before);
    for (const [field, value] of [
      ['phone', PLANTED.personPhone],
      ['idNumber', PLANTED.personId],
    ] as const) {
      const r = await adminA.client.ok('POST', `/api/v1/people/${personId}/reveal`, { field });
      expect(r).toEqual({ field, value });
    }
    expect(await countRows(world.env, 'audit_log')).toBe(before + 2);
    const audit = await adminA.client.get(`/api/v1/audit?action=person.reveal&pageSize=10`);
    const items = audit.json().items as Array<{ entityId: string; actorId?: string }>;
    expect(items.filter((i) => i.entityId === personId)).toHaveLength(2);
    expect(findPii(audit.body)).toEqual([]);
  });
});
