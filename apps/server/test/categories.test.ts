import { DEFAULT_CATEGORIES } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadUnitFor } from '../src/modules/categories/index.ts';
import { countRows, expectNoChangeEdit, setupEnv, type Client, type TestEnv } from './harness.ts';

describe('categories', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let staff: Client;
  let merchant: Client;
  let adminB: Client;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('CTA');
    B = await env.alliance('CTB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    merchant = await env.member(A.id, A.roles['商户'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
  });
  afterAll(async () => env?.close());

  it('seeds every new alliance with the default categories and their SLA', async () => {
    const list = await merchant.ok('GET', '/api/v1/categories?pageSize=100');
    expect(list.total).toBe(DEFAULT_CATEGORIES.length);
    const tf = list.items.find((c: { code: string }) => c.code === 'TFSJ');
    expect(tf).toMatchObject({
      name: '突发事件',
      gbClass: '突发事件',
      acceptHours: 1,
      resolveDays: 1,
      urgentHours: 2,
      defaultLeadUnitId: null,
      gridRoutes: [],
      active: true,
      allianceId: A.id,
    });
    expect(await countRows(env, 'categories', B.id)).toBe(DEFAULT_CATEGORIES.length);
    expect((await merchant.ok('GET', '/api/v1/categories?q=油烟')).items.map((c: { code: string }) => c.code)).toEqual(['YY']);
  });

  it('creates and updates a category with a default lead unit and per-grid routes; routing picks the nearest grid ancestor', async () => {
    const u1 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id;
    const u2 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '市场监管所' })).id;
    const root = (await admin.ok('POST', '/api/v1/grids', { name: '社区' })).id;
    const child = (await admin.ok('POST', '/api/v1/grids', { name: '网格', parentId: root })).id;
    const leaf = (await admin.ok('POST', '/api/v1/grids', { name: '商铺', parentId: child })).id;
    const other = (await admin.ok('POST', '/api/v1/grids', { name: '别的社区' })).id;
    const c = await staff.ok(
      'POST',
      '/api/v1/categories',
      { code: 'WBPS', name: '外摆棚伞', acceptHours: 2, resolveDays: 5, urgentHours: 12, defaultLeadUnitId: u1, gridRoutes: [{ gridId: root, unitId: u2 }] },
      201,
    );
    expect(c).toMatchObject({ code: 'WBPS', defaultLeadUnitId: u1, gridRoutes: [{ gridId: root, unitId: u2 }], active: true, gbClass: null });
    expect(await leadUnitFor(env.deps.db, A.id, c.id, leaf)).toBe(u2);
    expect(await leadUnitFor(env.deps.db, A.id, c.id, other)).toBe(u1);
    expect(await leadUnitFor(env.deps.db, A.id, c.id, null)).toBe(u1);
    const up = await admin.ok('PATCH', `/api/v1/categories/${c.id}`, {
      resolveDays: 3,
      gridRoutes: [
        { gridId: root, unitId: u2 },
        { gridId: child, unitId: u1 },
      ],
    });
    expect(up).toMatchObject({ resolveDays: 3, acceptHours: 2 });
    expect(up.gridRoutes).toHaveLength(2);
    expect(await leadUnitFor(env.deps.db, A.id, c.id, leaf)).toBe(u1);
    // another alliance neither sees nor routes it
    expect(await leadUnitFor(env.deps.db, B.id, c.id, leaf)).toBeNull();
    expect((await adminB.patch(`/api/v1/categories/${c.id}`, { name: 'x' })).statusCode).toBe(404);
    const off = await admin.ok('PATCH', `/api/v1/categories/${c.id}`, { active: false, defaultLeadUnitId: null, gridRoutes: [] });
    expect(off).toMatchObject({ active: false, defaultLeadUnitId: null, gridRoutes: [] });
    expect((await admin.ok('GET', '/api/v1/categories?active=false')).items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // an inactive category takes no new tickets
    const r = await admin.post('/api/v1/tickets', { kind: 'report', categoryId: c.id, description: '外摆' });
    expect(r.statusCode).toBe(400);
    const audit = await env.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['category.create', 'category.update', 'category.update']);
  });

  it('rejects bad input with 400 naming the field, and writers without category:write with 403', async () => {
    const unitB = (await adminB.ok('POST', '/api/v1/units', { kind: 'regulator', name: '外盟' })).id;
    const base = { code: 'NEW1', name: '新类别', acceptHours: 4, resolveDays: 7, urgentHours: 24 };
    for (const [body, field] of [
      [{ ...base, code: 'SRHJ' }, 'code'],
      // the name of an active category: the pickers would offer two look-alikes
      [{ ...base, name: '环境卫生' }, 'name'],
      [{ ...base, code: 'bad code' }, 'code'],
      [{ ...base, acceptHours: 0 }, 'acceptHours'],
      [{ ...base, resolveDays: 1.5 }, 'resolveDays'],
      [{ ...base, defaultLeadUnitId: unitB }, 'defaultLeadUnitId'],
      [{ ...base, gridRoutes: [{ gridId: 'nope', unitId: 'nope' }] }, 'gridRoutes.0.gridId'],
    ] as const) {
      const r = await admin.post('/api/v1/categories', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await merchant.post('/api/v1/categories', base)).statusCode).toBe(403);
    expect((await env.anon.get('/api/v1/categories')).statusCode).toBe(401);
    expect(await countRows(env, 'categories', A.id)).toBe(DEFAULT_CATEGORIES.length + 1);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown, its routes in another order)', async () => {
    const u = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '无变化所' })).id;
    const g1 = (await admin.ok('POST', '/api/v1/grids', { name: '无变化社区一' })).id;
    const g2 = (await admin.ok('POST', '/api/v1/grids', { name: '无变化社区二' })).id;
    const routes = [
      { gridId: g1, unitId: u },
      { gridId: g2, unitId: u },
    ];
    const body = { name: '无变化分类', acceptHours: 2, resolveDays: 5, urgentHours: 12, defaultLeadUnitId: u, gridRoutes: routes };
    const c = await staff.ok('POST', '/api/v1/categories', { code: 'WBH', ...body }, 201);
    const shown = await staff.ok('GET', `/api/v1/categories/${c.id}`);
    const same = { ...body, gbClass: shown.gbClass, active: true, gridRoutes: [...shown.gridRoutes].reverse() };
    const at = { url: `/api/v1/categories/${c.id}`, table: 'categories' as const, id: c.id };
    await expectNoChangeEdit(env, admin, at, shown, same, { resolveDays: 3 });
  });

  it('saves as shown a category stored before a rule it breaks (two active ones of one name): 200, nothing written; it stays editable', async () => {
    const body = { name: '旧规则分类', acceptHours: 2, resolveDays: 5, urgentHours: 12 };
    await staff.ok('POST', '/api/v1/categories', { code: 'OLD1', ...body }, 201);
    const c = await staff.ok('POST', '/api/v1/categories', { code: 'OLD2', ...body, name: '旧规则分类乙' }, 201);
    // written before one name per active category was a rule
    await env.deps.db.updateTable('categories').set({ name: body.name }).where('id', '=', c.id).execute();
    const shown = await staff.ok('GET', `/api/v1/categories/${c.id}`);
    expect(shown.name).toBe(body.name);
    const same = { ...body, gbClass: shown.gbClass, defaultLeadUnitId: null, gridRoutes: [], active: true };
    const at = { url: `/api/v1/categories/${c.id}`, table: 'categories' as const, id: c.id };
    await expectNoChangeEdit(env, staff, at, shown, same, { resolveDays: 3 });
    // a change of the name itself is still checked
    const renamed = await staff.patch(`/api/v1/categories/${c.id}`, { ...same, name: '无变化分类' });
    expect([renamed.statusCode, renamed.json().error.details[0].path]).toEqual([400, 'name']);
  });
});
