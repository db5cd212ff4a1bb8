import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageLang } from '../src/lib/pageLang.ts';
import { newId } from '../src/lib/ids.ts';
import { firstCategory, insertRole, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';
import { insertMerchantRow } from './merchantRow.ts';

// The server-rendered public pages (/t/<token>, /m/<code>) speak the browser's language: English when Accept-Language
// prefers it, Chinese otherwise.

let env: TestEnv;
let admin: Client;
let handler: Client;
let allianceId: string;
let categoryId: string;
let categoryName: string;
let leafGridId: string;
let unitId: string;
let ipSeq = 0;
const nextIp = () => `10.40.${Math.floor(++ipSeq / 200)}.${(ipSeq % 200) + 1}`;

const EN = 'en-US,en;q=0.9,zh;q=0.8';
const ZH = 'zh-CN,zh;q=0.9,en;q=0.8';
const get = (url: string, lang?: string) => env.app.inject({ method: 'GET', url, remoteAddress: nextIp(), headers: lang ? { 'accept-language': lang } : {} });
const post = (url: string, payload: string, lang?: string) =>
  env.app.inject({
    method: 'POST',
    url,
    payload,
    remoteAddress: nextIp(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(lang ? { 'accept-language': lang } : {}) },
  });

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** The page without the user data it shows (stored as typed, Chinese or not): what is left is the page's own text. */
const uiText = (body: string, userData: string[]) => userData.reduce((s, d) => s.split(d).join(''), body.replace(/ pattern="[^"]*"/, '')); // the phone pattern allows full-width brackets
const vary = (h: Record<string, unknown>) => String(h.vary ?? '').toLowerCase();

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.alliance('LNG', '荷花芯商圈党建联盟', { gridLevelNames: ['社区', '网格'] });
  allianceId = a.id;
  admin = env.city;
  ({ id: categoryId, name: categoryName } = await firstCategory(env, allianceId));
  const community = await admin.ok('POST', '/api/v1/grids', { name: '通惠社区' });
  leafGridId = (await admin.ok('POST', '/api/v1/grids', { name: '第一网格', parentId: community.id })).id;
  unitId = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城市场监管所', gridId: leafGridId })).id;
  const roleId = await insertRole(env, allianceId, { name: '测试经办', permissions: ['alliance:read', 'ticket:read', 'ticket:handle'], dataScope: 'unit' });
  handler = await env.member(allianceId, roleId, { unitId });
  await admin.ok('POST', '/api/v1/auth/switch', { allianceId });
});
afterAll(() => env?.close());

describe('pageLang', () => {
  it('follows the preferred of English and Chinese, q-values respected; Chinese by default', () => {
    expect(pageLang(EN)).toBe('en');
    expect(pageLang(ZH)).toBe('zh');
    expect(pageLang(undefined)).toBe('zh');
    expect(pageLang('')).toBe('zh');
    expect(pageLang('en')).toBe('en');
    expect(pageLang('EN-gb')).toBe('en');
    expect(pageLang('zh;q=0.5, en;q=0.6')).toBe('en');
    expect(pageLang('en;q=0.5,zh-TW')).toBe('zh');
    expect(pageLang('en;q=0,zh;q=0.1')).toBe('zh');
    expect(pageLang('en;q=0')).toBe('zh');
    expect(pageLang('fr-FR,fr;q=0.9')).toBe('zh');
    expect(pageLang('*')).toBe('zh');
    expect(pageLang('eng,enx')).toBe('zh');
    expect(pageLang('en ; q=0.8 , zh ; q=0.7')).toBe('en');
    expect(pageLang(['fr', 'en;q=0.5'])).toBe('en');
  });
});

describe(`tracking page /t/<token> in the browser's language (${TEST_DB})`, () => {
  it('shows English to an English browser, the rating form and its answers too; Chinese by default and for a Chinese one', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      payload: { allianceCode: 'LNG', categoryId, description: 'Broken street lamp, call me 13812345678', consent: true, gridId: leafGridId },
      remoteAddress: nextIp(),
    });
    expect(r.statusCode).toBe(201);
    const { number, trackingUrl } = r.json() as { number: string; trackingUrl: string };
    const token = trackingUrl.slice(3);
    const id = (await env.deps.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow()).id;
    await admin.ok('POST', `/api/v1/tickets/${id}/actions/dispatch`, { leadUnitId: unitId, note: 'please fix' });
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/accept`, {});
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/resolve`, { feedback: 'Lamp replaced' });

    const en = await get(trackingUrl, EN);
    expect(en.statusCode).toBe(200);
    expect(vary(en.headers)).toContain('accept-language');
    expect(en.headers['content-security-policy']).toContain("default-src 'none'");
    expect(en.body).toContain('<html lang="en">');
    for (const s of ['Report progress', 'Number', 'Status', 'Resolved', 'Dispatched', 'Rate the handling', 'Submit rating', 'Not solved'])
      expect(en.body).toContain(s);
    expect(en.body).toContain('138****5678');
    expect(en.body).not.toContain('13812345678');
    expect(Buffer.byteLength(en.body)).toBeLessThan(15 * 1024);
    expect(uiText(en.body, [categoryName, '稠城市场监管所'])).not.toMatch(CJK);

    for (const lang of [undefined, ZH, 'fr']) {
      const zh = await get(trackingUrl, lang);
      expect(zh.body, lang).toContain('<html lang="zh-CN">');
      expect(zh.body, lang).toContain('工单进度');
      expect(zh.body, lang).toContain('评价办理结果');
      expect(zh.body, lang).not.toContain('Report progress');
      expect(vary(zh.headers)).toContain('accept-language');
    }

    const bad = await post(`${trackingUrl}/rate`, 'stars=9', EN);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Please choose a satisfaction level');
    expect(vary(bad.headers)).toContain('accept-language');
    expect((await post(`${trackingUrl}/rate`, 'stars=9')).body).toContain('请选择满意度');
    const rated = await post(`${trackingUrl}/rate`, 'stars=4&solved=yes', EN);
    expect(rated.statusCode).toBe(303);
    const after = await get(rated.headers.location as string, EN);
    expect(after.body).toContain('Thank you for your rating!');
    expect(after.body).toContain('Closed');
    expect(after.body).toContain('★★★★☆ · Solved');
    expect(uiText(after.body, [categoryName, '稠城市场监管所'])).not.toMatch(CJK);
    const refused = await post(`${trackingUrl}/rate`, 'stars=4&solved=yes', EN);
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('cannot be rated in its current state');

    const missing = await get(`/t/${'x'.repeat(30)}`, EN);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<html lang="en">');
    expect(missing.body).toContain('This report was not found');
    expect(missing.body).not.toMatch(CJK);
    expect((await get(`/t/${'x'.repeat(30)}`)).body).toContain('未找到该工单');
    const photo = await get(`/t/${token}/photos/${newId()}`, EN);
    expect(photo.statusCode).toBe(404);
    expect(photo.body).toContain('This photo was not found.');
  });
});

describe(`merchant page /m/<code> in the browser's language (${TEST_DB})`, () => {
  it('shows English to an English browser with the same guarantees; Chinese by default and for a Chinese one', async () => {
    const m = await insertMerchantRow(
      env,
      { allianceId, gridId: leafGridId },
      {
        name: '<i>Sweet</i> 糖水铺',
        party_member_operator: 1,
        plaques: JSON.stringify(['party_member', 'trusted', '先锋商户']),
        credit_points: 9,
        credit_stars: 3,
        credit_flag: 'red',
        promise: null,
      },
    );
    const en = await get(`/m/${m.code}`, EN);
    expect(en.statusCode).toBe(200);
    expect(vary(en.headers)).toContain('accept-language');
    expect(en.headers['content-security-policy']).toContain("default-src 'none'");
    const body = en.body;
    expect(body).toContain('<html lang="en">');
    expect(body).toContain('&lt;i&gt;Sweet&lt;/i&gt; 糖水铺');
    for (const s of [
      'Party-member business',
      'Trusted shop',
      'Integrity stars',
      'Red flag merchant this month',
      'File a complaint',
      'Submit complaint',
      'has not published a promise',
    ])
      expect(body).toContain(s);
    expect(body).toContain('先锋商户'); // a plaque stored by its name is shown as stored
    expect(body).not.toContain('<script');
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(15 * 1024);
    const operator = /Operator: (\S+?) \(Party member\)/.exec(body)?.[1] ?? '';
    expect(uiText(body, ['糖水铺', '先锋商户', '荷花芯商圈党建联盟', operator])).not.toMatch(CJK);

    for (const lang of [undefined, ZH, 'de-DE']) {
      const zh = await get(`/m/${m.code}`, lang);
      expect(zh.body, lang).toContain('<html lang="zh-CN">');
      expect(zh.body, lang).toContain('我要投诉');
      expect(zh.body, lang).toContain('本月红旗商户');
      expect(zh.body, lang).not.toContain('File a complaint');
      expect(vary(zh.headers)).toContain('accept-language');
    }

    const unknown = await get('/m/AAAAAAAAAAAAAAAA', EN);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Merchant not found');
    expect(unknown.body).not.toMatch(CJK);
    expect((await get('/m/AAAAAAAAAAAAAAAA')).body).toContain('未找到该商户');

    // the complaint form's refusals and its confirmation
    const noConsent = await post(`/m/${m.code}/complaint`, new URLSearchParams({ description: 'Overcharged' }).toString(), EN);
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('Please read and tick the consent');
    expect(vary(noConsent.headers)).toContain('accept-language');
    const badPhone = await post(`/m/${m.code}/complaint`, new URLSearchParams({ description: 'Overcharged', phone: '12345', consent: 'on' }).toString(), EN);
    expect(badPhone.body).toContain('The phone number is not valid');
    expect((await post(`/m/${m.code}/complaint`, new URLSearchParams({ description: 'Overcharged' }).toString(), ZH)).body).toContain('请先阅读并勾选');
    const done = await post(`/m/${m.code}/complaint`, new URLSearchParams({ description: 'Overcharged', consent: 'on' }).toString(), EN);
    expect(done.statusCode).toBe(201);
    expect(done.body).toContain('<html lang="en">');
    expect(done.body).toContain('Complaint submitted');
    expect(done.body).toMatch(/has been received, ticket number <b>LNG-/);
    expect(uiText(done.body, ['糖水铺'])).not.toMatch(CJK);
  });

  it('answers the same bytes and headers on a listening server as the route, in either language', async () => {
    const m = await insertMerchantRow(env, { allianceId, gridId: leafGridId }, { name: '旧书店' });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = env.app.server.address() as { port: number };
    const comparable = (h: Record<string, unknown>) => {
      const { date: _d, connection: _c, 'keep-alive': _k, 'x-request-id': _id, ...rest } = h;
      return rest;
    };
    for (const lang of [EN, ZH, undefined]) {
      for (const url of [`/m/${m.code}`, '/m/AAAAAAAAAAAAAAAA']) {
        const viaRoute = await get(url, lang);
        const res = await fetch(`http://127.0.0.1:${port}${url}`, { headers: lang ? { 'accept-language': lang } : {} });
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(res.status, url).toBe(viaRoute.statusCode);
        expect(bytes.equals(viaRoute.rawPayload), `${url} ${lang}`).toBe(true);
        expect(comparable(Object.fromEntries(res.headers)), url).toEqual(
          comparable({ ...viaRoute.headers, 'content-length': String(viaRoute.rawPayload.length) }),
        );
        expect(bytes.toString()).toContain(lang === EN ? '<html lang="en">' : '<html lang="zh-CN">');
      }
    }
  });
});

describe(`the 429 page of the public routes in the browser's language (${TEST_DB})`, () => {
  /** Requests from one address until the route's limit answers 429; returns that answer. */
  async function limited(send: () => Promise<{ statusCode: number }>, max: number) {
    for (let i = 0; i < max; i++) expect((await send()).statusCode).not.toBe(429);
    return send() as Promise<Awaited<ReturnType<typeof env.app.inject>>>;
  }
  const complaintFrom = (code: string, ip: string, lang?: string) => () =>
    env.app.inject({
      method: 'POST',
      url: `/m/${code}/complaint`,
      payload: new URLSearchParams({ description: '', consent: 'on' }).toString(),
      remoteAddress: ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(lang ? { 'accept-language': lang } : {}) },
    });
  const pageFrom = (ip: string, lang?: string) => () =>
    env.app.inject({ method: 'GET', url: '/t/AAAAAAAAAAAAAAAAAAAAAA', remoteAddress: ip, headers: lang ? { 'accept-language': lang } : {} });

  it('answers an English browser in English and any other in Chinese, a form and a page alike', async () => {
    const m = await insertMerchantRow(env, { allianceId, gridId: leafGridId }, { name: '限流测试店' });
    // the complaint form allows 5 a minute (empty descriptions: refused with 400, counted all the same)
    const en = await limited(complaintFrom(m.code, '10.41.0.1', EN), 5);
    expect(en.statusCode).toBe(429);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.headers['content-security-policy']).toContain("default-src 'none'");
    expect(en.headers['retry-after']).toBeDefined();
    expect(vary(en.headers)).toContain('accept-language');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Too many submissions');
    expect(en.body).not.toMatch(CJK);
    for (const [ip, lang] of [
      ['10.41.0.2', ZH],
      ['10.41.0.3', undefined],
    ] as const) {
      const zh = await limited(complaintFrom(m.code, ip, lang), 5);
      expect(zh.statusCode).toBe(429);
      expect(vary(zh.headers)).toContain('accept-language');
      expect(zh.body).toContain('<html lang="zh-CN">');
      expect(zh.body).toContain('提交过于频繁');
    }
    // the tracking page allows 60 views a minute
    const view = await limited(pageFrom('10.41.0.4', EN), 60);
    expect(view.statusCode).toBe(429);
    expect(view.body).toContain('<html lang="en">');
    expect(view.body).toContain('Too many requests');
    expect(view.body).not.toMatch(CJK);
    const viewZh = await limited(pageFrom('10.41.0.5', ZH), 60);
    expect(viewZh.body).toContain('访问过于频繁');
  });
});
