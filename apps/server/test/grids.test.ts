import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, expectNoChangeEdit, insertRole, setupEnv, type Client, type TestEnv } from './harness.ts';

type G = {
  id: string;
  name: string;
  level: number;
  levelName: string;
  parentId: string | null;
  members: { personId: string; personName: string; role: string }[];
};

describe('grids', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let adminB: Client;
  const path = async (id: string) => await env.deps.db.selectFrom('grids').select(['path', 'level']).where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('GRA'); // default levels 社区—网格—企业—商铺
    B = await env.alliance('GRB', undefined, { gridLevelNames: ['片区网格', '中心户'] }); // Zunyi style
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
  });
  afterAll(async () => env?.close());

  it('builds a tree whose levels are named by the alliance, refusing one level too deep', async () => {
    const org = await admin.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '荷花芯社区党委' });
    const r = await admin.post('/api/v1/grids', { name: '荷花芯社区', code: 'HHX', orgId: org.id, description: '义乌荷花芯', sortOrder: 1 });
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c).toMatchObject({
      level: 0,
      levelName: '社区',
      parentId: null,
      name: '荷花芯社区',
      code: 'HHX',
      orgId: org.id,
      sortOrder: 1,
      members: [],
      allianceId: A.id,
    });
    const g = await admin.ok<G>('POST', '/api/v1/grids', { name: '第一网格', parentId: c.id });
    const e = await admin.ok<G>('POST', '/api/v1/grids', { name: '某企业', parentId: g.id });
    const s = await admin.ok<G>('POST', '/api/v1/grids', { name: '某商铺', parentId: e.id });
    expect([g, e, s].map((x) => [x.level, x.levelName])).toEqual([
      [1, '网格'],
      [2, '企业'],
      [3, '商铺'],
    ]);
    expect((await path(s.id)).path).toBe(`/${c.id}/${g.id}/${e.id}/${s.id}/`);
    const before = await countRows(env, 'grids', A.id);
    const deep = await admin.post('/api/v1/grids', { name: '太深', parentId: s.id });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.details[0]).toMatchObject({ path: 'parentId', code: 'too_deep' });
    expect(await countRows(env, 'grids', A.id)).toBe(before);

    const tree = await admin.ok<{ items: G[]; total: number }>('GET', '/api/v1/grids/tree');
    const ids = tree.items.map((x) => x.id);
    expect(ids.indexOf(c.id)).toBeLessThan(ids.indexOf(g.id));
    expect(ids.indexOf(g.id)).toBeLessThan(ids.indexOf(e.id));
    expect(ids.indexOf(e.id)).toBeLessThan(ids.indexOf(s.id));
    expect(tree.items.find((x) => x.id === e.id)?.levelName).toBe('企业');
    const children = await admin.ok<{ items: G[] }>('GET', `/api/v1/grids?parentId=${c.id}`);
    expect(children.items.map((x) => x.id)).toEqual([g.id]);
    expect((await admin.ok('GET', `/api/v1/grids?q=${encodeURIComponent('商铺')}`)).items.map((x: G) => x.id)).toEqual([s.id]);

    // an alliance with two levels (片区网格—中心户)
    const z = await adminB.ok<G>('POST', '/api/v1/grids', { name: '六角井片区' });
    const zc = await adminB.ok<G>('POST', '/api/v1/grids', { name: '中心户一', parentId: z.id });
    expect([z.levelName, zc.levelName]).toEqual(['片区网格', '中心户']);
    expect((await adminB.post('/api/v1/grids', { name: '第三级', parentId: zc.id })).json().error.details[0].code).toBe('too_deep');
  });

  it('moves a subtree, rewriting paths and levels, and refuses cycles and over-deep moves', async () => {
    const c1 = await admin.ok<G>('POST', '/api/v1/grids', { name: '社区一' });
    const c2 = await admin.ok<G>('POST', '/api/v1/grids', { name: '社区二' });
    const g = await admin.ok<G>('POST', '/api/v1/grids', { name: '网格甲', parentId: c1.id });
    const e = await admin.ok<G>('POST', '/api/v1/grids', { name: '企业甲', parentId: g.id });
    const moved = await admin.ok<G>('PATCH', `/api/v1/grids/${g.id}`, { parentId: c2.id, name: '网格甲(迁)' });
    expect(moved).toMatchObject({ parentId: c2.id, level: 1, levelName: '网格', name: '网格甲(迁)' });
    expect(await path(g.id)).toEqual({ path: `/${c2.id}/${g.id}/`, level: 1 });
    expect(await path(e.id)).toEqual({ path: `/${c2.id}/${g.id}/${e.id}/`, level: 2 });

    // promote to a root: the subtree rises one level
    const root = await admin.ok<G>('PATCH', `/api/v1/grids/${g.id}`, { parentId: null });
    expect(root).toMatchObject({ parentId: null, level: 0, levelName: '社区' });
    expect(await path(e.id)).toEqual({ path: `/${g.id}/${e.id}/`, level: 1 });
    expect((await admin.ok<G>('GET', `/api/v1/grids/${e.id}`)).levelName).toBe('网格');

    const cycle = await admin.patch(`/api/v1/grids/${g.id}`, { parentId: e.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details[0]).toMatchObject({ path: 'parentId', code: 'cycle' });
    expect((await admin.patch(`/api/v1/grids/${g.id}`, { parentId: g.id })).json().error.details[0].code).toBe('cycle');

    // g (2 levels tall) under a level-2 node would put e at level 4: refused, nothing changed
    const x1 = await admin.ok<G>('POST', '/api/v1/grids', { name: '网格乙', parentId: c1.id });
    const x2 = await admin.ok<G>('POST', '/api/v1/grids', { name: '企业乙', parentId: x1.id });
    const deep = await admin.patch(`/api/v1/grids/${g.id}`, { parentId: x2.id });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.details[0]).toMatchObject({ path: 'parentId', code: 'too_deep' });
    expect(await path(e.id)).toEqual({ path: `/${g.id}/${e.id}/`, level: 1 });
    // one level less fits
    await admin.ok('PATCH', `/api/v1/grids/${g.id}`, { parentId: x1.id });
    expect(await path(e.id)).toEqual({ path: `/${c1.id}/${x1.id}/${g.id}/${e.id}/`, level: 3 });

    expect((await admin.patch(`/api/v1/grids/${g.id}`, { parentId: 'nope' })).json().error.details[0]).toMatchObject({
      path: 'parentId',
      code: 'unknown_reference',
    });
    const gb = await adminB.ok<G>('POST', '/api/v1/grids', { name: '乙方片区' });
    expect((await admin.patch(`/api/v1/grids/${g.id}`, { parentId: gb.id })).statusCode).toBe(400);
  });

  it('manages members (网格员, 邻铺长) with names, refusing duplicates and foreign people', async () => {
    const g = await admin.ok<G>('POST', '/api/v1/grids', { name: '十邻铺一' });
    const p = await admin.ok('POST', '/api/v1/people', { name: '陈网格', phone: '13800005555' });
    const q = await admin.ok('POST', '/api/v1/people', { name: '林铺长' });
    let r = await admin.ok<G>('POST', `/api/v1/grids/${g.id}/members`, { personId: p.id, role: 'grid_officer' });
    expect(r.members).toEqual([{ personId: p.id, personName: '陈网格', role: 'grid_officer' }]);
    r = await admin.ok<G>('POST', `/api/v1/grids/${g.id}/members`, { personId: q.id, role: 'shop_leader' });
    r = await admin.ok<G>('POST', `/api/v1/grids/${g.id}/members`, { personId: p.id, role: 'shop_leader' });
    expect(r.members).toHaveLength(3);
    expect(JSON.stringify(r)).not.toContain('13800005555');
    const dup = await admin.post(`/api/v1/grids/${g.id}/members`, { personId: p.id, role: 'grid_officer' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
    const pb = await adminB.ok('POST', '/api/v1/people', { name: '乙方人员' });
    const foreign = await admin.post(`/api/v1/grids/${g.id}/members`, { personId: pb.id, role: 'grid_officer' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0]).toMatchObject({ path: 'personId', code: 'unknown_reference' });
    expect((await admin.post(`/api/v1/grids/${g.id}/members`, { personId: p.id, role: 'mayor' })).json().error.details[0].path).toBe('role');
    expect((await admin.ok<G>('GET', `/api/v1/grids/${g.id}`)).members).toHaveLength(3);
    const listed = await admin.ok<{ items: G[] }>('GET', `/api/v1/grids?q=${encodeURIComponent('十邻铺一')}`);
    expect(listed.items[0]?.members).toHaveLength(3);

    r = await admin.ok<G>('DELETE', `/api/v1/grids/${g.id}/members/${p.id}/shop_leader`);
    expect(r.members.map((m) => [m.personName, m.role]).sort((x, y) => x[1]!.localeCompare(y[1]!))).toEqual([
      ['陈网格', 'grid_officer'],
      ['林铺长', 'shop_leader'],
    ]);
    expect((await admin.del(`/api/v1/grids/${g.id}/members/${p.id}/shop_leader`)).statusCode).toBe(404);
    const actions = (await env.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', g.id).orderBy('seq').execute()).map((x) => x.action);
    expect(actions).toEqual(['grid.create', 'grid.member_add', 'grid.member_add', 'grid.member_add', 'grid.member_remove']);
  });

  it('refuses to delete a grid with children, members, units or people; deletes a free leaf', async () => {
    const c = await admin.ok<G>('POST', '/api/v1/grids', { name: '待删社区' });
    const g = await admin.ok<G>('POST', '/api/v1/grids', { name: '待删网格', parentId: c.id });
    const r1 = await admin.del(`/api/v1/grids/${c.id}`);
    expect(r1.statusCode).toBe(409);
    expect(r1.json().error.details.references).toEqual(['children']);
    const p = await admin.ok('POST', '/api/v1/people', { name: '格内人', gridId: g.id });
    const u = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '格内企业', gridId: g.id });
    await admin.ok('POST', `/api/v1/grids/${g.id}/members`, { personId: p.id, role: 'grid_officer' });
    const r2 = await admin.del(`/api/v1/grids/${g.id}`);
    expect(r2.statusCode).toBe(409);
    expect(r2.json().error.details.references).toEqual(['grid_members', 'people', 'units']);
    await admin.ok('DELETE', `/api/v1/units/${u.id}`);
    await admin.ok('DELETE', `/api/v1/people/${p.id}`); // takes the grid role with it
    expect(await admin.ok('DELETE', `/api/v1/grids/${g.id}`)).toEqual({ ok: true });
    expect(await admin.ok('DELETE', `/api/v1/grids/${c.id}`)).toEqual({ ok: true });
    expect((await admin.get(`/api/v1/grids/${c.id}`)).statusCode).toBe(404);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown)', async () => {
    const org = await admin.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '无变化社区党委' });
    const top = await admin.ok('POST', '/api/v1/grids', { name: '无变化社区', code: 'NCH', orgId: org.id });
    const body = { name: '无变化网格', code: 'NCH-1', parentId: top.id, orgId: org.id, description: '东片', sortOrder: 2 };
    const g = await admin.ok('POST', '/api/v1/grids', body, 201);
    const at = { url: `/api/v1/grids/${g.id}`, table: 'grids' as const, id: g.id };
    await expectNoChangeEdit(env, admin, at, g, body, { description: '西片' });
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const before = await countRows(env, 'grids', A.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(65) }, 'name'],
      [{ name: 7 }, 'name'],
      [{ name: '网格', sortOrder: '1' }, 'sortOrder'],
      [{ name: '网格', sortOrder: -1 }, 'sortOrder'],
      [{ name: '网格', code: 'c'.repeat(33) }, 'code'],
      [{ name: '网格', parentId: 'nope' }, 'parentId'],
      [{ name: '网格', orgId: 'nope' }, 'orgId'],
    ];
    // a grid code names one grid: the imports resolve grids by it
    const coded = await admin.ok('POST', '/api/v1/grids', { name: '编码网格', code: 'DUP-01' }, 201);
    const dup = await admin.post('/api/v1/grids', { name: '另一网格', code: 'DUP-01' });
    expect([dup.statusCode, dup.json().error.details[0]]).toEqual([400, expect.objectContaining({ path: 'code', code: 'duplicate' })]);
    const other = await admin.ok('POST', '/api/v1/grids', { name: '另一网格', code: 'DUP-02' }, 201);
    expect((await admin.patch(`/api/v1/grids/${other.id}`, { code: 'DUP-01' })).statusCode).toBe(400);
    await admin.ok('DELETE', `/api/v1/grids/${other.id}`);
    await admin.ok('DELETE', `/api/v1/grids/${coded.id}`);

    // two grids of one name under one parent cannot be told apart (a double-clicked form made a twin); cousins may share it
    const w1 = await admin.ok('POST', '/api/v1/grids', { name: '同名测试社区' }, 201);
    const w2 = await admin.ok('POST', '/api/v1/grids', { name: '同名测试社区二' }, 201);
    const mall = await admin.ok('POST', '/api/v1/grids', { name: '银泰百货', parentId: w1.id }, 201);
    const twin = await admin.post('/api/v1/grids', { name: '银泰百货', parentId: w1.id });
    expect([twin.statusCode, twin.json().error.details[0]]).toEqual([400, expect.objectContaining({ path: 'name', code: 'duplicate' })]);
    const cousin = await admin.ok('POST', '/api/v1/grids', { name: '银泰百货', parentId: w2.id }, 201);
    expect((await admin.patch(`/api/v1/grids/${cousin.id}`, { parentId: w1.id })).json().error.details[0]).toMatchObject({ path: 'name', code: 'duplicate' });
    const other2 = await admin.ok('POST', '/api/v1/grids', { name: '义乌之心', parentId: w1.id }, 201);
    expect((await admin.patch(`/api/v1/grids/${other2.id}`, { name: '银泰百货' })).statusCode).toBe(400);
    expect((await admin.patch(`/api/v1/grids/${mall.id}`, { description: '名称未改，照常保存' })).statusCode).toBe(200);
    for (const g of [other2, cousin, mall, w2, w1]) await admin.ok('DELETE', `/api/v1/grids/${g.id}`);

    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/grids', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await countRows(env, 'grids', A.id)).toBe(before);
  });

  it('hides other alliances’ and out-of-scope grids (404, absent from lists); scoped writes stay in scope', async () => {
    const gb = await adminB.ok<G>('POST', '/api/v1/grids', { name: '乙联盟片区' });
    for (const [m, url, body] of [
      ['GET', `/api/v1/grids/${gb.id}`],
      ['PATCH', `/api/v1/grids/${gb.id}`, { name: 'x' }],
      ['DELETE', `/api/v1/grids/${gb.id}`],
      ['POST', `/api/v1/grids/${gb.id}/members`, { personId: 'x', role: 'grid_officer' }],
    ] as const) {
      expect((await admin.req(m, url, body)).statusCode, `${m} ${url}`).toBe(404);
    }
    expect((await admin.ok<{ items: G[] }>('GET', '/api/v1/grids/tree')).items.map((x) => x.id)).not.toContain(gb.id);
    expect((await admin.ok<{ items: G[] }>('GET', '/api/v1/grids?pageSize=200')).items.map((x) => x.id)).not.toContain(gb.id);
    const grandChild = await admin.post('/api/v1/grids', { name: '跨联盟子网格', parentId: gb.id });
    expect(grandChild.statusCode).toBe(400);

    // a grid-scoped role (网格员 reads grids; give one a write-capable grid-scoped role)
    const c = await admin.ok<G>('POST', '/api/v1/grids', { name: '范围社区' });
    const mine = await admin.ok<G>('POST', '/api/v1/grids', { name: '我的网格', parentId: c.id });
    const sibling = await admin.ok<G>('POST', '/api/v1/grids', { name: '隔壁网格', parentId: c.id });
    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: mine.id });
    const seen = (await officer.ok<{ items: G[]; total: number }>('GET', '/api/v1/grids/tree')).items.map((x) => x.id);
    expect(seen).toEqual([mine.id]);
    expect((await officer.get(`/api/v1/grids/${sibling.id}`)).statusCode).toBe(404);
    expect((await officer.get(`/api/v1/grids/${c.id}`)).statusCode).toBe(404);
    expect((await officer.post('/api/v1/grids', { name: 'x', parentId: mine.id })).statusCode).toBe(403); // no grid:write

    const role = await insertRole(env, A.id, { name: '网格长', permissions: ['grid:read', 'grid:write'], dataScope: 'grid' });
    const chief = await env.member(A.id, role, { scopeGridId: mine.id });
    expect((await chief.post('/api/v1/grids', { name: '新根' })).statusCode).toBe(403);
    expect((await chief.post('/api/v1/grids', { name: '越界', parentId: sibling.id })).statusCode).toBe(403);
    const child = await chief.post('/api/v1/grids', { name: '我的企业', parentId: mine.id });
    expect(child.statusCode).toBe(201);
    expect(child.json().levelName).toBe('企业');
    expect((await chief.patch(`/api/v1/grids/${child.json().id}`, { parentId: sibling.id })).statusCode).toBe(403);
    expect((await chief.patch(`/api/v1/grids/${mine.id}`, { parentId: null })).statusCode).toBe(403);
    expect((await chief.ok<G>('PATCH', `/api/v1/grids/${child.json().id}`, { name: '我的企业(改)' })).name).toBe('我的企业(改)');
    expect((await chief.del(`/api/v1/grids/${sibling.id}`)).statusCode).toBe(404);
    expect(await chief.ok('DELETE', `/api/v1/grids/${child.json().id}`)).toEqual({ ok: true });
  });
});
