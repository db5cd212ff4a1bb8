import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, raw } from '../src/lib/html.ts';
import { purgeUnusedUploads, UNUSED_UPLOAD_MS } from '../src/modules/files/index.ts';
import { buildWordFilter, sensitiveWordList } from '../src/modules/public/index.ts';
import { createEventData, firstCategory, insertRole, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

let env: TestEnv;
let admin: Client;
let handler: Client & { userId: string };
let allianceId: string;
let categoryId: string;
let leafGridId: string;
let unitId: string;
let ipSeq = 0;
/** Each scenario posts from its own address so that the per-IP limits do not leak between tests. */
const nextIp = () => `10.20.${Math.floor(++ipSeq / 200)}.${(ipSeq % 200) + 1}`;

function multipart(bytes: Buffer, filename = 'photo.jpg') {
  const boundary = `----tx${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const jpeg = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();

async function publicUpload(ip = nextIp()): Promise<string> {
  const m = multipart(await jpeg());
  const r = await env.app.inject({ method: 'POST', url: '/api/public/files', payload: m.payload, headers: m.headers, remoteAddress: ip });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
}

async function report(body: Record<string, unknown>, ip = nextIp()) {
  return env.app.inject({ method: 'POST', url: '/api/public/reports', payload: body, remoteAddress: ip });
}

const page = (url: string, ip = nextIp()) => env.app.inject({ method: 'GET', url, remoteAddress: ip });

const base = () => ({ allianceCode: 'PUB', categoryId, description: '路灯坏了', consent: true });

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.alliance('PUB', '荷花芯商圈党建联盟', { gridLevelNames: ['社区', '网格'] });
  allianceId = a.id;
  admin = env.city;
  categoryId = (await firstCategory(env, allianceId)).id;
  const community = await admin.ok('POST', '/api/v1/grids', { name: '通惠社区' });
  const leaf = await admin.ok('POST', '/api/v1/grids', { name: '第一网格', parentId: community.id });
  leafGridId = leaf.id;
  const unit = await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城市场监管所', gridId: leaf.id });
  unitId = unit.id;
  const roleId = await insertRole(env, allianceId, { name: '测试经办', permissions: ['alliance:read', 'ticket:read', 'ticket:handle'], dataScope: 'unit' });
  handler = await env.member(allianceId, roleId, { unitId });
  await admin.ok('POST', '/api/v1/auth/switch', { allianceId });
});
afterAll(() => env.close());

describe('html template and word filter', () => {
  it('escapes every interpolation except html values and raw()', () => {
    const evil = `<script>alert("x")</script>'&`;
    expect(html`<p>${evil}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>');
    const list = html`<ul>
      ${['<a>', html`<li>${'b&'}</li>`]}
    </ul>`.value;
    expect(list.replace(/\s*\n\s*/g, '')).toBe('<ul>&lt;a&gt;<li>b&amp;</li></ul>');
    expect(html`${raw('<b>ok</b>')}${null}${undefined}${false}${0}`.value).toBe('<b>ok</b>0');
    expect(html`<a title="${'" onclick="x'}"></a>`.value).toBe('<a title="&quot; onclick=&quot;x"></a>');
  });
  it('replaces sensitive words, also spaced out, and takes extra words from the configuration', () => {
    const f = buildWordFilter(sensitiveWordList(['坏词']));
    expect(f.apply('你个傻逼，还有 傻 逼 和坏词')).toEqual({ text: '你个＊＊，还有 ＊＊＊ 和＊＊', hits: 3 });
    expect(f.apply('正常的描述')).toEqual({ text: '正常的描述', hits: 0 });
  });
});

describe(`public alliance info (${TEST_DB})`, () => {
  it('lists active categories and leaf grids with level names; 404 for an unknown code', async () => {
    const r = await page('/api/public/alliances/PUB');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.name).toBe('荷花芯商圈党建联盟');
    expect(body.categories.map((c: { id: string }) => c.id)).toContain(categoryId);
    expect(body.grids).toEqual([{ id: leafGridId, name: '第一网格', levelName: '网格' }]);
    expect((await page('/api/public/alliances/NOPE')).statusCode).toBe(404);
  });
});

describe(`public report and tracking page (${TEST_DB})`, () => {
  it('requires consent, a known alliance and public uploads as photos', async () => {
    const { consent: _c, ...noConsent } = base();
    const r = await report(noConsent);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain('consent');
    const f = await report({ ...base(), consent: false });
    expect(f.statusCode).toBe(400);
    expect(f.json().error.message).toContain('consent');
    expect((await report({ ...base(), allianceCode: 'NOPE' })).statusCode).toBe(404);
    // a member's upload (alliance set) cannot be attached to a public report
    const m = multipart(await jpeg());
    const up = await env.app.inject({ method: 'POST', url: '/api/v1/files', payload: m.payload, headers: { ...m.headers, cookie: admin.cookie! } });
    expect(up.statusCode).toBe(201);
    const bad = await report({ ...base(), photos: [up.json().id] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('photos');
  });

  it('masks numbers as people type them: full-width digits, groups split by spaces, a landline, a spaced ID number', async () => {
    const description = '楼上噪音扰民，联系我 １３８１２３４５６７０ 或 139　8765　4321，座机 0579-85551234，身份证 330782 19900101 1234，门牌 12 号';
    const r = await report({ ...base(), description, address: '工人北路 1 号', gridId: leafGridId });
    expect(r.statusCode).toBe(201);
    const text = (await page(r.json().trackingUrl)).body;
    expect(text).toContain('138****5670');
    expect(text).toContain('139****4321');
    expect(text).toContain('0579-****1234');
    expect(text).toContain('330782********1234');
    expect(text).toContain('门牌 12 号');
    for (const secret of ['１２３４', '8765', '8555', '19900101']) expect(text).not.toContain(secret);
  });

  it('masks phone and ID numbers, escapes markup, filters words, serves only its photos, and rates once resolved', async () => {
    const photo = await publicUpload();
    const description =
      '门口垃圾堆了三天 傻逼物业不管，联系我 13812345678 或 138-1234-5679，身份证 330782199001011234 <script>alert(1)</script><img src=x onerror=alert(2)>';
    const r = await report({ ...base(), description, photos: [photo], reporterPhone: '13900001111', address: '工人北路 1 号', gridId: leafGridId });
    expect(r.statusCode).toBe(201);
    const { number, trackingUrl } = r.json();
    expect(number).toMatch(/^PUB-\d{8}-\d{4,}$/);
    expect(trackingUrl).toMatch(/^\/t\/[A-Za-z0-9_-]{20,}$/);
    const token = trackingUrl.slice(3);

    const stored = await env.deps.db.selectFrom('tickets').select(['id', 'description']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(stored.description).toContain('＊＊物业');
    expect(stored.description).not.toContain('傻逼');
    expect(await createEventData(env, stored.id)).toMatchObject({ sensitiveWordsFiltered: 1 });

    const p = await page(trackingUrl);
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toContain('text/html');
    expect(p.headers['content-security-policy']).toContain("default-src 'none'");
    expect(p.headers['content-security-policy']).not.toContain('script-src');
    expect(p.headers['cache-control']).toBe('no-store');
    expect(p.headers['referrer-policy']).toBe('no-referrer');
    const text = p.body;
    expect(Buffer.byteLength(text)).toBeLessThan(15 * 1024);
    expect(text).toContain('<html lang="zh-CN">');
    expect(text).toContain('工单进度');
    expect(text).toContain('font:15px/1.6 -apple-system,"PingFang SC"'); // the inline stylesheet is not escaped
    expect(text).toContain(number);
    expect(text).toContain('已点单');
    expect(text).toContain('138****5678');
    for (const secret of ['13812345678', '12345678', '5679 ', '1234-5679', '19900101', '13900001111', '0000111']) expect(text).not.toContain(secret);
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('name="stars"'); // no rating form before it is resolved
    expect(text).toContain(`/t/${token}/photos/${photo}/thumb`);

    const img = await page(`/t/${token}/photos/${photo}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect((await page(`/t/${token}/photos/${photo}/thumb`)).statusCode).toBe(200);
    const other = await publicUpload();
    expect((await page(`/t/${token}/photos/${other}`)).statusCode).toBe(404);

    // members of the alliance now read the public upload the ticket references
    expect((await admin.get(`/api/v1/files/${photo}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/files/${other}`)).statusCode).toBe(404);

    // rating before it is resolved: 409 page, nothing changes
    const early = await env.app.inject({
      method: 'POST',
      url: `${trackingUrl}/rate`,
      payload: 'stars=5&solved=yes',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: nextIp(),
    });
    expect(early.statusCode).toBe(409);

    // drive it to resolved: dispatch (committee), accept and resolve (the lead unit's handler)
    const id = stored.id;
    await admin.ok('POST', `/api/v1/tickets/${id}/actions/dispatch`, { leadUnitId: unitId, note: '请尽快处理' });
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/accept`, {});
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/resolve`, { feedback: '已清运完毕，联系人 13700002222' });

    const resolved = await page(trackingUrl);
    expect(resolved.statusCode).toBe(200);
    expect(resolved.body).toContain('已反馈');
    expect(resolved.body).toContain('稠城市场监管所');
    expect(resolved.body).toContain('137****2222');
    expect(resolved.body).not.toContain('13700002222');
    expect(resolved.body).toContain('name="stars"');
    expect(resolved.body).toContain(`action="/t/${token}/rate"`);
    expect(resolved.body).not.toContain(handler.userId);

    const bad = await env.app.inject({
      method: 'POST',
      url: `${trackingUrl}/rate`,
      payload: 'stars=9',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: nextIp(),
    });
    expect(bad.statusCode).toBe(400);
    const rate = await env.app.inject({
      method: 'POST',
      url: `${trackingUrl}/rate`,
      payload: `stars=5&solved=yes&comment=${encodeURIComponent('很满意 <b>谢谢</b> 13812345678')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: nextIp(),
    });
    expect(rate.statusCode).toBe(303);
    expect(rate.headers.location).toBe(`/t/${token}?m=rated`);
    const after = await page(rate.headers.location as string);
    expect(after.body).toContain('已办结');
    expect(after.body).toContain('感谢您的评价');
    expect(after.body).toContain('&lt;b&gt;谢谢&lt;/b&gt;');
    expect(after.body).not.toContain('13812345678');
    expect(after.body).not.toContain('name="stars"');
    const detail = await admin.ok('GET', `/api/v1/tickets/${id}`);
    expect(detail.status).toBe('closed');
    expect(detail.rating).toMatchObject({ stars: 5, solved: true });
  });

  it('derives the title from the masked description, so a number cut at the 30th character does not leak', async () => {
    // the mobile starts at the 22nd character: a cut before masking kept 138000012, which no mask recognises
    const description = '宾王路人行道被三轮车占用了一整天，联系电话13800001234，请尽快处理。';
    const r = await report({ ...base(), description });
    expect(r.statusCode).toBe(201);
    const { number } = r.json();
    const { id } = await env.deps.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    const detail = await admin.ok('GET', `/api/v1/tickets/${id}`);
    expect(detail.title).toBe('宾王路人行道被三轮车占用了一整天，联系电话138****12');
    const listed = await admin.ok('GET', `/api/v1/tickets?q=${number}`);
    for (const text of [detail.title, listed.items[0].title, JSON.stringify(listed)]) expect(text).not.toContain('1380000');

    // a title cut before this fix is cut again by migration 0030; one someone typed is left as it was
    const typed = await report({ ...base(), description: '三轮车占道，电话13800001234' });
    const typedId = (await env.deps.db.selectFrom('tickets').select('id').where('number', '=', typed.json().number).executeTakeFirstOrThrow()).id;
    await env.deps.db.updateTable('tickets').set({ title: '我自己写的标题1380000123' }).where('id', '=', typedId).execute();
    await env.deps.db.updateTable('tickets').set({ title: '宾王路人行道被三轮车占用了一整天，联系电话138000012' }).where('id', '=', id).execute();
    const mig = await import('../src/db/migrations/0030_masked_default_titles.ts');
    await mig.up(env.deps.db as never);
    expect((await admin.ok('GET', `/api/v1/tickets/${id}`)).title).toBe('宾王路人行道被三轮车占用了一整天，联系电话138****12');
    const kept = await env.deps.db.selectFrom('tickets').select('title').where('id', '=', typedId).executeTakeFirstOrThrow();
    expect(kept.title).toBe('我自己写的标题1380000123');
  });

  it("shows the reporter the case's progress and the feedback, not the handlers' remarks, 督办 or 吹哨 notes", async () => {
    const r = await report({ ...base(), description: '井盖松动，有人差点绊倒', gridId: leafGridId });
    const { number, trackingUrl } = r.json();
    const { id } = await env.deps.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await admin.ok('POST', `/api/v1/tickets/${id}/actions/comment`, { note: '内部备注：此人多次投诉' });
    await admin.ok('POST', `/api/v1/tickets/${id}/actions/dispatch`, { leadUnitId: unitId, note: '派单说明：先核实再处理' });
    await admin.ok('POST', `/api/v1/tickets/${id}/actions/urge`, { note: '督办：反复拖延，纳入考核' });
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/accept`, {});
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/escalate`, { reason: '城管不配合，需要党委协调' });
    await handler.ok('POST', `/api/v1/tickets/${id}/actions/resolve`, { feedback: '井盖已更换' });
    const body = (await page(trackingUrl)).body;
    for (const internal of ['内部备注', '派单说明', '督办：', '城管不配合']) expect(body, internal).not.toContain(internal);
    // that it was dispatched, chased and escalated still shows, and the feedback in full
    for (const shown of ['派单', '催办', '吹哨上报', '井盖已更换']) expect(body, shown).toContain(shown);
    // staff read every note
    const notes = (await admin.ok('GET', `/api/v1/tickets/${id}`)).timeline.map((e: { note: string | null }) => e.note);
    expect(notes).toEqual(expect.arrayContaining(['内部备注：此人多次投诉', '派单说明：先核实再处理', '督办：反复拖延，纳入考核', '城管不配合，需要党委协调']));
  });

  it("leads a merged report's reporter to the case it is handled in, without that case's text", async () => {
    const first = await report({ ...base(), description: '第一位群众：路灯不亮，联系 13811112222', gridId: leafGridId });
    const second = await report({ ...base(), description: '路灯坏了好几天', gridId: leafGridId });
    const ids = await env.deps.db.selectFrom('tickets').select(['id', 'number']).where('number', 'in', [first.json().number, second.json().number]).execute();
    const target = ids.find((x) => x.number === first.json().number)!;
    const dup = ids.find((x) => x.number === second.json().number)!;
    await admin.ok('POST', `/api/v1/tickets/${target.id}/actions/dispatch`, { leadUnitId: unitId });
    await admin.ok('POST', `/api/v1/tickets/${dup.id}/actions/merge`, { targetId: target.id });
    const body = (await page(second.json().trackingUrl)).body;
    expect(body).toContain('已合并');
    expect(body).toContain(`${target.number} · 已派单 · 稠城市场监管所`);
    expect(body).toContain(`与工单 ${target.number} 是同一件事`);
    expect(body).not.toContain('第一位群众');
    expect(body).not.toContain('1111');
    // the other reporter's page says nothing of a merge
    expect((await page(first.json().trackingUrl)).body).not.toContain('合并办理');
  });

  it('answers the same 404 page for unknown, malformed and never-issued tokens', async () => {
    const a = await page('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const b = await page('/t/x');
    expect(a.statusCode).toBe(404);
    expect(b.statusCode).toBe(404);
    expect(a.body).toBe(b.body);
    expect(a.headers['content-type']).toContain('text/html');
    const rate = await env.app.inject({
      method: 'POST',
      url: '/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/rate',
      payload: 'stars=5&solved=yes',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(rate.statusCode).toBe(404);
  });

  it('rate-limits public reports per address', async () => {
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await report({ ...base(), description: `第${i}条` }, ip)).statusCode);
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes[5]).toBe(429);
    expect((await report(base(), nextIp())).statusCode).toBe(201);
  });
});

describe('public uploads no case took', () => {
  it('are deleted after a day; a photo a report used stays, and so does a fresh upload', async () => {
    const used = await publicUpload();
    const unused = await publicUpload();
    const fresh = await publicUpload();
    const r = await report({ ...base(), photos: [used] });
    expect(r.statusCode).toBe(201);
    // a day and a bit ago, as if the reporter had given up on the form
    const old = env.clock.now() - UNUSED_UPLOAD_MS - 60_000;
    await env.deps.db.updateTable('pending_uploads').set({ created_at: old }).where('file_id', 'in', [used, unused]).execute();
    expect(await purgeUnusedUploads(env.deps)).toBeGreaterThanOrEqual(1);
    const left = await env.deps.db.selectFrom('files').select('id').where('id', 'in', [used, unused, fresh]).execute();
    expect(left.map((f) => f.id).sort()).toEqual([used, fresh].sort());
    // the tracking page still shows the report's photo
    const tracking = String(r.json().trackingUrl);
    const body = (await page(tracking)).body;
    expect(body).toContain(used);
    expect((await page(`${tracking}/photos/${used}/thumb`)).statusCode).toBe(200);
    expect(await purgeUnusedUploads(env.deps)).toBe(0);
  });
});
