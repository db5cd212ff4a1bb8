import { PERMISSIONS } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

// The tenant-isolation and data-scope matrix: for every scope and every resource, list/get/update/delete reach
// exactly the rows in scope, never another alliance's rows.

type Res = 'orgs' | 'grids' | 'units' | 'people';
const RESOURCES: Res[] = ['orgs', 'grids', 'units', 'people'];
const patchBody: Record<Res, object> = { orgs: { secretary: '李四' }, grids: { description: '改' }, units: { address: '改' }, people: { title: '改' } };

let env: TestEnv;
const ids: Record<string, string> = {};
const users: Record<string, Client> = {};

async function build(c: Client, prefix: string) {
  const root = await c.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: `${prefix} 社区大党委` });
  const o1 = await c.ok('POST', '/api/v1/orgs', { kind: 'branch', name: `${prefix} 第一党支部`, parentId: root.id });
  const o2 = await c.ok('POST', '/api/v1/orgs', { kind: 'branch', name: `${prefix} 第二党支部`, parentId: root.id });
  const g = await c.ok('POST', '/api/v1/grids', { name: `${prefix} 社区` });
  const g1 = await c.ok('POST', '/api/v1/grids', { name: `${prefix} 一网格`, parentId: g.id, orgId: o1.id });
  const g2 = await c.ok('POST', '/api/v1/grids', { name: `${prefix} 二网格`, parentId: g.id, orgId: o2.id });
  const u1 = await c.ok('POST', '/api/v1/units', { kind: 'regulator', name: `${prefix} 市场监管所`, orgId: o1.id, gridId: g1.id });
  const u2 = await c.ok('POST', '/api/v1/units', { kind: 'enterprise', name: `${prefix} 商场`, orgId: o2.id, gridId: g2.id });
  const p1 = await c.ok('POST', '/api/v1/people', { name: `${prefix}甲`, orgId: o1.id, gridId: g1.id, unitId: u1.id, phone: '13800001111' });
  const p2 = await c.ok('POST', '/api/v1/people', { name: `${prefix}乙`, orgId: o2.id, gridId: g2.id, unitId: u2.id, phone: '13800002222' });
  Object.assign(ids, {
    [`${prefix}.orgRoot`]: root.id,
    [`${prefix}.o1`]: o1.id,
    [`${prefix}.o2`]: o2.id,
    [`${prefix}.g`]: g.id,
    [`${prefix}.g1`]: g1.id,
    [`${prefix}.g2`]: g2.id,
    [`${prefix}.u1`]: u1.id,
    [`${prefix}.u2`]: u2.id,
    [`${prefix}.p1`]: p1.id,
    [`${prefix}.p2`]: p2.id,
  });
}

/** The rows each scoped user of alliance A must reach, per resource (keys into ids). */
const EXPECT: Record<string, Record<Res, string[]>> = {
  alliance: { orgs: ['A.orgRoot', 'A.o1', 'A.o2'], grids: ['A.g', 'A.g1', 'A.g2'], units: ['A.u1', 'A.u2'], people: ['A.p1', 'A.p2'] },
  org: { orgs: ['A.o1'], grids: ['A.g1'], units: ['A.u1'], people: ['A.p1'] },
  grid: { orgs: [], grids: ['A.g1'], units: ['A.u1'], people: ['A.p1'] },
  unit: { orgs: [], grids: [], units: ['A.u1'], people: ['A.p1'] },
  own: { orgs: [], grids: [], units: [], people: [] },
};
const ALL_ROWS = (res: Res, prefix: string) =>
  ({ orgs: ['orgRoot', 'o1', 'o2'], grids: ['g', 'g1', 'g2'], units: ['u1', 'u2'], people: ['p1', 'p2'] })[res].map((k) => `${prefix}.${k}`);

beforeAll(async () => {
  env = await setupEnv();
  const b = await env.alliance('ISB', '六角井红色商圈联盟');
  await build(env.city, 'B');
  const a = await env.alliance('ISA', '荷花芯商圈党建联盟');
  await build(env.city, 'A');
  ids.allianceA = a.id;
  ids.allianceB = b.id;
  // one custom role per scope holding every permission, so only the scope limits what is reached
  const perms = PERMISSIONS.filter((p) => p !== 'alliance:write');
  for (const scope of Object.keys(EXPECT)) {
    const role = await env.city.ok('POST', '/api/v1/roles', { name: `全权-${scope}`, permissions: perms, dataScope: scope });
    const anchor =
      scope === 'org' ? { scopeOrgId: ids['A.o1'] } : scope === 'grid' ? { scopeGridId: ids['A.g1'] } : scope === 'unit' ? { unitId: ids['A.u1'] } : {};
    users[scope] = await env.member(a.id, role.id, anchor);
  }
}, 120_000);
afterAll(() => env.close());

describe(`tenant isolation and data scope (${TEST_DB})`, () => {
  for (const scope of Object.keys(EXPECT)) {
    for (const res of RESOURCES) {
      it(`${scope} scope: ${res} list/get/update/delete reach exactly the rows in scope`, async () => {
        const c = users[scope] as Client;
        const list = await c.ok('GET', `/api/v1/${res}?pageSize=200`);
        const want = (EXPECT[scope] as Record<Res, string[]>)[res].map((k) => ids[k]).sort();
        expect(list.items.map((r: { id: string }) => r.id).sort()).toEqual(want);
        expect(list.total).toBe(want.length);
        for (const key of [...ALL_ROWS(res, 'A'), ...ALL_ROWS(res, 'B')]) {
          const id = ids[key] as string;
          const inScope = want.includes(id);
          const g = await c.get(`/api/v1/${res}/${id}`);
          expect(g.statusCode, `GET ${key}`).toBe(inScope ? 200 : 404);
          if (!inScope) {
            const p = await c.patch(`/api/v1/${res}/${id}`, patchBody[res]);
            expect(p.statusCode, `PATCH ${key}`).toBe(404);
            const d = await c.del(`/api/v1/${res}/${id}`);
            expect(d.statusCode, `DELETE ${key}`).toBe(404);
          }
        }
      });
    }
  }

  it('own scope reaches what the user created, and nothing of others', async () => {
    const c = users.own as Client;
    const mine = await c.ok('POST', '/api/v1/people', { name: '自己登记' });
    const list = await c.ok('GET', '/api/v1/people');
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([mine.id]);
  });

  it('a scoped user cannot create rows outside the scope', async () => {
    const r = await (users.grid as Client).post('/api/v1/people', { name: '越界', gridId: ids['A.g2'] });
    expect(r.statusCode).toBe(403);
    const r2 = await (users.unit as Client).post('/api/v1/people', { name: '越界', unitId: ids['A.u2'] });
    expect(r2.statusCode).toBe(403);
    const r3 = await (users.org as Client).post('/api/v1/orgs', { kind: 'group', name: '越界', parentId: ids['A.o2'] });
    expect(r3.statusCode).toBe(403);
  });

  it('references to another alliance are refused as unknown', async () => {
    const r = await env.login((await (users.alliance as Client).ok('GET', '/api/v1/me')).user.username);
    const p = await r.post('/api/v1/people', { name: '串门', gridId: ids['B.g1'] });
    expect(p.statusCode).toBe(400);
    expect(p.json().error.details[0].path).toBe('gridId');
  });

  it('a member of two alliances sees each only while switched to it', async () => {
    const both = users.alliance as Client;
    const me = await both.ok('GET', '/api/v1/me');
    const roles = await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: ids.allianceB });
    expect(roles.currentAlliance.id).toBe(ids.allianceB);
    const bRoles = await env.city.ok('GET', '/api/v1/roles?pageSize=100');
    const admin = bRoles.items.find((r: { name: string }) => r.name === '联盟管理员');
    await env.city.ok('POST', '/api/v1/users/memberships', { username: me.user.username, roleId: admin.id });
    // still in A: B rows stay invisible
    expect((await both.get(`/api/v1/people/${ids['B.p1']}`)).statusCode).toBe(404);
    await both.ok('POST', '/api/v1/auth/switch', { allianceId: ids.allianceB });
    const bPeople = await both.ok('GET', '/api/v1/people?pageSize=200');
    expect(bPeople.items.map((r: { id: string }) => r.id).sort()).toEqual([ids['B.p1'], ids['B.p2']].sort());
    expect((await both.get(`/api/v1/people/${ids['A.p1']}`)).statusCode).toBe(404);
    await both.ok('POST', '/api/v1/auth/switch', { allianceId: ids.allianceA });
    expect((await both.get(`/api/v1/people/${ids['A.p1']}`)).statusCode).toBe(200);
  });

  it('a user cannot switch into an alliance they do not belong to', async () => {
    const r = await (users.unit as Client).post('/api/v1/auth/switch', { allianceId: ids.allianceB });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0].path).toBe('allianceId');
  });

  it('the audit log of one alliance never shows the other', async () => {
    const c = users.alliance as Client;
    await c.ok('POST', '/api/v1/auth/switch', { allianceId: ids.allianceA });
    const log = await c.ok('GET', '/api/v1/audit?pageSize=200');
    expect(log.items.every((r: { chain: string }) => r.chain === `alliance:${ids.allianceA}`)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('B 市场监管所');
  });
});
