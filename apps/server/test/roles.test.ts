import { BUILTIN_ROLES, PERMISSIONS } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as readPartners } from '../src/db/migrations/0035_role_read_partners.ts';
import { newId } from '../src/lib/ids.ts';
import { PASSWORD, expectNoChangeEdit, insertRole, setupEnv, type TestEnv } from './harness.ts';

// the alliance administrator holds every permission but the city-wide calendar
const ADMIN_PERMS = BUILTIN_ROLES.find((r) => r.key === 'admin')!.permissions;

let env: TestEnv;
let A: { id: string; roles: Record<string, string> };
let B: { id: string; roles: Record<string, string> };
let admin: Awaited<ReturnType<TestEnv['member']>>;
const fieldOf = (r: { json(): any }) => (r.json().error.details as { path: string }[]).map((d) => d.path);
const countRoles = async () =>
  Number(
    (
      await env.deps.db
        .selectFrom('roles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  env = await setupEnv();
  A = await env.alliance('ROLA');
  B = await env.alliance('ROLB');
  admin = await env.member(A.id, A.roles['联盟管理员']!);
});
afterAll(async () => env?.close());

describe('roles', () => {
  it('lists the built-in roles of the current alliance only', async () => {
    const list = await admin.ok('GET', '/api/v1/roles?pageSize=100');
    expect(list.total).toBe(BUILTIN_ROLES.length);
    expect(list.items.map((r: any) => r.name).sort()).toEqual(BUILTIN_ROLES.map((r) => r.name).sort());
    expect(list.items.every((r: any) => r.allianceId === A.id && r.builtin)).toBe(true);
    const adminRole = list.items.find((r: any) => r.name === '联盟管理员');
    expect(adminRole).toMatchObject({ dataScope: 'alliance', permissions: ADMIN_PERMS });
    expect((await admin.ok('GET', `/api/v1/roles?q=${encodeURIComponent('网格')}`)).items.map((r: any) => r.name)).toEqual(['网格员']);
    expect((await admin.get(`/api/v1/roles/${B.roles['联盟管理员']}`)).statusCode).toBe(404);
  });

  it('creates, updates and deletes a custom role, audited', async () => {
    const r = await admin.post('/api/v1/roles', {
      name: '巡查员',
      description: '市容巡查',
      permissions: ['grid:read', 'org:read', 'grid:read'],
      dataScope: 'grid',
    });
    expect(r.statusCode).toBe(201);
    const role = r.json();
    expect(role).toMatchObject({
      allianceId: A.id,
      name: '巡查员',
      description: '市容巡查',
      permissions: ['org:read', 'grid:read'],
      dataScope: 'grid',
      builtin: false,
    });
    const p = await admin.ok('PATCH', `/api/v1/roles/${role.id}`, { name: '巡查队员', permissions: ['grid:read', 'person:read'], description: '' });
    expect(p).toMatchObject({ name: '巡查队员', permissions: ['person:read', 'grid:read'], description: null, dataScope: 'grid' });
    expect(await admin.ok('GET', `/api/v1/roles/${role.id}`)).toEqual(p);
    expect((await admin.ok('DELETE', `/api/v1/roles/${role.id}`)).ok).toBe(true);
    expect((await admin.get(`/api/v1/roles/${role.id}`)).statusCode).toBe(404);
    const audit = await env.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', role.id).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['role.create', 'role.update', 'role.delete']);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const before = await countRoles();
    const cases: Array<[object, string]> = [
      [{ name: '党委工作人员', permissions: [], dataScope: 'alliance' }, 'name'], // duplicate
      [{ name: '', permissions: [], dataScope: 'alliance' }, 'name'],
      [{ name: 'x', permissions: ['root:all'], dataScope: 'alliance' }, 'permissions.0'],
      [{ name: 'x', permissions: [], dataScope: 'city' }, 'dataScope'],
      [{ name: 'x', dataScope: 'alliance' }, 'permissions'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/roles', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldOf(r), JSON.stringify(body)).toContain(field);
    }
    // the same name in another alliance is fine, a duplicate by rename is not
    const other = await admin.ok('POST', '/api/v1/roles', { name: '临时角色', permissions: [], dataScope: 'own' });
    expect(fieldOf(await admin.patch(`/api/v1/roles/${other.id}`, { name: '网格员' }))).toEqual(['name']);
    expect(await countRoles()).toBe(before + 1);
  });

  it('protects built-in roles and the administrator role', async () => {
    const adminRole = A.roles['联盟管理员']!;
    expect((await admin.del(`/api/v1/roles/${adminRole}`)).statusCode).toBe(409);
    expect((await admin.del(`/api/v1/roles/${A.roles['志愿者']}`)).statusCode).toBe(409);
    // built-in permissions may be edited
    const v = await admin.ok('PATCH', `/api/v1/roles/${A.roles['志愿者']}`, { permissions: ['alliance:read', 'grid:read'] });
    expect(v.permissions).toEqual(['alliance:read', 'grid:read']);
    expect((await admin.patch(`/api/v1/roles/${A.roles['志愿者']}`, { name: '义工' })).statusCode).toBe(409);
    // but the administrator role keeps role:write and user:write, and its alliance scope
    const all = ADMIN_PERMS.filter((p) => p !== 'user:write');
    const r = await admin.patch(`/api/v1/roles/${adminRole}`, { permissions: all });
    expect(r.statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/roles/${adminRole}`, { permissions: ADMIN_PERMS.filter((p) => p !== 'role:write') })).statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/roles/${adminRole}`, { dataScope: 'own' })).statusCode).toBe(409);
    const fewer = await admin.ok('PATCH', `/api/v1/roles/${adminRole}`, { permissions: ADMIN_PERMS.filter((p) => p !== 'audit:read') });
    expect(fewer.permissions).not.toContain('audit:read');
    expect((await admin.ok('GET', '/api/v1/me')).permissions).not.toContain('audit:read');
    // the admin no longer holds audit:read, so cannot grant it back: a city admin can
    expect((await admin.patch(`/api/v1/roles/${adminRole}`, { permissions: [...PERMISSIONS] })).statusCode).toBe(403);
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: A.id });
    await env.city.ok('PATCH', `/api/v1/roles/${adminRole}`, { permissions: ADMIN_PERMS });
    expect((await admin.ok('GET', '/api/v1/me')).permissions).toContain('audit:read');
  });

  it('refuses to delete a role still in use', async () => {
    const role = await admin.ok('POST', '/api/v1/roles', { name: '在用角色', permissions: ['org:read'], dataScope: 'alliance' });
    const u = await admin.ok('POST', '/api/v1/users', { username: 'role_user', displayName: 'x', password: PASSWORD, roleId: role.id });
    const r = await admin.del(`/api/v1/roles/${role.id}`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details.references).toEqual(['memberships']);
    await admin.ok('PATCH', `/api/v1/users/${u.id}`, { roleId: A.roles['商户'] });
    const key = await admin.ok('POST', '/api/v1/api-keys', { name: '对接', roleId: role.id });
    expect((await admin.del(`/api/v1/roles/${role.id}`)).json().error.details.references).toEqual(['apiKeys']);
    // revoked keys still point at the role
    await admin.ok('DELETE', `/api/v1/api-keys/${key.id}`);
    expect((await admin.del(`/api/v1/roles/${role.id}`)).statusCode).toBe(409);
    expect((await admin.get(`/api/v1/roles/${role.id}`)).statusCode).toBe(200);
  });

  it('needs role:read / role:write, answers 404 for other alliances, and nobody grants what they lack', async () => {
    const staff = await env.member(A.id, A.roles['党委工作人员']!);
    expect((await staff.get('/api/v1/roles')).statusCode).toBe(200);
    expect((await staff.post('/api/v1/roles', { name: 'x', permissions: [], dataScope: 'own' })).statusCode).toBe(403);
    const merchant = await env.member(A.id, A.roles['商户']!);
    expect((await merchant.get('/api/v1/roles')).statusCode).toBe(403);
    expect((await env.anon.get('/api/v1/roles')).statusCode).toBe(401);

    const mgrRole = await admin.ok('POST', '/api/v1/roles', {
      name: '角色管理员',
      permissions: ['role:read', 'role:write', 'org:read', 'grid:read'],
      dataScope: 'alliance',
    });
    const mgr = await env.member(A.id, mgrRole.id);
    const esc = await mgr.post('/api/v1/roles', { name: '越权', permissions: ['org:read', 'audit:read'], dataScope: 'alliance' });
    expect(esc.statusCode).toBe(403);
    const ok = await mgr.ok('POST', '/api/v1/roles', { name: '只读组织', permissions: ['org:read'], dataScope: 'alliance' });
    expect((await mgr.patch(`/api/v1/roles/${ok.id}`, { permissions: ['org:read', 'user:read', 'user:write'] })).statusCode).toBe(403);
    expect(
      (await mgr.patch(`/api/v1/roles/${mgrRole.id}`, { permissions: ['role:read', 'role:write', 'org:read', 'grid:read', 'person:read', 'person:reveal'] }))
        .statusCode,
    ).toBe(403);
    // removing is always allowed; the admin role can still be edited only within what mgr holds
    expect((await mgr.ok('PATCH', `/api/v1/roles/${ok.id}`, { permissions: [] })).permissions).toEqual([]);

    // other alliance: 404, nothing changed
    const adminB = await env.member(B.id, B.roles['联盟管理员']!);
    expect((await adminB.patch(`/api/v1/roles/${ok.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await adminB.del(`/api/v1/roles/${ok.id}`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/v1/roles/${newId()}`, { name: 'x' })).statusCode).toBe(404);
    expect((await admin.ok('GET', `/api/v1/roles/${ok.id}`)).name).toBe('只读组织');
    // the same name may exist in B
    expect((await adminB.post('/api/v1/roles', { name: '只读组织', permissions: [], dataScope: 'own' })).statusCode).toBe(201);
  });

  it('refuses a write permission without its read, on create and on edit (400 on permissions, nothing written)', async () => {
    const auditRows = () => env.deps.db.selectFrom('audit_log').select('id').execute();
    const before = { roles: await countRoles(), audit: (await auditRows()).length };
    for (const permissions of [['meeting:write'], ['alliance:read', 'ticket:dispatch'], ['credit:write'], ['person:reveal', 'org:read']]) {
      const r = await admin.post('/api/v1/roles', { name: '只写角色', permissions, dataScope: 'alliance' });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details).toEqual([expect.objectContaining({ path: 'permissions', code: 'read_missing' })]);
    }
    const role = await admin.ok('POST', '/api/v1/roles', { name: '会议记录员', permissions: ['meeting:read', 'meeting:write'], dataScope: 'alliance' }, 201);
    // dropping the read while keeping the write, on a custom role and on a built-in one
    for (const [id, permissions] of [
      [role.id, ['meeting:write']],
      [A.roles['党委工作人员'], BUILTIN_ROLES.find((b) => b.key === 'staff')!.permissions.filter((p) => p !== 'meeting:read')],
    ] as const) {
      const r = await admin.patch(`/api/v1/roles/${id}`, { permissions });
      expect(fieldOf(r)).toEqual(['permissions']);
      expect((await admin.ok('GET', `/api/v1/roles/${id}`)).permissions).toContain('meeting:read');
    }
    expect({ roles: await countRoles(), audit: (await auditRows()).length }).toEqual({ roles: before.roles + 1, audit: before.audit + 1 });
    // a write whose thing has no read permission of its own (categories, webhooks, API keys) stands alone
    await admin.ok(
      'POST',
      '/api/v1/roles',
      { name: '分类维护', permissions: ['category:write', 'notification:manage', 'apikey:manage'], dataScope: 'alliance' },
      201,
    );
  });

  it('migration 0035 gives a role saved with a write but not its read that read, and leaves the others alone', async () => {
    const C = await env.alliance('ROLC');
    const writeOnly = await insertRole(env, C.id, { name: '只写会议', permissions: ['alliance:read', 'meeting:write', 'credit:decide'], dataScope: 'grid' });
    const fine = await insertRole(env, C.id, { name: '完整会议', permissions: ['meeting:write', 'meeting:read'], dataScope: 'alliance' });
    const perms = async (id: string) =>
      JSON.parse((await env.deps.db.selectFrom('roles').select('permissions').where('id', '=', id).executeTakeFirstOrThrow()).permissions) as string[];
    const builtin = await Promise.all(Object.values(C.roles).map(perms));
    const untouched = await perms(fine);
    await readPartners(env.deps.db as never);
    expect(await perms(writeOnly)).toEqual(['alliance:read', 'meeting:write', 'credit:decide', 'meeting:read', 'merchant:read']);
    expect(await perms(fine)).toEqual(untouched);
    expect(await Promise.all(Object.values(C.roles).map(perms))).toEqual(builtin);
    // the member of such a role now reads what it may change
    const member = await env.member(C.id, writeOnly, { scopeGridId: (await env.city.ok('POST', '/api/v1/grids', { name: '迁移网格' })).id });
    expect((await member.get('/api/v1/meetings')).statusCode).toBe(200);
    // run again, it changes nothing
    await readPartners(env.deps.db as never);
    expect(await perms(writeOnly)).toHaveLength(5);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown, permissions in another order)', async () => {
    const body = { name: '无变化角色', description: '只读', permissions: ['grid:read', 'org:read'], dataScope: 'grid' };
    const role = await admin.ok('POST', '/api/v1/roles', body, 201);
    const same = { ...body, permissions: [...role.permissions].reverse() };
    const at = { url: `/api/v1/roles/${role.id}`, table: 'roles' as const, id: role.id };
    await expectNoChangeEdit(env, admin, at, role, same, { description: '巡查' });
  });
});
