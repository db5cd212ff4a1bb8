import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { recountUpheld } from '../src/modules/credit/index.ts';
import { insertTicket } from './cluster.ts';
import { countRows, createEventData, insertPhoto, setupEnv, type Client, type TestEnv } from './harness.ts';
import { insertMerchantRow } from './merchantRow.ts';

let env: TestEnv;
let admin: Client;
let allianceId: string;
let roles: Record<string, string>;
let gridA: string;
let gridB: string;
let unitU: string; // the unit conduct feedback concerns
let unitV: string; // the committee's discipline office
let ipSeq = 0;
/** Each scenario posts from its own address so that the per-IP limits do not leak between tests. */
const nextIp = () => `10.30.${Math.floor(++ipSeq / 200)}.${(ipSeq % 200) + 1}`;
const page = (url: string, ip = nextIp()) => env.app.inject({ method: 'GET', url, remoteAddress: ip });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
function complaint(code: string, fields: Record<string, string>, ip = nextIp()) {
  return env.app.inject({
    method: 'POST',
    url: `/m/${code}/complaint`,
    payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    remoteAddress: ip,
  });
}

function multipartComplaint(code: string, fields: Record<string, string>, photo: Buffer | null) {
  const boundary = `----tx${randomBytes(6).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${photo ? 'a.jpg' : ''}"\r\nContent-Type: image/jpeg\r\n\r\n`),
  );
  if (photo) parts.push(photo);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return env.app.inject({
    method: 'POST',
    url: `/m/${code}/complaint`,
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    remoteAddress: nextIp(),
  });
}

interface MerchantFixture {
  id: string;
  code: string;
}

/** A merchant row of the alliance in grid A (the registry's API belongs to another module). */
const insertMerchant = (fields: Partial<Record<string, unknown>> = {}): Promise<MerchantFixture> =>
  insertMerchantRow(env, { allianceId, gridId: gridA }, fields);

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.alliance('ITG', '荷花芯商圈党建联盟', { gridLevelNames: ['社区', '网格'] });
  allianceId = a.id;
  roles = a.roles;
  admin = env.city;
  const community = await admin.ok('POST', '/api/v1/grids', { name: '荷花芯社区' });
  gridA = (await admin.ok('POST', '/api/v1/grids', { name: '第一网格', parentId: community.id })).id;
  gridB = (await admin.ok('POST', '/api/v1/grids', { name: '第二网格', parentId: community.id })).id;
  unitU = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城市场监管所' })).id;
  unitV = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '街道纪工委' })).id;
});

afterAll(async () => {
  await env?.close();
});

describe('GET /m/<code>', () => {
  it('escapes the name, shows badges and the credit summary, no phone and no full operator name, under 15 KB, no script allowed', async () => {
    const m = await insertMerchant({
      name: '<script>alert(1)</script>小吃',
      party_member_operator: 1,
      plaques: JSON.stringify(['party_member', 'trusted', '先锋商户']),
      credit_points: 9,
      credit_stars: 3,
      credit_flag: 'yellow',
      promise: '亮身份：中共党员 王小明\n承诺 <b>不</b> 卖过期食品 13912345678',
    });
    const r = await page(`/m/${m.code}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const body = r.body;
    expect(body).not.toContain('<script');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;小吃');
    expect(body).toContain('&lt;b&gt;不&lt;/b&gt;');
    expect(body).toContain('党员经营户');
    expect(body).toContain('放心店');
    expect(body).toContain('先锋商户');
    expect(body).toContain('★★★☆☆');
    expect(body).toContain('<b>9</b>');
    expect(body).toContain('本月黄旗商户');
    expect(body).toContain('王某');
    expect(body).not.toContain('王小明');
    expect(body).not.toContain('13812345678');
    expect(body).not.toContain('138****5678');
    // the promise is free text: the operator's name and any number in it are masked too
    expect(body).toContain('中共党员 王某');
    expect(body).not.toContain('13912345678');
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(15 * 1024);
    expect(body).toContain(`action="/m/${m.code}/complaint"`);
  });

  it('masks the name of an operator who is a linked person (no typed operator name) in the promise too', async () => {
    const person = await admin.ok('POST', '/api/v1/people', { name: '李红梅', allianceId }, 201);
    const m = await insertMerchant({ operator_person_id: person.id, operator_name: null, promise: '经营者李红梅承诺：明码标价。' });
    const body = (await page(`/m/${m.code}`)).body;
    expect(body).toContain('经营者：李某');
    expect(body).toContain('经营者李某承诺');
    expect(body).not.toContain('红梅');
  });

  it('counts only complaints upheld this calendar year (Asia/Shanghai)', async () => {
    const m = await insertMerchant();
    const catId = (await env.deps.db.selectFrom('categories').select('id').where('alliance_id', '=', allianceId).executeTakeFirstOrThrow()).id;
    const fx = { allianceId, categoryId: catId, unitIds: [], gridIds: [] };
    const thisYear = Date.UTC(2025, 11, 31, 16, 0, 0); // 2026-01-01 00:00 in Shanghai
    const lastYear = thisYear - 1;
    for (const [verdict, at] of [
      ['upheld', thisYear],
      ['upheld', lastYear],
      ['rejected', thisYear],
      ['upheld', thisYear + 86_400_000],
    ] as const) {
      await insertTicket(env, fx, {
        kind: 'complaint',
        status: 'closed',
        title: '投诉',
        description: '缺斤短两',
        merchant_id: m.id,
        complaint_verdict: verdict,
        verdict_at: at,
        anonymous: 1,
        created_at: at,
        updated_at: at,
        closed_at: at,
      });
    }
    // the cases went in as rows, as an import writes them: the merchant's summary is counted from them
    await recountUpheld(env.deps.db, m.id);
    const body = (await page(`/m/${m.code}`)).body;
    expect(body).toMatch(/<b>2<\/b><span>2026年属实投诉<\/span>/);
  });

  it('answers a friendly 404 for an unknown or malformed code', async () => {
    for (const code of ['AAAAAAAAAAAAAAAA', 'x', '..%2F..%2Fetc', '<script>']) {
      const r = await page(`/m/${encodeURIComponent(code)}`);
      expect(r.statusCode).toBe(404);
      expect(r.body).toContain('未找到该商户');
      expect(r.body).not.toContain('<script>');
    }
  });

  it('is correct right after a deduction (no stale page)', async () => {
    const m = await insertMerchant({ credit_points: 12, credit_stars: 5 });
    // twice, as a page that is scanned often: what the second answer showed must not outlive the deduction
    expect((await page(`/m/${m.code}`)).body).toContain('<b>12</b>');
    expect((await page(`/m/${m.code}`)).body).toContain('<b>12</b>');
    // through the credit module's API, as an inspector records it (with its evidence photo)
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const item = (await staff.ok('GET', '/api/v1/credit/catalogue')).items[0] as { id: string };
    const photo = await insertPhoto(env, allianceId);
    await staff.ok('POST', `/api/v1/merchants/${m.id}/credit/entries`, { kind: 'deduction', itemId: item.id, note: '占道经营', photos: [photo] }, 201);
    const row = await env.deps.db.selectFrom('merchants').select(['credit_points', 'credit_stars']).where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(Number(row.credit_points)).toBeLessThan(12);
    const after = (await page(`/m/${m.code}`)).body;
    expect(after).toContain(`<b>${Number(row.credit_points)}</b>`);
    expect(after).not.toContain('<b>12</b>');
  });

  it('shows the right shop after codes moved between rows and for shops registered after the first scan', async () => {
    const a = await insertMerchant({ name: '甲记面馆' });
    const b = await insertMerchant({ name: '乙家茶铺' });
    // the reader remembers where each code's row is from its first page on
    expect((await page(`/m/${a.code}`)).body).toContain('甲记面馆');
    expect((await page(`/m/${b.code}`)).body).toContain('乙家茶铺');
    const setCode = (id: string, code: string) => env.deps.db.updateTable('merchants').set({ public_code: code }).where('id', '=', id).execute();
    await setCode(a.id, 'swap-in-progress');
    await setCode(b.id, a.code);
    await setCode(a.id, b.code);
    expect((await page(`/m/${a.code}`)).body).toContain('乙家茶铺');
    expect((await page(`/m/${b.code}`)).body).toContain('甲记面馆');
    expect((await page('/m/swap-in-progress')).statusCode).toBe(404);
    const later = await insertMerchant({ name: '丙氏小吃' });
    expect((await page(`/m/${later.code}`)).body).toContain('丙氏小吃');
    expect((await page(`/m/${later.code}`)).body).toContain('丙氏小吃');
  });
});

describe('GET /m/<code> on a listening server', () => {
  // a listening server answers the page before Fastify (lib/rawRoutes.ts) where the database reads synchronously:
  // what a phone receives must be what the route answers, headers included
  const comparable = (h: Record<string, unknown>) => {
    const { date: _d, connection: _c, 'keep-alive': _k, 'x-request-id': id, ...rest } = h;
    expect(String(id)).toMatch(/^[0-9a-f-]{36}$/);
    return rest;
  };
  it('answers the same bytes and headers as the route, for an open shop, a closed one and an unknown code', async () => {
    const open = await insertMerchant({ name: '<i>甜蜜</i>糖水铺', plaques: JSON.stringify(['trusted']), promise: '童叟无欺' });
    const closed = await insertMerchant({ name: '旧书店', status: 'closed' });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = env.app.server.address() as { port: number };
    for (const url of [`/m/${open.code}`, `/m/${closed.code}`, '/m/AAAAAAAAAAAAAAAA', `/m/${open.code}?from=qr`]) {
      const viaRoute = await page(url);
      const res = await fetch(`http://127.0.0.1:${port}${url}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.status, url).toBe(viaRoute.statusCode);
      expect(bytes.equals(viaRoute.rawPayload), url).toBe(true);
      expect(comparable(Object.fromEntries(res.headers)), url).toEqual(
        comparable({ ...viaRoute.headers, 'content-length': String(viaRoute.rawPayload.length) }),
      );
    }
    const shown = await (await fetch(`http://127.0.0.1:${port}/m/${open.code}`)).text();
    expect(shown).toContain('&lt;i&gt;甜蜜&lt;/i&gt;糖水铺');
    expect(shown).toContain('放心店');
    expect(shown).toContain(`action="/m/${open.code}/complaint"`);
    expect(await (await fetch(`http://127.0.0.1:${port}/m/${closed.code}`)).text()).not.toContain('<form');
  });

  it('answers requests that arrive together each with its own shop, in order (answers leave together at the end of a turn)', async () => {
    const shops: { code: string; name: string }[] = [];
    for (let i = 0; i < 9; i++) shops.push({ ...(await insertMerchant({ name: `并发小店${i}号` })), name: `并发小店${i}号` });
    // the test above left the server listening
    if (!env.app.server.listening) await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = env.app.server.address() as { port: number };
    const { connect } = await import('node:net');
    // three phones, each sending three requests in one packet (HTTP pipelining): the server reads each packet's
    // requests in one turn of its event loop, and their answers wait for the same end of that turn
    const phone = (codes: string[]) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let got = '';
        socket.setEncoding('utf8');
        socket.on('data', (d: string) => (got += d));
        socket.on('end', () => resolve(got));
        socket.on('error', reject);
        const last = codes.length - 1;
        socket.write(codes.map((c, i) => `GET /m/${c} HTTP/1.1\r\nHost: x\r\n${i === last ? 'Connection: close\r\n' : ''}\r\n`).join(''));
      });
    const batches = [0, 1, 2].map((p) => [shops[p * 3]!, { code: 'CCCCCCCCCCCCCCCC', name: '' }, shops[p * 3 + 1]!, shops[p * 3 + 2]!]);
    const streams = await Promise.all(batches.map((b) => phone(b.map((s) => s.code))));
    streams.forEach((stream, p) => {
      const answers = stream.split(/(?=HTTP\/1\.1 )/);
      expect(answers).toHaveLength(4);
      answers.forEach((a, i) => {
        const shop = batches[p]![i]!;
        if (!shop.name) {
          expect(a.startsWith('HTTP/1.1 404')).toBe(true);
          expect(a).toContain('未找到该商户');
          return;
        }
        expect(a.startsWith('HTTP/1.1 200'), shop.code).toBe(true);
        expect(a).toContain(`<h1>${shop.name}</h1>`);
        expect(a).toContain(`action="/m/${shop.code}/complaint"`);
      });
    });
  });
});

describe('complaint from the public page', () => {
  it('becomes a complaint ticket of the merchant, with a tracking link; the phone is stored encrypted', async () => {
    const m = await insertMerchant({ name: '义乌小商品店' });
    const before = await countRows(env, 'tickets', allianceId);
    const r = await complaint(m.code, { description: '购买的玩具一天就坏了，商家拒绝退换', phone: '13900001111', consent: 'on' });
    expect(r.statusCode).toBe(201);
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    const link = /href="(\/t\/[A-Za-z0-9_-]+)"/.exec(r.body)?.[1];
    expect(link).toBeTruthy();
    expect(await countRows(env, 'tickets', allianceId)).toBe(before + 1);
    const t = await env.deps.db.selectFrom('tickets').selectAll().where('merchant_id', '=', m.id).executeTakeFirstOrThrow();
    expect(t.kind).toBe('complaint');
    expect(t.merchant_name).toBe('义乌小商品店');
    expect(t.grid_id).toBe(gridA);
    expect(t.reporter_phone_enc).not.toContain('13900001111');
    expect(env.deps.cipher.decrypt(t.reporter_phone_enc)).toBe('13900001111');
    const tracking = await page(link!);
    expect(tracking.statusCode).toBe(200);
    expect(tracking.body).toContain(t.number);
    // the committee sees it in the closed loop
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const list = await staff.ok('GET', `/api/v1/tickets?kind=complaint&q=${encodeURIComponent(t.number)}`);
    expect(list.items.map((x: { id: string }) => x.id)).toContain(t.id);
  });

  it('accepts a photo by multipart (no JavaScript needed) and filters sensitive words', async () => {
    const m = await insertMerchant();
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    const r = await multipartComplaint(m.code, { description: '店员骂人：傻逼，态度恶劣', consent: 'on' }, photo);
    expect(r.statusCode).toBe(201);
    const t = await env.deps.db.selectFrom('tickets').selectAll().where('merchant_id', '=', m.id).executeTakeFirstOrThrow();
    expect(JSON.parse(t.photos)).toHaveLength(1);
    expect(t.description).not.toContain('傻逼');
    // the count of replaced words is in the case's 'create' event, written with the case
    expect(await createEventData(env, t.id)).toMatchObject({ source: 'public', sensitiveWordsFiltered: 1 });
    const none = await multipartComplaint(m.code, { description: '没有照片也可以', consent: 'on' }, null);
    expect(none.statusCode).toBe(201);
  });

  it('refuses a complaint without consent, without text or with a bad phone: the form again, nothing written', async () => {
    const m = await insertMerchant();
    const before = await countRows(env, 'tickets', allianceId);
    const noConsent = await complaint(m.code, { description: '短斤少两' });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('请先阅读并勾选');
    expect(noConsent.body).toContain('短斤少两');
    expect((await complaint(m.code, { description: '', consent: 'on' })).statusCode).toBe(400);
    const badPhone = await complaint(m.code, { description: '短斤少两', phone: '12345', consent: 'on' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.body).toContain('联系电话格式不正确');
    // what was typed comes back: the text, the phone to correct, the ticked consent
    expect(badPhone.body).toContain('value="12345"');
    expect(badPhone.body).toMatch(/name="consent" value="on" required checked/);
    expect(noConsent.body).not.toMatch(/name="consent" value="on" required checked/);
    expect((await complaint('AAAAAAAAAAAAAAAAAAAA', { description: '短斤少两', consent: 'on' })).statusCode).toBe(404);
    expect(await countRows(env, 'tickets', allianceId)).toBe(before);
  });

  it('rate-limits complaints per address', async () => {
    const m = await insertMerchant();
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await complaint(m.code, { description: `第${i}次投诉`, consent: 'on' }, ip)).statusCode);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes[5]).toBe(429);
    // a resident's browser gets a page in Chinese under the public pages' policy, not the API's JSON
    const refused = await complaint(m.code, { description: '第7次投诉', consent: 'on' }, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.headers['content-security-policy']).toContain("default-src 'none'");
    expect(refused.body).toContain('提交过于频繁');
    expect(refused.headers['retry-after']).toBeDefined();
    expect((await complaint(m.code, { description: '换个地址', consent: 'on' })).statusCode).toBe(201);
  });
});

describe('QR posters', () => {
  it('need a session with merchant:read, stay within the data scope, and print A5 pages with the QR code', async () => {
    const m = await insertMerchant({ name: '荷花芯书店', party_member_operator: 1, plaques: JSON.stringify(['demonstration']) });
    const other = await insertMerchant({ name: '第二网格茶馆', grid_id: gridB });
    expect((await env.anon.get(`/api/v1/integrity/posters/${m.id}`)).statusCode).toBe(401);
    const volunteer = await env.member(allianceId, roles['志愿者']!);
    expect((await volunteer.get(`/api/v1/integrity/posters/${m.id}`)).statusCode).toBe(403);

    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const one = await staff.get(`/api/v1/integrity/posters/${m.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toContain('text/html');
    expect(one.body).toContain('@page{size:A5');
    expect(one.body).toContain('Noto Sans CJK SC');
    expect(one.body).toContain('<svg');
    expect(one.body).toContain(`/m/${m.code}`);
    expect(one.body).toContain('荷花芯书店');
    expect(one.body).toContain('党员经营户');
    expect(one.body).toContain('示范户');
    expect(one.body).toContain('荷花芯商圈党建联盟');

    const officer = await env.member(allianceId, roles['网格员']!, { scopeGridId: gridA });
    expect((await officer.get(`/api/v1/integrity/posters/${m.id}`)).statusCode).toBe(200);
    expect((await officer.get(`/api/v1/integrity/posters/${other.id}`)).statusCode).toBe(404);
    const batch = await officer.get(`/api/v1/integrity/posters?gridId=${gridA}`);
    expect(batch.statusCode).toBe(200);
    expect(batch.body).toContain('荷花芯书店');
    expect(batch.body).not.toContain('第二网格茶馆');
    expect((await officer.get(`/api/v1/integrity/posters?gridId=${gridB}`)).body).not.toContain('第二网格茶馆');
    const all = await staff.get(`/api/v1/integrity/posters?gridId=${gridB}`);
    expect(all.body).toContain('第二网格茶馆');
    expect(all.body.match(/class="p"/g)?.length).toBe(1);
    const bad = await staff.get(`/api/v1/integrity/posters?gridId=${newId()}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('gridId');

    // another alliance's merchant is not there
    const b = await env.alliance('ITB', '另一联盟');
    const outsider = await env.member(b.id, b.roles['党委工作人员']!);
    expect((await outsider.get(`/api/v1/integrity/posters/${m.id}`)).statusCode).toBe(404);
  });

  it("prints the alliance's 随手拍 poster, whose QR opens its own public report form, for the committee only", async () => {
    const code = (await env.deps.db.selectFrom('alliances').select('code').where('id', '=', allianceId).executeTakeFirstOrThrow()).code;
    expect((await env.anon.get('/api/v1/integrity/report-poster')).statusCode).toBe(401);
    const volunteer = await env.member(allianceId, roles['志愿者']!);
    expect((await volunteer.get('/api/v1/integrity/report-poster')).statusCode).toBe(403);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const r = await staff.get('/api/v1/integrity/report-poster');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.body).toContain('@page{size:A5');
    expect(r.body).toContain('<svg');
    expect(r.body).toContain(`/h5/report?a=${code}`);
    expect(r.body).toContain('荷花芯商圈党建联盟');
    expect(r.body).toContain('随手拍');
    // the QR points at the host asked for, when it is one: a made-up Host header is 400, not a poster (or a 500)
    const at = (host: string) => env.app.inject({ method: 'GET', url: '/api/v1/integrity/report-poster', headers: { cookie: staff.cookie ?? '', host } });
    expect((await at('tx.yiwu.gov.cn:8443')).body).toContain('http://tx.yiwu.gov.cn:8443/h5/report?a=');
    for (const host of ['a'.repeat(3000), 'evil.cn/<script>', 'x y'])
      expect([(await at(host)).statusCode, host.slice(0, 10)]).toEqual([400, host.slice(0, 10)]);
    // each alliance prints its own form
    const b = await env.alliance('ITC', '第三联盟');
    const other = await env.member(b.id, b.roles['党委工作人员']!);
    const theirs = await other.get('/api/v1/integrity/report-poster');
    expect(theirs.body).toContain('/h5/report?a=ITC');
    expect(theirs.body).not.toContain('荷花芯商圈党建联盟');
  });
});

describe('inspector lookup', () => {
  it('finds a merchant by name, credit code, or the URL in its QR, within scope; no phone in the card', async () => {
    const m = await insertMerchant({ name: '稠州北路水果店', credit_code: '91330782MA2DEXAMPLE'.slice(0, 18) });
    const officer = await env.member(allianceId, roles['网格员']!, { scopeGridId: gridA });
    const byName = await officer.ok('GET', `/api/v1/integrity/merchants?q=${encodeURIComponent('水果')}`);
    expect(byName.items.map((x: { id: string }) => x.id)).toContain(m.id);
    const card = byName.items.find((x: { id: string }) => x.id === m.id);
    expect(card.creditPoints).toBe(12);
    expect(JSON.stringify(card)).not.toContain('138');
    const byUrl = await officer.ok('GET', `/api/v1/integrity/merchants?q=${encodeURIComponent(`https://tx.example.cn/m/${m.code}`)}`);
    expect(byUrl.items.map((x: { id: string }) => x.id)).toEqual([m.id]);
    // a code as the poster prints it, typed with the phone keyboard's capital first letter
    const typed = await insertMerchant({ name: '稠州北路干货店', public_code: 'bm2dvydkvzrf3rom' });
    const capitalised = await officer.ok('GET', '/api/v1/integrity/merchants?q=Bm2dvydkvzrf3rom');
    expect(capitalised.items.map((x: { id: string }) => x.id)).toEqual([typed.id]);
    const byCode = await officer.ok('GET', `/api/v1/integrity/merchants?q=91330782ma2dexampl`);
    expect(byCode.items.map((x: { id: string }) => x.id)).toContain(m.id);
    const far = await env.member(allianceId, roles['网格员']!, { scopeGridId: gridB });
    expect((await far.ok('GET', `/api/v1/integrity/merchants?q=${encodeURIComponent('水果')}`)).items).toHaveLength(0);
    expect((await far.get(`/api/v1/integrity/merchants/${m.id}`)).statusCode).toBe(404);
    expect((await officer.get('/api/v1/integrity/merchants?q=')).statusCode).toBe(400);
  });
});

describe('营商环境监测点 confidential feedback', () => {
  it('routes conduct feedback to the designated contact only, never to the unit it concerns', async () => {
    const liaisonPerson = await admin.ok('POST', '/api/v1/people', { name: '陈联络' });
    const point = await insertMerchant({ name: '监测点·荷花芯超市', monitoring_point: 1, liaison_person_id: liaisonPerson.id });
    const liaison = await env.member(allianceId, roles['商户']!, { personId: liaisonPerson.id });
    const stranger = await env.member(allianceId, roles['商户']!);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const contact = await env.member(allianceId, roles['党委工作人员']!);
    const handlerU = await env.member(allianceId, roles['成员单位经办人']!, { unitId: unitU });
    const handlerV = await env.member(allianceId, roles['成员单位经办人']!, { unitId: unitV });

    const points = await liaison.ok('GET', '/api/v1/integrity/monitoring-points');
    expect(points.items.map((p: { merchantId: string }) => p.merchantId)).toEqual([point.id]);
    const conductBody = { merchantId: point.id, topic: 'conduct', concernedUnitId: unitU, description: '执法人员吃拿卡要，要求商户请客' };

    // not the liaison → 403; no designated contact yet → 409, nothing written
    expect((await stranger.post('/api/v1/integrity/feedback', conductBody)).statusCode).toBe(403);
    const before = await countRows(env, 'tickets', allianceId);
    const noContact = await liaison.post('/api/v1/integrity/feedback', conductBody);
    expect(noContact.statusCode).toBe(409);
    expect(await countRows(env, 'tickets', allianceId)).toBe(before);
    const badUnit = await liaison.post('/api/v1/integrity/feedback', { ...conductBody, concernedUnitId: newId() });
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json().error.details[0].path).toBe('concernedUnitId');

    // only an admin names the contact, who must be a member
    expect((await staff.req('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.userId })).statusCode).toBe(403);
    const badContact = await admin.req('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: newId() });
    expect(badContact.statusCode).toBe(400);
    // an account that cannot dispatch would hold the feedback with no way to handle it
    const cannot = await admin.req('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: stranger.userId });
    expect([cannot.statusCode, cannot.json().error.details[0]]).toEqual([
      400,
      expect.objectContaining({ path: 'confidentialContactUserId', code: 'cannot_dispatch' }),
    ]);
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
    const set = await admin.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.userId });
    expect(set.confidentialContactUserId).toBe(contact.userId);

    const fb = await liaison.ok('POST', '/api/v1/integrity/feedback', conductBody, 201);
    expect(fb.confidential).toBe(true);
    const service = await liaison.ok('POST', '/api/v1/integrity/feedback', { merchantId: point.id, topic: 'service', description: '办照窗口排队太久' }, 201);
    expect(service.confidential).toBe(false);
    const mine = await liaison.ok('GET', '/api/v1/integrity/feedback');
    expect(mine.items.map((x: { id: string }) => x.id).sort()).toEqual([service.id, fb.id].sort());

    const ids = async (c: Client, q = '') => ((await c.ok('GET', `/api/v1/tickets?pageSize=200${q}`)).items as { id: string }[]).map((x) => x.id);
    // the designated contact and the reporter see it; the committee at large and the concerned unit do not
    expect(await ids(contact)).toContain(fb.id);
    expect((await contact.get(`/api/v1/tickets/${fb.id}`)).statusCode).toBe(200);
    expect((await liaison.get(`/api/v1/tickets/${fb.id}`)).statusCode).toBe(200);
    expect(await ids(staff)).not.toContain(fb.id);
    expect(await ids(staff)).toContain(service.id);
    expect((await staff.get(`/api/v1/tickets/${fb.id}`)).statusCode).toBe(404);
    expect(await ids(handlerU)).not.toContain(fb.id);
    expect(await ids(handlerU, `&q=${encodeURIComponent('吃拿卡要')}`)).not.toContain(fb.id);
    expect(await ids(handlerU, `&unitId=${unitU}`)).not.toContain(fb.id);
    expect((await handlerU.get(`/api/v1/tickets/${fb.id}`)).statusCode).toBe(404);

    // never dispatched to the concerned unit, as lead or assisting unit; to the discipline office it may go
    const toU = await contact.post(`/api/v1/tickets/${fb.id}/actions/dispatch`, { leadUnitId: unitU });
    expect(toU.statusCode).toBe(400);
    expect(toU.json().error.details[0].path).toBe('leadUnitId');
    const assistU = await contact.post(`/api/v1/tickets/${fb.id}/actions/dispatch`, { leadUnitId: unitV, assistUnitIds: [unitU] });
    expect(assistU.statusCode).toBe(400);
    expect((await staff.post(`/api/v1/tickets/${fb.id}/actions/dispatch`, { leadUnitId: unitV })).statusCode).toBe(404);
    await contact.ok('POST', `/api/v1/tickets/${fb.id}/actions/dispatch`, { leadUnitId: unitV });
    expect(await ids(handlerV)).toContain(fb.id);
    await handlerV.ok('POST', `/api/v1/tickets/${fb.id}/actions/accept`, {});
    expect(await ids(handlerU)).not.toContain(fb.id);
    expect(await ids(staff)).not.toContain(fb.id);

    // nor does the audit log give it away: its records keep their action and time, not who acted or what was written
    const audit = await admin.get(`/api/v1/audit?entity=ticket&q=${fb.id}&pageSize=50`);
    const records = audit.json().items as Array<{ action: string; actorName: string | null; after: unknown; confidential?: boolean }>;
    expect(records.map((r) => r.action)).toEqual(expect.arrayContaining(['ticket.create', 'ticket.dispatch']));
    for (const r of records) expect(r).toMatchObject({ confidential: true, actorName: null, after: null });
    expect((await admin.get('/api/v1/audit?pageSize=200')).body).not.toContain('吃拿卡要');
    // nor does a search by who acted find them: that alone would name the reporter
    const reporterName = (await liaison.ok('GET', '/api/v1/me')).user.displayName as string;
    for (const qs of [`actorId=${liaison.userId}`, `q=${encodeURIComponent(reporterName)}`]) {
      const found = (await admin.ok('GET', `/api/v1/audit?entity=ticket&${qs}&pageSize=200`)).items as Array<{ entityId: string }>;
      expect(
        found.map((r) => r.entityId),
        qs,
      ).not.toContain(fb.id);
      expect(
        found.map((r) => r.entityId),
        qs,
      ).toContain(service.id);
    }

    // notifications of the confidential ticket name the contact and the lead unit, never the committee or the concerned unit
    const outbox = await env.deps.db.selectFrom('outbox').select(['topic', 'payload']).where('alliance_id', '=', allianceId).execute();
    const mineOut = outbox.filter((o) => JSON.parse(o.payload).ticketId === fb.id);
    expect(mineOut.length).toBeGreaterThanOrEqual(3);
    for (const o of mineOut) {
      const p = JSON.parse(o.payload) as { notify?: { committee: boolean; units: string[]; users: string[] } };
      expect(p.notify?.committee ?? false).toBe(false);
      expect(p.notify?.units ?? []).not.toContain(unitU);
      expect(p.notify?.users ?? []).toContain(contact.userId);
    }

    // a new contact takes over the open confidential tickets
    const contact2 = await env.member(allianceId, roles['党委工作人员']!);
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
    await admin.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact2.userId });
    expect(await ids(contact2)).toContain(fb.id);
    expect(await ids(contact)).not.toContain(fb.id);
  });
});
