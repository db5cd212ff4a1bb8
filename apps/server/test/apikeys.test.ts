import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/lib/crypto.ts';
import { Client, PASSWORD, setupEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
let A: { id: string; roles: Record<string, string> };
let B: { id: string; roles: Record<string, string> };
let admin: Awaited<ReturnType<TestEnv['member']>>;
let orgA: string;
let orgB: string;
const withKey = (secret: string) => new Client(env.app, null, { 'x-api-key': secret });
const withBearer = (secret: string) => new Client(env.app, null, { authorization: `Bearer ${secret}` });

beforeAll(async () => {
  env = await setupEnv();
  A = await env.alliance('KEYA');
  orgA = (await env.city.ok('POST', '/api/v1/orgs', { kind: 'district_committee', name: '荷花芯商圈党委' })).id;
  B = await env.alliance('KEYB');
  orgB = (await env.city.ok('POST', '/api/v1/orgs', { kind: 'district_committee', name: '港市红商圈党委' })).id;
  admin = await env.member(A.id, A.roles['联盟管理员']!);
});
afterAll(async () => env?.close());

describe('api keys', () => {
  it('shows the secret once and stores only its hash', async () => {
    const r = await admin.post('/api/v1/api-keys', { name: '12345 热线对接', roleId: A.roles['党委工作人员'] });
    expect(r.statusCode).toBe(201);
    const k = r.json();
    expect(k.secret).toMatch(/^txk_[A-Za-z0-9_-]{40}$/);
    expect(k).toMatchObject({
      name: '12345 热线对接',
      prefix: k.secret.slice(0, 12),
      roleId: A.roles['党委工作人员'],
      roleName: '党委工作人员',
      lastUsedAt: null,
      revokedAt: null,
    });
    const list = await admin.ok('GET', '/api/v1/api-keys');
    expect(list.items.map((x: any) => x.id)).toEqual([k.id]);
    expect(list.items[0]).not.toHaveProperty('secret');
    expect(list.items[0]).not.toHaveProperty('keyHash');
    expect(JSON.stringify(list)).not.toContain(k.secret);
    const row = await env.deps.db.selectFrom('api_keys').selectAll().where('id', '=', k.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(sha256(k.secret));
    expect(JSON.stringify(row)).not.toContain(k.secret);
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', k.id).execute();
    expect(audit.map((x) => x.action)).toEqual(['apikey.create']);
    expect(JSON.stringify(audit)).not.toContain(k.secret);
    expect(JSON.stringify(audit)).not.toContain(row.key_hash);
    // a second key has a different secret
    const k2 = await admin.ok('POST', '/api/v1/api-keys', { name: '第二把', roleId: A.roles['党委工作人员'] });
    expect(k2.secret).not.toBe(k.secret);
  });

  it('works through X-API-Key and Bearer, inside its alliance and role, until revoked', async () => {
    const k = await admin.ok('POST', '/api/v1/api-keys', { name: '大屏', roleId: A.roles['党委工作人员'] });
    for (const c of [withKey(k.secret), withBearer(k.secret)]) {
      const orgs = await c.ok('GET', '/api/v1/orgs?pageSize=200');
      expect(orgs.items.map((o: any) => o.id)).toContain(orgA);
      expect(orgs.items.every((o: any) => o.allianceId === A.id)).toBe(true);
      expect((await c.get(`/api/v1/orgs/${orgB}`)).statusCode).toBe(404);
      const users = await c.ok('GET', '/api/v1/users?pageSize=200');
      expect(users.items.length).toBeGreaterThan(0);
      expect(users.items.every((u: any) => u.membership.allianceId === A.id)).toBe(true);
      // limited by the role's permissions (staff: no role:write, no apikey:manage, no user:write)
      expect((await c.post('/api/v1/roles', { name: 'x', permissions: [], dataScope: 'own' })).statusCode).toBe(403);
      expect((await c.get('/api/v1/api-keys')).statusCode).toBe(403);
      expect((await c.post('/api/v1/users', { username: 'by_key', displayName: 'x', password: 'Test-Passw0rd!', roleId: A.roles['商户'] })).statusCode).toBe(
        403,
      );
      // allowed: org:write
      expect((await c.post('/api/v1/orgs', { kind: 'branch', name: `支部${Math.random()}`, parentId: orgA })).statusCode).toBe(201);
    }
    const used = (await admin.ok('GET', '/api/v1/api-keys')).items.find((x: any) => x.id === k.id);
    expect(used.lastUsedAt).toBe(env.clock.now());
    // role changes apply at once
    await admin.ok('PATCH', `/api/v1/roles/${A.roles['党委工作人员']}`, { permissions: ['alliance:read', 'org:read', 'user:read', 'role:read'] });
    expect((await withKey(k.secret).post('/api/v1/orgs', { kind: 'branch', name: '不许', parentId: orgA })).statusCode).toBe(403);

    expect((await admin.ok('DELETE', `/api/v1/api-keys/${k.id}`)).ok).toBe(true);
    expect((await withKey(k.secret).get('/api/v1/orgs')).statusCode).toBe(401);
    expect((await withBearer(k.secret).get('/api/v1/orgs')).statusCode).toBe(401);
    const revoked = (await admin.ok('GET', '/api/v1/api-keys')).items.find((x: any) => x.id === k.id);
    expect(revoked.revokedAt).toBe(env.clock.now());
    // revoking again is harmless, the first revocation time stays
    env.clock.advance(1000);
    expect((await admin.ok('DELETE', `/api/v1/api-keys/${k.id}`)).ok).toBe(true);
    expect((await admin.ok('GET', '/api/v1/api-keys')).items.find((x: any) => x.id === k.id).revokedAt).toBe(revoked.revokedAt);
    // a tampered or unknown key is refused
    expect((await withKey(`${k.secret.slice(0, -1)}A`).get('/api/v1/orgs')).statusCode).toBe(401);
    expect((await withKey('txk_short').get('/api/v1/orgs')).statusCode).toBe(401);
  });

  it('needs apikey:manage, stays in its alliance and grants nothing the creator lacks', async () => {
    const staff = await env.member(A.id, A.roles['党委工作人员']!);
    expect((await staff.get('/api/v1/api-keys')).statusCode).toBe(403);
    expect((await staff.post('/api/v1/api-keys', { name: 'x', roleId: A.roles['商户'] })).statusCode).toBe(403);
    const bad = await admin.post('/api/v1/api-keys', { name: 'x', roleId: B.roles['联盟管理员'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: any) => d.path)).toEqual(['roleId']);
    expect((await admin.post('/api/v1/api-keys', { name: '', roleId: A.roles['商户'] })).json().error.details.map((d: any) => d.path)).toEqual(['name']);

    const keyMgr = await admin.ok('POST', '/api/v1/roles', { name: '接口管理员', permissions: ['apikey:manage', 'org:read'], dataScope: 'alliance' });
    const mgr = await env.member(A.id, keyMgr.id);
    expect((await mgr.post('/api/v1/api-keys', { name: '越权', roleId: A.roles['联盟管理员'] })).statusCode).toBe(403);
    const readOnly = await admin.ok('POST', '/api/v1/roles', { name: '组织只读', permissions: ['org:read'], dataScope: 'alliance' });
    const k = await mgr.ok('POST', '/api/v1/api-keys', { name: '只读', roleId: readOnly.id });

    const adminB = await env.member(B.id, B.roles['联盟管理员']!);
    expect((await adminB.ok('GET', '/api/v1/api-keys')).items).toEqual([]);
    expect((await adminB.del(`/api/v1/api-keys/${k.id}`)).statusCode).toBe(404);
    expect((await withKey(k.secret).get('/api/v1/orgs')).statusCode).toBe(200);
    // a key of B sees B only
    const kb = await adminB.ok('POST', '/api/v1/api-keys', { name: 'B', roleId: B.roles['领导（只读）'] });
    expect((await withKey(kb.secret).ok('GET', '/api/v1/orgs')).items.map((o: any) => o.id)).toEqual([orgB]);
    expect((await withKey(kb.secret).ok('GET', '/api/v1/alliances')).items.map((a: any) => a.id)).toEqual([B.id]);
  });

  it('a disabled (停用) alliance answers neither its members nor its keys until it is enabled again', async () => {
    const C = await env.alliance('APC');
    const adminC = await env.member(C.id, C.roles['联盟管理员']!, { username: 'apc_admin' });
    const key = await adminC.ok('POST', '/api/v1/api-keys', { name: '大屏', roleId: C.roles['领导（只读）'] });
    await env.city.ok('PATCH', `/api/v1/alliances/${C.id}`, { status: 'disabled' });
    expect((await adminC.get('/api/v1/people')).statusCode).toBe(403);
    expect((await adminC.post('/api/v1/units', { kind: 'enterprise', name: '停用后新建' })).statusCode).toBe(403);
    expect((await withKey(key.secret).get('/api/v1/orgs')).statusCode).toBe(401);
    // a fresh login enters no alliance, and cannot switch into it
    const again = await env.anon.post('/api/v1/auth/login', { username: 'apc_admin', password: PASSWORD });
    expect(again.json().currentAlliance).toBeNull();
    const cookie = String(again.headers['set-cookie']).split(';')[0] as string;
    expect((await new Client(env.app, cookie).post('/api/v1/auth/switch', { allianceId: C.id })).statusCode).toBe(400);
    // the city administrators still reach it, and enable it again
    expect((await env.city.get(`/api/v1/alliances/${C.id}`)).statusCode).toBe(200);
    await env.city.ok('PATCH', `/api/v1/alliances/${C.id}`, { status: 'active' });
    expect((await adminC.get('/api/v1/people')).statusCode).toBe(200);
    expect((await withKey(key.secret).get('/api/v1/orgs')).statusCode).toBe(200);
  });
});
