import { completeCreditCode } from '@tongxin/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, expectNoChangeEdit, insertPhoto, setupEnv, type Client, type TestEnv } from './harness.ts';

/** A valid credit code per seed number (个体工商户 92… of 义乌 330782). */
const code = (n: number) => completeCreditCode(`92330782MA${String(n).padStart(6, '0')}`) as string;
const PHONE = '13800001234';

describe('merchant registry', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let adminB: Client;
  let gridRoot: string;
  let grid1: string;
  let grid1shop: string;
  let grid2: string;
  let personOp: string;
  let personLiaison: string;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('MRA');
    B = await env.alliance('MRB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    gridRoot = (await admin.ok('POST', '/api/v1/grids', { name: '通惠社区', code: 'TH' })).id;
    grid1 = (await admin.ok('POST', '/api/v1/grids', { name: '第一网格', code: 'TH-01', parentId: gridRoot })).id;
    grid1shop = (await admin.ok('POST', '/api/v1/grids', { name: '2F-15 荷花童装', code: 'TH-01-0215', parentId: grid1 })).id;
    grid2 = (await admin.ok('POST', '/api/v1/grids', { name: '第二网格', code: 'TH-02', parentId: gridRoot })).id;
    personOp = (await admin.ok('POST', '/api/v1/people', { name: '王丽娟', phone: '13800009999' })).id;
    personLiaison = (await admin.ok('POST', '/api/v1/people', { name: '陈伟华', isPartyMember: true })).id;
  });
  afterAll(async () => env?.close());

  const body = (n: number, extra: Record<string, unknown> = {}) => ({
    creditCode: code(n),
    name: `商户${n}`,
    businessType: 'catering',
    address: `宾王路${n}号`,
    gridId: grid1,
    contactPhone: PHONE,
    ...extra,
  });

  it('registers a merchant: normalised credit code, masked phone, WGS-84 location, a public code and a full credit', async () => {
    const r = await admin.post('/api/v1/merchants', {
      ...body(1, { creditCode: code(1).toLowerCase(), gridId: grid1shop }),
      name: '荷花童装',
      businessType: 'clothing',
      location: { lng: 120.0768, lat: 29.3057, crs: 'gcj02' },
      operatorPersonId: personOp,
      operatorName: '王丽娟',
      partyMemberOperator: true,
    });
    expect(r.statusCode).toBe(201);
    const m = r.json();
    expect(m).toMatchObject({
      creditCode: code(1),
      name: '荷花童装',
      businessType: 'clothing',
      gridId: grid1shop,
      gridName: '2F-15 荷花童装',
      operatorPersonId: personOp,
      operatorPersonName: '王丽娟',
      partyMemberOperator: true,
      contactPhone: '138****1234',
      status: 'operating',
      creditPoints: 12,
      // full points, nothing rated or upheld yet: 3 stars under the default rules, shown before credit opens its account
      creditStars: 3,
      creditFlag: null,
      plaques: [],
      monitoringPoint: false,
      location: { lng: 120.0768, lat: 29.3057, crs: 'gcj02' },
    });
    expect(m.publicCode).toMatch(/^[a-z2-7]{16}$/);
    // GCJ-02 is offset by hundreds of metres: the normalised point differs
    expect(Math.abs(m.wgs84.lng - 120.0768)).toBeGreaterThan(0.001);
    expect(r.body).not.toContain(PHONE);
    const raw = await env.deps.db.selectFrom('merchants').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(raw.contact_phone_enc).toMatch(/^v1\./);
    expect(raw.contact_phone_bidx).toBeTruthy();

    const got = await admin.ok('GET', `/api/v1/merchants/${m.id}`);
    expect(got.publicCode).toBe(m.publicCode);
    const upd = await admin.ok('PATCH', `/api/v1/merchants/${m.id}`, { name: '荷花童装（新天地店）', status: 'closed', contactPhone: '0579-85551234' });
    expect(upd).toMatchObject({ name: '荷花童装（新天地店）', status: 'closed', contactPhone: '0579-****1234', publicCode: m.publicCode });

    const audit = await admin.ok('GET', '/api/v1/audit?entity=merchant&pageSize=50');
    expect(audit.items.map((x: { action: string }) => x.action)).toEqual(expect.arrayContaining(['merchant.create', 'merchant.update']));
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(JSON.stringify(audit)).not.toContain('85551234');
  });

  it('public codes differ and never carry the credit code', async () => {
    const a = await admin.ok('POST', '/api/v1/merchants', body(2));
    const b = await admin.ok('POST', '/api/v1/merchants', body(3));
    expect(a.publicCode).not.toBe(b.publicCode);
    expect(a.publicCode).not.toContain(code(2).toLowerCase().slice(0, 6));
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const before = await countRows(env, 'merchants', A.id);
    const bad = code(4).slice(0, 17) + (code(4).endsWith('0') ? '1' : '0');
    const cases: Array<[Record<string, unknown>, string]> = [
      [body(4, { creditCode: bad }), 'creditCode'],
      [body(4, { businessType: 'casino' }), 'businessType'],
      [body(4, { contactPhone: '12345' }), 'contactPhone'],
      [body(4, { gridId: 'no-such-grid' }), 'gridId'],
      [body(4, { operatorPersonId: 'nobody' }), 'operatorPersonId'],
      [body(4, { monitoringPoint: true }), 'liaisonPersonId'],
      [body(4, { name: '' }), 'name'],
      [body(2), 'creditCode'], // already registered
    ];
    for (const [b, field] of cases) {
      const r = await admin.post('/api/v1/merchants', b);
      expect(r.statusCode, `${field}: ${r.body}`).toBe(400);
      expect(JSON.stringify(r.json().error.details)).toContain(field);
    }
    expect(await countRows(env, 'merchants', A.id)).toBe(before);
    // the same code may be registered in another alliance
    expect((await adminB.post('/api/v1/merchants', { ...body(2), gridId: null })).statusCode).toBe(201);
  });

  it('designates a monitoring point with its 居务联络员', async () => {
    const m = await admin.ok('POST', '/api/v1/merchants', body(5, { monitoringPoint: true, liaisonPersonId: personLiaison }));
    expect(m).toMatchObject({ monitoringPoint: true, liaisonPersonId: personLiaison, liaisonPersonName: '陈伟华' });
    const r = await admin.patch(`/api/v1/merchants/${m.id}`, { liaisonPersonId: null });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('liaisonPersonId');
  });

  it('filters the list: keyword, grid subtree, 业态, status, party member, monitoring point, credit summary', async () => {
    await admin.ok('POST', '/api/v1/merchants', body(6, { name: '丝路中东餐厅', gridId: grid2, businessType: 'catering' }));
    const ids = async (qs: string) =>
      ((await admin.ok('GET', `/api/v1/merchants?pageSize=200&${qs}`)).items as Array<{ name: string }>).map((x) => x.name).sort();
    expect(await ids('q=中东')).toEqual(['丝路中东餐厅']);
    expect(await ids(`q=${code(6).slice(10)}`)).toEqual(['丝路中东餐厅']);
    expect(await ids(`gridId=${grid2}`)).toEqual(['丝路中东餐厅']);
    expect((await ids(`gridId=${gridRoot}`)).length).toBe(5);
    expect(await ids(`gridId=${grid1shop}`)).toEqual(['荷花童装（新天地店）']);
    expect(await ids('businessType=clothing')).toEqual(['荷花童装（新天地店）']);
    expect(await ids('status=closed')).toEqual(['荷花童装（新天地店）']);
    expect(await ids('partyMember=true')).toEqual(['荷花童装（新天地店）']);
    expect(await ids('monitoringPoint=true')).toEqual(['商户5']);

    // the credit module keeps these columns; set them as it would
    await env.deps.db
      .updateTable('merchants')
      .set({ credit_points: 6, credit_stars: 2, credit_flag: 'yellow', plaques: '["model","trusted"]' })
      .where('credit_code', '=', code(6))
      .where('alliance_id', '=', A.id)
      .execute();
    expect(await ids('pointsMax=8')).toEqual(['丝路中东餐厅']);
    expect((await ids('pointsMin=10')).length).toBe(4);
    expect(await ids('stars=2')).toEqual(['丝路中东餐厅']);
    expect(await ids('flag=yellow')).toEqual(['丝路中东餐厅']);
    expect(await ids('plaque=trusted')).toEqual(['丝路中东餐厅']);
    expect(await ids('plaque=pioneer')).toEqual([]);
    const one = (await admin.ok('GET', `/api/v1/merchants?q=中东`)).items[0];
    expect(one).toMatchObject({ creditPoints: 6, creditStars: 2, creditFlag: 'yellow', plaques: ['model', 'trusted'] });

    const page = await admin.ok('GET', '/api/v1/merchants?page=2&pageSize=2');
    expect(page.total).toBe(5);
    expect(page.items.length).toBe(2);
    expect((await admin.get('/api/v1/merchants?stars=9')).statusCode).toBe(400);
  });

  it('checks permissions (403) and data scopes: grid subtree, own = operated by my person', async () => {
    const volunteer = await env.member(A.id, A.roles['志愿者'] as string);
    expect((await volunteer.get('/api/v1/merchants')).statusCode).toBe(403);
    const leader = await env.member(A.id, A.roles['领导（只读）'] as string);
    expect((await leader.get('/api/v1/merchants')).statusCode).toBe(200);
    expect((await leader.post('/api/v1/merchants', body(7))).statusCode).toBe(403);
    expect((await leader.get('/api/v1/merchants/template')).statusCode).toBe(403);

    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: grid2 });
    const seen = await officer.ok('GET', '/api/v1/merchants?pageSize=100');
    expect(seen.items.map((x: { name: string }) => x.name)).toEqual(['丝路中东餐厅']);
    const inGrid1 = (await admin.ok('GET', `/api/v1/merchants?gridId=${grid1shop}`)).items[0].id;
    expect((await officer.get(`/api/v1/merchants/${inGrid1}`)).statusCode).toBe(404);
    expect((await officer.post('/api/v1/merchants', body(8))).statusCode).toBe(403); // filed into grid1, outside the scope
    expect((await officer.post('/api/v1/merchants', body(8, { gridId: grid2 }))).statusCode).toBe(201);
    const mine = seen.items[0].id;
    expect((await officer.patch(`/api/v1/merchants/${mine}`, { gridId: grid1 })).statusCode).toBe(403);

    const user = await env.city.ok('POST', '/api/v1/users', {
      username: `op_${Date.now()}`,
      displayName: '王丽娟',
      password: 'Test-Passw0rd!',
      roleId: A.roles['商户'],
      personId: personOp,
    });
    const shop = await env.login(user.username);
    await shop.ok('POST', '/api/v1/auth/switch', { allianceId: A.id });
    const own = await shop.ok('GET', '/api/v1/merchants');
    expect(own.items.map((x: { name: string }) => x.name)).toEqual(['荷花童装（新天地店）']);
    expect((await shop.post('/api/v1/merchants', body(9))).statusCode).toBe(403);
  });

  it('keeps tenants apart: another alliance’s merchant is 404 everywhere', async () => {
    const other = await adminB.ok('POST', '/api/v1/merchants', { ...body(10), gridId: null });
    expect((await admin.get(`/api/v1/merchants/${other.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/merchants/${other.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await admin.del(`/api/v1/merchants/${other.id}`)).statusCode).toBe(404);
    expect((await admin.ok('GET', `/api/v1/merchants?q=${code(10).slice(10)}`)).total).toBe(0);
    // a grid of alliance A cannot be used in B
    const r = await adminB.post('/api/v1/merchants', body(11));
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('gridId');
  });

  it('deletes a mistaken registration but refuses one with history (409)', async () => {
    const m = await admin.ok('POST', '/api/v1/merchants', body(12));
    const kept = await admin.ok('POST', '/api/v1/merchants', body(13));
    const cat = (await admin.ok('GET', '/api/v1/categories?pageSize=1')).items[0].id;
    const t = await admin.ok('POST', '/api/v1/tickets', { kind: 'complaint', categoryId: cat, description: '消费投诉：缺斤少两' }, 201);
    await env.deps.db.updateTable('tickets').set({ merchant_id: kept.id }).where('id', '=', t.id).execute();
    expect((await admin.del(`/api/v1/merchants/${kept.id}`)).statusCode).toBe(409);
    // opening its detail reads its credit, which opens a credit account (12 points, a cycle): not history
    expect((await admin.ok('GET', `/api/v1/merchants/${m.id}/credit`)).points).toBe(12);
    expect(await countRows(env, 'credit_accounts', A.id)).toBeGreaterThan(0);
    expect((await admin.del(`/api/v1/merchants/${m.id}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/merchants/${m.id}`)).statusCode).toBe(404);
    for (const table of ['credit_accounts', 'credit_cycles', 'credit_flags'] as const) {
      expect(await env.deps.db.selectFrom(table).select('merchant_id').where('merchant_id', '=', m.id).execute(), table).toEqual([]);
    }
    // a deduction is history: the shop is closed, not deleted
    const deducted = await admin.ok('POST', '/api/v1/merchants', body(14));
    const item = (await admin.ok('GET', '/api/v1/credit/catalogue')).items[0];
    const photos = [await insertPhoto(env, A.id)];
    await admin.ok('POST', `/api/v1/merchants/${deducted.id}/credit/entries`, { kind: 'deduction', itemId: item.id, note: '占道经营', photos }, 201);
    const refused = await admin.del(`/api/v1/merchants/${deducted.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.references).toContain('credit_entries');
  });

  it('exports the filtered list as .xlsx with masked phones', async () => {
    const r = await admin.get('/api/v1/merchants/export?businessType=catering');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('商户') as ExcelJS.Worksheet;
    const text = JSON.stringify(ws.getSheetValues());
    expect(text).toContain('丝路中东餐厅');
    expect(text).not.toContain('荷花童装');
    expect(text).toContain('138****1234');
    expect(text).not.toContain(PHONE);
    expect(r.rawPayload.includes(Buffer.from(PHONE))).toBe(false);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown, numbers masked)', async () => {
    const sent = body(90, {
      address: '宾王路90号（电话13812345678）',
      location: { lng: 120.0768, lat: 29.3057, crs: 'gcj02' },
      operatorPersonId: personOp,
      operatorName: '王丽娟',
      partyMemberOperator: true,
    });
    const m = await admin.ok('POST', '/api/v1/merchants', sent, 201);
    const shown = await admin.ok('GET', `/api/v1/merchants/${m.id}`);
    const same = { ...sent, address: shown.address, status: shown.status, monitoringPoint: false, liaisonPersonId: null };
    const at = { url: `/api/v1/merchants/${m.id}`, table: 'merchants' as const, id: m.id };
    await expectNoChangeEdit(env, admin, at, shown, same, { name: '商户90（新店）' });
  });

  it('saves as shown a shop stored before a rule it breaks (a monitoring point without its liaison): 200, nothing written', async () => {
    const sent = body(91, { operatorName: '陈建国' });
    const m = await admin.ok('POST', '/api/v1/merchants', sent, 201);
    // marked a monitoring point before a liaison person was required
    await env.deps.db.updateTable('merchants').set({ monitoring_point: 1 }).where('id', '=', m.id).execute();
    const shown = await admin.ok('GET', `/api/v1/merchants/${m.id}`);
    expect([shown.monitoringPoint, shown.liaisonPersonId]).toEqual([true, null]);
    const same = { ...sent, status: shown.status, monitoringPoint: true, liaisonPersonId: null };
    const at = { url: `/api/v1/merchants/${m.id}`, table: 'merchants' as const, id: m.id };
    await expectNoChangeEdit(env, admin, at, shown, same, { name: '商户91（新店）' });
    // making a shop a monitoring point without a liaison is still refused
    const other = await admin.ok('POST', '/api/v1/merchants', body(92), 201);
    const r = await admin.patch(`/api/v1/merchants/${other.id}`, { monitoringPoint: true });
    expect([r.statusCode, r.json().error.details[0].path]).toEqual([400, 'liaisonPersonId']);
  });

  it('finds merchants by ?phone= (the exact contact phone in any spelling) within scope and alliance, in the list and the export', async () => {
    const land = await admin.ok('POST', '/api/v1/merchants', body(60, { name: '查号餐馆', gridId: grid2, contactPhone: '0579-85556601' }));
    const mobile = await admin.ok('POST', '/api/v1/merchants', body(61, { name: '查号童装', businessType: 'clothing', contactPhone: '13900006601' }));
    const theirs = await adminB.ok('POST', '/api/v1/merchants', { ...body(62), gridId: null, contactPhone: '13900006601' });
    const find = async (c: Client, phone: string, more = '') => {
      const r = await c.get(`/api/v1/merchants?pageSize=200&phone=${encodeURIComponent(phone)}${more}`);
      expect(r.statusCode, phone).toBe(200);
      expect(r.body).not.toContain('13900006601');
      expect(r.body).not.toContain('85556601');
      return (r.json().items as Array<{ id: string }>).map((x) => x.id);
    };
    for (const spelt of ['0579-85556601', '057985556601', '0579 8555 6601', '０５７９８５５５６６０１'])
      expect(await find(admin, spelt), spelt).toEqual([land.id]);
    for (const spelt of ['13900006601', '+86 139 0000 6601']) expect(await find(admin, spelt), spelt).toEqual([mobile.id]);
    expect((await admin.ok('GET', '/api/v1/merchants?phone=13900006601')).items[0].contactPhone).toBe('139****6601');
    for (const part of ['1390000', '6601', '', 'abc']) expect(await find(admin, part), part).toEqual([]);
    expect(await find(admin, '13900006601', '&businessType=clothing')).toEqual([mobile.id]);
    expect(await find(admin, '13900006601', '&businessType=catering')).toEqual([]);
    // another alliance, and a grid officer whose grid the shop is not in, do not find it
    expect(await find(adminB, '13900006601')).toEqual([theirs.id]);
    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: grid2 });
    expect(await find(officer, '13900006601')).toEqual([]);
    expect(await find(officer, '0579-85556601')).toEqual([land.id]);
    // the export carries the same filter, phones masked
    const r = await admin.get(`/api/v1/merchants/export?phone=${encodeURIComponent('0579 8555 6601')}`);
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const text = JSON.stringify((wb.getWorksheet('商户') as ExcelJS.Worksheet).getSheetValues());
    expect(text).toContain('查号餐馆');
    expect(text).not.toContain('查号童装');
    expect(text).not.toContain('85556601');
    expect((await admin.get(`/api/v1/merchants?phone=${'1'.repeat(25)}`)).statusCode).toBe(400);
  });
});
