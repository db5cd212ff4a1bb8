import { BACKGROUND_REQUEST_HEADER, BUILTIN_ROLES } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { Client, PASSWORD, countRows, expectNoChangeEdit, setupEnv, type TestEnv } from './harness.ts';

let env: TestEnv;
let A: { id: string; roles: Record<string, string> };
let B: { id: string; roles: Record<string, string> };
let admin: Awaited<ReturnType<TestEnv['member']>>;

// Rows of other modules are written straight to the database, so these tests do not depend on their routes.
/** The columns every alliance row carries; tree roots add their own path. */
function rowBase(allianceId: string) {
  const now = env.clock.now();
  const id = newId(now);
  return { id, alliance_id: allianceId, created_by: null, created_at: now, updated_at: now };
}
const treeRoot = (id: string) => ({ parent_id: null, path: `/${id}/`, description: null, sort_order: 0 });
async function unitIn(allianceId: string, name = '市场监管所'): Promise<string> {
  const base = rowBase(allianceId);
  await env.deps.db
    .insertInto('units')
    .values({
      ...base,
      kind: 'regulator',
      name,
      category: null,
      org_id: null,
      grid_id: null,
      contact_name: null,
      contact_phone_enc: null,
      contact_phone_bidx: null,
      address: null,
      duties: null,
      status: 'active',
    })
    .execute();
  return base.id;
}
async function gridIn(allianceId: string): Promise<string> {
  const base = rowBase(allianceId);
  await env.deps.db
    .insertInto('grids')
    .values({ ...base, ...treeRoot(base.id), level: 1, name: '第一网格', code: null, org_id: null })
    .execute();
  return base.id;
}
async function orgIn(allianceId: string): Promise<string> {
  const base = rowBase(allianceId);
  await env.deps.db
    .insertInto('orgs')
    .values({ ...base, ...treeRoot(base.id), kind: 'district_committee', name: '商圈党委', secretary: null })
    .execute();
  return base.id;
}
async function personIn(allianceId: string, gridId: string | null = null): Promise<string> {
  const base = rowBase(allianceId);
  await env.deps.db
    .insertInto('people')
    .values({
      ...base,
      name: '张三',
      gender: null,
      phone_enc: null,
      phone_bidx: null,
      id_type: null,
      id_number_enc: null,
      id_number_bidx: null,
      is_party_member: 0,
      org_id: null,
      unit_id: null,
      grid_id: gridId,
      title: null,
      note: null,
    })
    .execute();
  return base.id;
}
const countUsers = () => countRows(env, 'users');
const countMemberships = () => countRows(env, 'memberships');
const fieldOf = (r: { json(): any }) => (r.json().error.details as { path: string }[]).map((d) => d.path);

beforeAll(async () => {
  env = await setupEnv();
  A = await env.alliance('USRA', '荷花芯联盟');
  B = await env.alliance('USRB', '港市红联盟');
  admin = await env.member(A.id, A.roles['联盟管理员']!);
});
afterAll(async () => env?.close());

describe('users', () => {
  it('creates an account with a membership and never answers a password hash', async () => {
    const r = await admin.post('/api/v1/users', { username: 'Li.Wei', displayName: '李伟', password: PASSWORD, roleId: A.roles['党委工作人员'] });
    expect(r.statusCode).toBe(201);
    const u = r.json();
    expect(u).toMatchObject({ username: 'li.wei', displayName: '李伟', status: 'active', isCityAdmin: false, lockedUntil: null });
    expect(u.membership).toMatchObject({ allianceId: A.id, allianceCode: 'USRA', roleId: A.roles['党委工作人员'], roleName: '党委工作人员', unitId: null });
    expect(r.body).not.toMatch(/argon2|password/i);
    const got = await admin.ok('GET', `/api/v1/users/${u.id}`);
    expect(got).toEqual(u);
    const list = await admin.get('/api/v1/users?pageSize=200');
    expect(list.body).not.toMatch(/argon2|password_hash|passwordHash/);
    expect(list.json().items.map((x: any) => x.username)).toContain('li.wei');
    // the membership and the account are audited, without the password
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', u.id).execute();
    expect(audit.map((x) => x.action).sort()).toEqual(['membership.create', 'user.create']);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toMatch(/argon2/);
  });

  it('filters the list by q, roleId and status', async () => {
    const x = await admin.ok('POST', '/api/v1/users', { username: 'filter_one', displayName: '王芳网格', password: PASSWORD, roleId: A.roles['领导（只读）'] });
    expect((await admin.ok('GET', '/api/v1/users?q=FILTER_ONE')).items.map((u: any) => u.id)).toEqual([x.id]);
    expect((await admin.ok('GET', `/api/v1/users?q=${encodeURIComponent('王芳')}`)).items.map((u: any) => u.id)).toEqual([x.id]);
    const byRole = await admin.ok('GET', `/api/v1/users?roleId=${A.roles['领导（只读）']}`);
    expect(byRole.items.map((u: any) => u.id)).toEqual([x.id]);
    expect(byRole.total).toBe(1);
    await admin.ok('PATCH', `/api/v1/users/${x.id}`, { status: 'disabled' });
    expect((await admin.ok('GET', '/api/v1/users?status=disabled')).items.map((u: any) => u.id)).toEqual([x.id]);
    expect((await admin.ok('GET', '/api/v1/users?status=active')).items.map((u: any) => u.id)).not.toContain(x.id);
    const page = await admin.ok('GET', '/api/v1/users?pageSize=1&page=2');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
  });

  it('rejects bad input naming the field, and writes nothing', async () => {
    const unitA = await unitIn(A.id);
    const unitB = await unitIn(B.id);
    const before = [await countUsers(), await countMemberships()];
    const base = { displayName: '坏输入', password: PASSWORD, roleId: A.roles['党委工作人员'] };
    const cases: Array<[object, string]> = [
      [{ ...base, username: 'weak_pw', password: 'short' }, 'password'],
      [{ ...base, username: 'weak_pw2', password: 'alllowercaseletters' }, 'password'],
      [{ ...base, username: 'bad_role', roleId: B.roles['党委工作人员'] }, 'roleId'],
      [{ ...base, username: 'bad_unit', unitId: unitB }, 'unitId'],
      [{ ...base, username: 'bad_org', scopeOrgId: newId() }, 'scopeOrgId'],
      [{ ...base, username: 'bad_grid', scopeGridId: newId() }, 'scopeGridId'],
      [{ ...base, username: 'bad_person', personId: newId() }, 'personId'],
      [{ ...base, username: 'no_unit', roleId: A.roles['成员单位经办人'] }, 'unitId'],
      [{ ...base, username: 'no_grid', roleId: A.roles['网格员'] }, 'scopeGridId'],
      [{ ...base, username: 'x' }, 'username'],
      [{ ...base, username: 'no_name', displayName: '' }, 'displayName'],
      [{ ...base, username: 'li.wei' }, 'username'], // taken
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/users', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(fieldOf(r), JSON.stringify(body)).toContain(field);
    }
    // an org-scoped role needs scopeOrgId
    const orgRole = await admin.ok('POST', '/api/v1/roles', { name: '组织范围', permissions: ['org:read'], dataScope: 'org' });
    const r = await admin.post('/api/v1/users', { ...base, username: 'no_org', roleId: orgRole.id });
    expect(fieldOf(r)).toEqual(['scopeOrgId']);
    expect([await countUsers(), await countMemberships()]).toEqual(before);
    // with the references of this alliance it works
    const ok = await admin.ok('POST', '/api/v1/users', { ...base, username: 'unit_handler', roleId: A.roles['成员单位经办人'], unitId: unitA });
    expect(ok.membership).toMatchObject({ unitId: unitA, unitName: '市场监管所' });
    const org = await orgIn(A.id);
    const grid = await gridIn(A.id);
    const person = await personIn(A.id);
    const o = await admin.ok('POST', '/api/v1/users', { ...base, username: 'org_user', roleId: orgRole.id, scopeOrgId: org, personId: person });
    expect(o).toMatchObject({ personId: person, membership: { scopeOrgId: org } });
    const g = await admin.ok('POST', '/api/v1/users', { ...base, username: 'grid_user', roleId: A.roles['网格员'], scopeGridId: grid });
    expect(g.membership.scopeGridId).toBe(grid);
    // patch checks the same rules
    expect(fieldOf(await admin.patch(`/api/v1/users/${g.id}`, { scopeGridId: null }))).toEqual(['scopeGridId']);
    expect(fieldOf(await admin.patch(`/api/v1/users/${g.id}`, { roleId: B.roles['联盟管理员'] }))).toEqual(['roleId']);
    expect(fieldOf(await admin.patch(`/api/v1/users/${g.id}`, { personId: newId() }))).toEqual(['personId']);
    expect((await admin.ok('GET', `/api/v1/users/${g.id}`)).membership.scopeGridId).toBe(grid);
  });

  it('needs user:read / user:write, and nobody grants what they do not hold', async () => {
    const staff = await env.member(A.id, A.roles['党委工作人员']!);
    expect((await staff.get('/api/v1/users')).statusCode).toBe(200);
    const w = await staff.post('/api/v1/users', { username: 'by_staff', displayName: 'x', password: PASSWORD, roleId: A.roles['党委工作人员'] });
    expect(w.statusCode).toBe(403);
    const unit = await unitIn(A.id, '城管中队');
    const handler = await env.member(A.id, A.roles['成员单位经办人']!, { unitId: unit });
    expect((await handler.get('/api/v1/users')).statusCode).toBe(403);
    expect((await env.anon.get('/api/v1/users')).statusCode).toBe(401);

    // a user manager without audit:read cannot create an administrator, nor touch one
    const mgrRole = await admin.ok('POST', '/api/v1/roles', {
      name: '账号管理员',
      permissions: ['user:read', 'user:write', 'alliance:read', 'ticket:read', 'ticket:create', 'merchant:read', 'resource:read'],
      dataScope: 'alliance',
    });
    const mgr = await env.member(A.id, mgrRole.id);
    const esc = await mgr.post('/api/v1/users', { username: 'escalate', displayName: 'x', password: PASSWORD, roleId: A.roles['联盟管理员'] });
    expect(esc.statusCode).toBe(403);
    const merchant = await mgr.ok('POST', '/api/v1/users', { username: 'a_merchant', displayName: '商户甲', password: PASSWORD, roleId: A.roles['商户'] });
    expect((await mgr.patch(`/api/v1/users/${merchant.id}`, { roleId: A.roles['联盟管理员'] })).statusCode).toBe(403);
    expect((await mgr.post(`/api/v1/users/${admin.userId}/reset-password`, { password: 'Another-Passw0rd!' })).statusCode).toBe(403);
    expect((await admin.ok('GET', `/api/v1/users/${merchant.id}`)).membership.roleId).toBe(A.roles['商户']);
  });

  it('keeps a scoped user manager inside their data scope', async () => {
    const u1 = await unitIn(A.id, '银行网点');
    const u2 = await unitIn(A.id, '律师事务所');
    const role = await admin.ok('POST', '/api/v1/roles', {
      name: '单位账号管理员',
      // everything a unit handler holds, so only the data scope limits whom it may manage
      permissions: [...(BUILTIN_ROLES.find((r) => r.key === 'unit_handler')?.permissions ?? []), 'user:read', 'user:write'],
      dataScope: 'unit',
    });
    const wide = await admin.ok('POST', '/api/v1/roles', { name: '全联盟只读', permissions: ['alliance:read'], dataScope: 'alliance' });
    const mgr = await env.member(A.id, role.id, { unitId: u1 });
    const inside = await env.member(A.id, A.roles['成员单位经办人']!, { unitId: u1 });
    const outside = await env.member(A.id, A.roles['成员单位经办人']!, { unitId: u2 });
    const seen = (await mgr.ok('GET', '/api/v1/users?pageSize=200')).items.map((u: any) => u.id).sort();
    expect(seen).toEqual([mgr.userId, inside.userId].sort());
    expect((await mgr.get(`/api/v1/users/${outside.userId}`)).statusCode).toBe(404);
    expect((await mgr.patch(`/api/v1/users/${outside.userId}`, { displayName: 'x' })).statusCode).toBe(404);
    const before = [await countUsers(), await countMemberships()];
    const base = { displayName: '新经办人', password: PASSWORD, roleId: A.roles['成员单位经办人'] };
    const out = await mgr.post('/api/v1/users', { ...base, username: 'in_u2', unitId: u2 });
    expect([out.statusCode, out.json().error.message]).toEqual([403, 'the membership would be outside your data scope']);
    const wider = await mgr.post('/api/v1/users', { ...base, username: 'wide_one', roleId: wide.id, unitId: u1 });
    expect([wider.statusCode, wider.json().error.message]).toEqual([403, 'cannot grant a wider data scope than your own']);
    const moved = await mgr.patch(`/api/v1/users/${inside.userId}`, { unitId: u2 });
    expect([moved.statusCode, moved.json().error.message]).toEqual([403, 'the membership would be outside your data scope']);
    expect([await countUsers(), await countMemberships()]).toEqual(before);
    expect((await mgr.ok('POST', '/api/v1/users', { ...base, username: 'in_u1', unitId: u1 })).membership.unitId).toBe(u1);
  });

  it("links an account only to a person within the manager's data scope", async () => {
    const [g1, g2] = [await gridIn(A.id), await gridIn(A.id)];
    const [near, far] = [await personIn(A.id, g1), await personIn(A.id, g2)];
    const role = await admin.ok('POST', '/api/v1/roles', {
      name: '网格账号管理员',
      permissions: [...(BUILTIN_ROLES.find((r) => r.key === 'grid_officer')?.permissions ?? []), 'user:read', 'user:write'],
      dataScope: 'grid',
    });
    const mgr = await env.member(A.id, role.id, { scopeGridId: g1 });
    const base = { displayName: '网格员', password: PASSWORD, roleId: A.roles['网格员'], scopeGridId: g1 };
    const before = [await countUsers(), await countMemberships()];
    // a person of another grid answers as one that does not exist
    const unknown = await mgr.post('/api/v1/users', { ...base, username: 'grid_nobody', personId: newId() });
    const outside = await mgr.post('/api/v1/users', { ...base, username: 'grid_far', personId: far });
    expect([outside.statusCode, fieldOf(outside), outside.json().error]).toEqual([400, ['personId'], unknown.json().error]);
    expect([await countUsers(), await countMemberships()]).toEqual(before);
    const u = await mgr.ok('POST', '/api/v1/users', { ...base, username: 'grid_near', personId: near });
    expect(u.personId).toBe(near);
    const moved = await mgr.patch(`/api/v1/users/${u.id}`, { personId: far });
    expect([moved.statusCode, fieldOf(moved)]).toEqual([400, ['personId']]);
    expect((await mgr.ok('GET', `/api/v1/users/${u.id}`)).personId).toBe(near);
    // the alliance-wide admin links anyone of the alliance
    expect((await admin.ok('PATCH', `/api/v1/users/${u.id}`, { personId: far })).personId).toBe(far);
  });

  it('adds an existing account to another alliance; each alliance sees only its own users and roles', async () => {
    const officer = await env.member(B.id, B.roles['党委工作人员']!, { username: 'scjgs_officer' });
    // unknown username
    const unk = await admin.post('/api/v1/users/memberships', { username: 'nobody_here', roleId: A.roles['联盟管理员'] });
    expect(unk.statusCode).toBe(400);
    expect(fieldOf(unk)).toEqual(['username']);
    // not yet a member of A: switching there fails and A's users cannot see them
    expect((await officer.post('/api/v1/auth/switch', { allianceId: A.id })).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/users/${officer.userId}`)).statusCode).toBe(404);
    const before = await countMemberships();
    expect(fieldOf(await admin.post('/api/v1/users/memberships', { username: 'scjgs_officer', roleId: B.roles['党委工作人员'] }))).toEqual(['roleId']);
    expect(await countMemberships()).toBe(before);

    const added = await admin.post('/api/v1/users/memberships', { username: 'SCJGS_officer', roleId: A.roles['联盟管理员'] });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ id: officer.userId, membership: { allianceId: A.id, roleName: '联盟管理员' } });
    expect((await admin.post('/api/v1/users/memberships', { username: 'scjgs_officer', roleId: A.roles['党委工作人员'] })).statusCode).toBe(409);

    // in B (staff: user:read, role:read) the officer sees B's rows only
    const inB = await officer.ok('GET', '/api/v1/users?pageSize=200');
    expect(inB.items.every((u: any) => u.membership.allianceId === B.id)).toBe(true);
    expect(inB.items.map((u: any) => u.id)).not.toContain(admin.userId);
    const rolesB = await officer.ok('GET', '/api/v1/roles?pageSize=200');
    expect(new Set(rolesB.items.map((r: any) => r.allianceId))).toEqual(new Set([B.id]));
    expect((await officer.get(`/api/v1/roles/${A.roles['联盟管理员']}`)).statusCode).toBe(404);
    expect((await officer.post('/api/v1/users', { username: 'nope_b', displayName: 'x', password: PASSWORD, roleId: B.roles['商户'] })).statusCode).toBe(403);

    // switched to A, as administrator there
    const me = await officer.ok('POST', '/api/v1/auth/switch', { allianceId: A.id });
    expect(me.currentAlliance.id).toBe(A.id);
    expect(me.memberships).toHaveLength(2);
    const inA = await officer.ok('GET', '/api/v1/users?pageSize=200');
    expect(inA.items.every((u: any) => u.membership.allianceId === A.id)).toBe(true);
    expect(inA.items.map((u: any) => u.id)).toContain(admin.userId);
    const rolesA = await officer.ok('GET', '/api/v1/roles?pageSize=200');
    expect(new Set(rolesA.items.map((r: any) => r.allianceId))).toEqual(new Set([A.id]));
    expect((await officer.get(`/api/v1/roles/${B.roles['联盟管理员']}`)).statusCode).toBe(404);
    // B's administrator cannot see or touch A's users
    const adminB = await env.member(B.id, B.roles['联盟管理员']!);
    expect((await adminB.get(`/api/v1/users/${admin.userId}`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/v1/users/${admin.userId}`, { displayName: 'x' })).statusCode).toBe(404);
    expect((await adminB.del(`/api/v1/users/${admin.userId}`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/users/${admin.userId}/unlock`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/users/${admin.userId}/reset-password`, { password: 'Another-Passw0rd!' })).statusCode).toBe(404);

    // an account of another alliance as well: A manages its membership (role, unit), never the account itself — else
    // enlisting B's staff would let A reset their password, lock them out of B, rename or re-link them
    const acct = `/api/v1/users/${officer.userId}`;
    for (const [method, url, body] of [
      ['POST', `${acct}/reset-password`, { password: 'Taken-0ver-Passw0rd!' }],
      ['PATCH', acct, { status: 'disabled' }],
      ['PATCH', acct, { displayName: '被改名' }],
      ['POST', `${acct}/unlock`, {}],
    ] as const) {
      const r = await admin.req(method, url, body);
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(403);
    }
    expect((await officer.get('/api/v1/me')).statusCode).toBe(200);
    expect((await env.city.ok('GET', `/api/v1/users/${officer.userId}`)).displayName).not.toBe('被改名');
    // the form sends the unchanged name back with a new role: that is a membership change, and allowed
    const same = (await admin.ok('GET', acct)) as { displayName: string };
    expect((await admin.ok('PATCH', acct, { displayName: same.displayName, roleId: A.roles['党委工作人员'] })).membership.roleName).toBe('党委工作人员');

    // removing the membership from A keeps the account and the membership in B
    expect((await admin.ok('DELETE', `/api/v1/users/${officer.userId}`)).ok).toBe(true);
    expect((await admin.get(`/api/v1/users/${officer.userId}`)).statusCode).toBe(404);
    const me2 = await officer.ok('GET', '/api/v1/me');
    expect(me2.memberships.map((m: any) => m.allianceId)).toEqual([B.id]);
    expect(me2.permissions).toEqual([]);
    expect((await adminB.ok('GET', `/api/v1/users/${officer.userId}`)).membership.allianceId).toBe(B.id);
  });

  it("removing a membership also drops the account's link to a person of that alliance", async () => {
    const person = await admin.ok('POST', '/api/v1/people', { name: '钱芳', gender: 'female', phone: '13700001234' });
    const u = await admin.ok('POST', '/api/v1/users', {
      username: 'linked_person',
      displayName: '钱芳',
      password: PASSWORD,
      roleId: A.roles['党委工作人员'],
      personId: person.id,
    });
    expect((await admin.ok('GET', `/api/v1/users/${u.id}`)).personId).toBe(person.id);
    expect((await admin.ok('DELETE', `/api/v1/users/${u.id}`)).ok).toBe(true);
    const row = await env.deps.db.selectFrom('users').select('person_id').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.person_id).toBeNull();
  });

  it('patches account and membership fields; disabling ends the sessions', async () => {
    const unit = await unitIn(A.id, '派出所');
    const u = await env.member(A.id, A.roles['党委工作人员']!);
    const p = await admin.ok('PATCH', `/api/v1/users/${u.userId}`, { displayName: '新名字', roleId: A.roles['成员单位经办人'], unitId: unit });
    expect(p).toMatchObject({ displayName: '新名字', membership: { roleId: A.roles['成员单位经办人'], unitId: unit, unitName: '派出所' } });
    const me = await u.ok('GET', '/api/v1/me');
    expect(me.role.name).toBe('成员单位经办人');
    expect(me.permissions).not.toContain('user:read');
    await admin.ok('PATCH', `/api/v1/users/${u.userId}`, { status: 'disabled' });
    expect((await u.get('/api/v1/me')).statusCode).toBe(401);
    expect(await env.deps.db.selectFrom('sessions').select('id').where('user_id', '=', u.userId).execute()).toHaveLength(0);
    expect(
      (await env.anon.post('/api/v1/auth/login', { username: (await admin.ok('GET', `/api/v1/users/${u.userId}`)).username, password: PASSWORD })).statusCode,
    ).toBe(403);
    await admin.ok('PATCH', `/api/v1/users/${u.userId}`, { status: 'active' });
    const audit = await env.deps.db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('entity_id', '=', u.userId)
      .where('action', '=', 'user.update')
      .execute();
    expect(audit.length).toBe(3);
    // nobody disables or removes themselves
    expect((await admin.patch(`/api/v1/users/${admin.userId}`, { status: 'disabled' })).statusCode).toBe(409);
    // nor demote themselves (the alliance could lose its last administrator)
    const demote = await admin.patch(`/api/v1/users/${admin.userId}`, { roleId: A.roles['领导（只读）'] });
    expect([demote.statusCode, demote.json().error.details?.reason]).toEqual([409, 'own_role']);
    expect((await admin.get('/api/v1/users')).statusCode).toBe(200);
    expect((await admin.del(`/api/v1/users/${admin.userId}`)).statusCode).toBe(409);
    expect((await admin.patch(`/api/v1/users/${newId()}`, { displayName: 'x' })).statusCode).toBe(404);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown)', async () => {
    const unit = await unitIn(A.id, '无变化单位');
    const body = { username: 'same.form', displayName: '原样保存', password: PASSWORD, roleId: A.roles['成员单位经办人'], unitId: unit };
    const u = await admin.ok('POST', '/api/v1/users', body, 201);
    const same = {
      displayName: u.displayName,
      status: u.status,
      personId: u.personId ?? null,
      roleId: body.roleId,
      unitId: unit,
      scopeOrgId: null,
      scopeGridId: null,
    };
    const at = { url: `/api/v1/users/${u.id}`, table: 'users' as const, id: u.id };
    await expectNoChangeEdit(env, admin, at, u, same, { displayName: '改过的名字' });
  });

  it('resets a password (policy; ends the sessions) and unlocks an account', async () => {
    const u = await env.member(A.id, A.roles['党委工作人员']!, { username: 'reset_me' });
    const weak = await admin.post(`/api/v1/users/${u.userId}/reset-password`, { password: 'reset_me_Pw1' });
    expect(weak.statusCode).toBe(400);
    expect(fieldOf(weak)).toEqual(['password']);
    expect((await u.get('/api/v1/me')).statusCode).toBe(200);
    const NEW = 'Brand-New-Pw9!';
    expect((await admin.ok('POST', `/api/v1/users/${u.userId}/reset-password`, { password: NEW })).ok).toBe(true);
    expect((await u.get('/api/v1/me')).statusCode).toBe(401);
    expect((await env.anon.post('/api/v1/auth/login', { username: 'reset_me', password: PASSWORD })).statusCode).toBe(401);
    await env.login('reset_me', NEW);
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', u.userId).where('action', '=', 'user.reset_password').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(NEW);

    // lockout: five wrong passwords lock the account, even the right password is refused
    for (let i = 0; i < 4; i++) expect((await env.anon.post('/api/v1/auth/login', { username: 'reset_me', password: 'Wrong-Passw0rd!' })).statusCode).toBe(401);
    const fifth = await env.anon.post('/api/v1/auth/login', { username: 'reset_me', password: 'Wrong-Passw0rd!' });
    expect(fifth.statusCode).toBe(423);
    const locked = await env.anon.post('/api/v1/auth/login', { username: 'reset_me', password: NEW });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect((await admin.ok('GET', `/api/v1/users/${u.userId}`)).lockedUntil).toBeGreaterThan(env.clock.now());
    const un = await admin.ok('POST', `/api/v1/users/${u.userId}/unlock`);
    expect(un.lockedUntil).toBeNull();
    await env.login('reset_me', NEW);
  });

  it("keeps city administrators out of alliance administrators' reach", async () => {
    // a body field cannot make a city admin
    const x = await admin.ok('POST', '/api/v1/users', {
      username: 'not_city',
      displayName: 'x',
      password: PASSWORD,
      roleId: A.roles['商户'],
      isCityAdmin: true,
    });
    expect(x.isCityAdmin).toBe(false);
    const cityUser = (await env.city.ok('GET', '/api/v1/me')).user;
    expect((await admin.post('/api/v1/users/memberships', { username: cityUser.username, roleId: A.roles['商户'] })).statusCode).toBe(403);
    // the city admin joins A as a member; A's admin may read but not touch the account
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: A.id });
    await env.city.ok('POST', '/api/v1/users/memberships', { username: cityUser.username, roleId: A.roles['领导（只读）'] });
    expect((await admin.ok('GET', `/api/v1/users/${cityUser.id}`)).isCityAdmin).toBe(true);
    for (const r of [
      await admin.patch(`/api/v1/users/${cityUser.id}`, { displayName: 'hacked' }),
      await admin.post(`/api/v1/users/${cityUser.id}/reset-password`, { password: 'Another-Passw0rd!' }),
      await admin.post(`/api/v1/users/${cityUser.id}/unlock`),
      await admin.del(`/api/v1/users/${cityUser.id}`),
    ])
      expect(r.statusCode).toBe(403);
    expect((await env.city.ok('GET', '/api/v1/me')).user.displayName).toBe('市级管理员');
    expect((await env.city.del(`/api/v1/users/${cityUser.id}`)).statusCode).toBe(409);
  });
});

describe('sessions', () => {
  it('lock out for 15 minutes after 5 wrong passwords', async () => {
    await env.member(A.id, A.roles['商户']!, { username: 'lock_me' });
    for (let i = 0; i < 5; i++) await env.anon.post('/api/v1/auth/login', { username: 'lock_me', password: 'Wrong-Passw0rd!' });
    const r = await env.anon.post('/api/v1/auth/login', { username: 'lock_me', password: PASSWORD });
    expect(r.statusCode).toBe(423);
    expect(r.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(r.json().error.details.lockedUntil).toBeGreaterThan(env.clock.now());
    env.clock.advance(15 * 60_000 + 1);
    await env.login('lock_me');
  });

  it("the console's own polls do not keep an unattended session alive", async () => {
    const u = await env.member(A.id, A.roles['商户']!);
    const poller = new Client(env.app, u.cookie, { [BACKGROUND_REQUEST_HEADER]: '1' });
    for (let minute = 1; minute <= 30; minute++) {
      env.clock.advance(60_000);
      expect((await poller.get('/api/v1/inbox/unread-count')).statusCode, `minute ${minute}`).toBe(200);
      // the city administrator's session (which the next tests use) is in active use meanwhile
      await env.city.ok('GET', '/api/v1/me');
    }
    env.clock.advance(1);
    expect((await poller.get('/api/v1/inbox/unread-count')).statusCode).toBe(401);
    expect((await u.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('expire after 30 idle minutes', async () => {
    const u = await env.member(A.id, A.roles['商户']!);
    expect((await u.get('/api/v1/me')).statusCode).toBe(200);
    env.clock.advance(29 * 60_000);
    expect((await u.get('/api/v1/me')).statusCode).toBe(200); // activity keeps it alive
    env.clock.advance(30 * 60_000 + 1);
    expect((await u.get('/api/v1/me')).statusCode).toBe(401);
  });
});
