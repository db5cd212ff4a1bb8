import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, expectNoChangeEdit, insertRole, setupEnv, type Client, type TestEnv } from './harness.ts';

describe('units', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let adminB: Client;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('UNA');
    B = await env.alliance('UNB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
  });
  afterAll(async () => env?.close());

  it('creates, reads, lists, updates and deletes a unit with the contact phone masked', async () => {
    const r = await admin.post('/api/v1/units', {
      kind: 'regulator',
      name: '义乌市市场监管局稠城所',
      category: '市场监管',
      contactName: '王所长',
      contactPhone: '+86 138 1234 5678',
      address: '稠城街道',
      duties: '食品安全、消费维权',
    });
    expect(r.statusCode).toBe(201);
    const u = r.json();
    expect(u).toMatchObject({
      kind: 'regulator',
      name: '义乌市市场监管局稠城所',
      contactPhone: '138****5678',
      status: 'active',
      allianceId: A.id,
      orgId: null,
      gridId: null,
    });
    expect(r.body).not.toContain('13812345678');

    const got = await admin.get(`/api/v1/units/${u.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().contactPhone).toBe('138****5678');
    expect(got.body).not.toContain('13812345678');

    const list = await admin.ok('GET', '/api/v1/units?q=稠城');
    expect(list.total).toBe(1);
    expect(list.items[0].id).toBe(u.id);
    expect(JSON.stringify(list)).not.toContain('13812345678');
    expect((await admin.ok('GET', '/api/v1/units?kind=enterprise')).total).toBe(0);

    const upd = await admin.ok('PATCH', `/api/v1/units/${u.id}`, { contactPhone: '0579-85551234', status: 'disabled', category: '' });
    expect(upd).toMatchObject({ contactPhone: '0579-****1234', status: 'disabled', category: null, name: '义乌市市场监管局稠城所' });

    // stored encrypted with a blind index; unreadable in the raw database
    const raw = await env.deps.db.selectFrom('units').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(raw.contact_phone_enc).toMatch(/^v1\./);
    expect(raw.contact_phone_enc).not.toContain('85551234');
    // indexed by the number without the area code's hyphen: a lookup finds it spelt either way
    expect(raw.contact_phone_bidx).toBe(env.deps.cipher.blindIndex('057985551234'));
    expect(env.deps.cipher.decrypt(raw.contact_phone_enc)).toBe('0579-85551234');

    // the audit trail holds masked values only
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity', '=', 'unit').where('entity_id', '=', u.id).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['unit.create', 'unit.update']);
    const text = JSON.stringify(audit);
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('85551234');

    expect(await admin.ok('DELETE', `/api/v1/units/${u.id}`)).toEqual({ ok: true });
    expect((await admin.get(`/api/v1/units/${u.id}`)).statusCode).toBe(404);
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const before = await countRows(env, 'units', A.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'regulator', name: '城管中队', contactPhone: '12345' }, 'contactPhone'],
      [{ kind: 'regulator', name: 'x'.repeat(65) }, 'name'],
      [{ kind: 'regulator' }, 'name'],
      [{ kind: 'regulator', name: '   ' }, 'name'],
      [{ kind: 'bank', name: '农商银行' }, 'kind'],
      [{ kind: 'regulator', name: 42 }, 'name'],
      [{ kind: 'regulator', name: '城管中队', status: 'gone' }, 'status'],
      [{ kind: 'regulator', name: '城管中队', orgId: 'no-such-org' }, 'orgId'],
      [{ kind: 'regulator', name: '城管中队', gridId: 'no-such-grid' }, 'gridId'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/units', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const bad = await admin.post('/api/v1/units', { kind: 'regulator', name: '城管中队', contactPhone: '12345' });
    expect(bad.json().error.details[0].code).toBe('invalid_phone');
    expect(await countRows(env, 'units', A.id)).toBe(before);
    // a second unit of one name cannot be told apart in dispatch, routes or rankings
    const first = await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城城管中队' }, 201);
    const second = await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城城管二中队' }, 201);
    for (const r of [
      await admin.post('/api/v1/units', { kind: 'enterprise', name: '稠城城管中队' }),
      await admin.patch(`/api/v1/units/${second.id}`, { name: '稠城城管中队' }),
    ])
      expect([r.statusCode, r.json().error.details[0]]).toEqual([400, expect.objectContaining({ path: 'name', code: 'duplicate' })]);
    expect((await admin.ok('PATCH', `/api/v1/units/${first.id}`, { name: '稠城城管中队' })).name).toBe('稠城城管中队');
    expect((await adminB.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城城管中队' }, 201)).name).toBe('稠城城管中队'); // % and _ in a search are the user's characters, not wildcards
    expect((await admin.ok('GET', '/api/v1/units?q=%25')).total).toBe(0);
    expect((await admin.ok('GET', '/api/v1/units?q=_')).total).toBe(0);
    await admin.ok('POST', '/api/v1/units', { kind: 'social_org', name: '100%满意服务队' }, 201);
    expect((await admin.ok('GET', '/api/v1/units?q=%25')).items.map((u: { name: string }) => u.name)).toEqual(['100%满意服务队']);
  });

  it('references must exist in the same alliance', async () => {
    const orgB = await adminB.ok('POST', '/api/v1/orgs', { kind: 'district_committee', name: '乙商圈党委' });
    const r = await admin.post('/api/v1/units', { kind: 'enterprise', name: '百货公司', orgId: orgB.id });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0]).toMatchObject({ path: 'orgId', code: 'unknown_reference' });
    const orgA = await admin.ok('POST', '/api/v1/orgs', { kind: 'district_committee', name: '甲商圈党委' });
    const ok = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '百货公司', orgId: orgA.id });
    expect(ok.orgId).toBe(orgA.id);
    const upd = await admin.patch(`/api/v1/units/${ok.id}`, { orgId: orgB.id });
    expect(upd.statusCode).toBe(400);
    expect((await admin.ok('GET', `/api/v1/units/${ok.id}`)).orgId).toBe(orgA.id);
  });

  it('refuses to delete a unit still referenced by people or memberships', async () => {
    const u = await admin.ok('POST', '/api/v1/units', { kind: 'resident_unit', name: '农商银行稠城支行' });
    const p = await admin.ok('POST', '/api/v1/people', { name: '李经理', unitId: u.id });
    const r = await admin.del(`/api/v1/units/${u.id}`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'CONFLICT', details: { references: ['people'] } });
    await admin.ok('DELETE', `/api/v1/people/${p.id}`);
    await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: u.id });
    const r2 = await admin.del(`/api/v1/units/${u.id}`);
    expect(r2.statusCode).toBe(409);
    expect(r2.json().error.details.references).toEqual(['memberships']);
  });

  it('hides other alliances’ units (404, absent from lists)', async () => {
    const ub = await adminB.ok('POST', '/api/v1/units', { kind: 'property_owner', name: '乙方产权单位', contactPhone: '13900001111' });
    expect((await admin.get(`/api/v1/units/${ub.id}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/units/${ub.id}`, { name: '改名' })).statusCode).toBe(404);
    expect((await admin.del(`/api/v1/units/${ub.id}`)).statusCode).toBe(404);
    const list = await admin.ok('GET', '/api/v1/units?pageSize=200');
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(ub.id);
    expect((await adminB.ok('GET', `/api/v1/units/${ub.id}`)).name).toBe('乙方产权单位');
  });

  it('a unit-scoped handler reaches only its own unit; a read-only role cannot write', async () => {
    const mine = await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' });
    const other = await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '消防救援站' });
    const handler = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: mine.id });
    const list = await handler.ok('GET', '/api/v1/units?pageSize=200');
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    expect(list.total).toBe(1);
    expect((await handler.get(`/api/v1/units/${other.id}`)).statusCode).toBe(404);
    expect((await handler.post('/api/v1/units', { kind: 'regulator', name: 'x' })).statusCode).toBe(403);

    const leader = await env.member(A.id, A.roles['领导（只读）'] as string);
    expect((await leader.ok('GET', `/api/v1/units/${other.id}`)).id).toBe(other.id);
    expect((await leader.post('/api/v1/units', { kind: 'regulator', name: 'x' })).statusCode).toBe(403);
    expect((await leader.patch(`/api/v1/units/${other.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await env.anon.get('/api/v1/units')).statusCode).toBe(401);
  });

  it('an org-scoped member reaches units of its org subtree and cannot move one out', async () => {
    const root = await admin.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '社区大党委' });
    const branch = await admin.ok('POST', '/api/v1/orgs', { kind: 'branch', name: '第一支部', parentId: root.id });
    const elsewhere = await admin.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '别的社区' });
    const inside = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '支部下企业', orgId: branch.id });
    const outside = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '外部企业', orgId: elsewhere.id });
    // the built-in roles carry other scopes: an org-scoped role for this member
    const orgRole = await insertRole(env, A.id, { name: '社区工作人员', permissions: ['unit:read', 'unit:write'], dataScope: 'org' });
    const m = await env.member(A.id, orgRole, { scopeOrgId: root.id });
    const ids = (await m.ok('GET', '/api/v1/units?pageSize=200')).items.map((x: { id: string }) => x.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect((await m.get(`/api/v1/units/${outside.id}`)).statusCode).toBe(404);
    expect((await m.patch(`/api/v1/units/${inside.id}`, { orgId: elsewhere.id })).statusCode).toBe(403);
    expect((await m.post('/api/v1/units', { kind: 'enterprise', name: '无组织企业' })).statusCode).toBe(403);
    expect((await m.post('/api/v1/units', { kind: 'enterprise', name: '新企业', orgId: branch.id })).statusCode).toBe(201);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown, numbers masked)', async () => {
    const u = await admin.ok(
      'POST',
      '/api/v1/units',
      { kind: 'enterprise', name: '无变化企业', contactName: '王经理', contactPhone: '13812345678', duties: '值班电话 13912345678' },
      201,
    );
    const same = { kind: u.kind, name: u.name, category: u.category, contactName: u.contactName, address: u.address, duties: u.duties, status: u.status };
    const at = { url: `/api/v1/units/${u.id}`, table: 'units' as const, id: u.id };
    await expectNoChangeEdit(env, admin, at, u, { ...same, contactPhone: '13812345678' }, { address: '稠城街道' });
  });

  it('reads a landline typed with spaces instead of its hyphen as the stored number: no change', async () => {
    const u = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '座机企业', contactPhone: '0579-85551234' }, 201);
    const at = { url: `/api/v1/units/${u.id}`, table: 'units' as const, id: u.id };
    await expectNoChangeEdit(env, admin, at, u, { name: u.name, contactPhone: '0579 8555 1234' }, { address: '稠城街道' });
    // another number is a change
    expect((await admin.ok('PATCH', at.url, { contactPhone: '0579 8555 1235' })).contactPhone).toBe('0579****1235');
  });

  it('saves a unit holding a reference today’s check refuses as shown, and with other fields changed; a new bad one is 400', async () => {
    const orgB = await adminB.ok('POST', '/api/v1/orgs', { kind: 'district_committee', name: '旧数据乙党委' });
    const u = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '旧数据企业' }, 201);
    // written by an import before references were checked against the alliance
    await env.deps.db.updateTable('units').set({ org_id: orgB.id }).where('id', '=', u.id).execute();
    const shown = await admin.ok('GET', `/api/v1/units/${u.id}`);
    const form = {
      kind: shown.kind,
      name: shown.name,
      category: null,
      orgId: orgB.id,
      gridId: null,
      contactName: null,
      address: null,
      duties: null,
      status: 'active',
    };
    const at = { url: `/api/v1/units/${u.id}`, table: 'units' as const, id: u.id };
    await expectNoChangeEdit(env, admin, at, shown, form, { address: '稠城街道' });
    const orgB2 = await adminB.ok('POST', '/api/v1/orgs', { kind: 'district_committee', name: '旧数据乙党委二' });
    const audits = await countRows(env, 'audit_log');
    const r = await admin.patch(at.url, { ...form, orgId: orgB2.id });
    expect([r.statusCode, r.json().error.details[0]]).toEqual([400, expect.objectContaining({ path: 'orgId', code: 'unknown_reference' })]);
    expect(await countRows(env, 'audit_log')).toBe(audits);
  });

  it('finds units by ?phone= (the exact contact phone in any spelling) within the caller’s reach, answered masked', async () => {
    const land = await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '查号市场监管所', contactPhone: '0579-85557701' });
    const mobile = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '查号物业公司', contactPhone: '13900007701' });
    const theirs = await adminB.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '乙方查号公司', contactPhone: '13900007701' });
    const find = async (c: Client, phone: string, more = '') => {
      const r = await c.get(`/api/v1/units?phone=${encodeURIComponent(phone)}${more}`);
      expect(r.statusCode, phone).toBe(200);
      expect(r.body).not.toContain('13900007701');
      expect(r.body).not.toContain('85557701');
      return (r.json().items as Array<{ id: string; contactPhone: string }>).map((x) => x.id);
    };
    for (const spelt of ['0579-85557701', '057985557701', '0579 8555 7701', '０５７９－８５５５７７０１'])
      expect(await find(admin, spelt), spelt).toEqual([land.id]);
    for (const spelt of ['13900007701', '+86 139-0000-7701']) expect(await find(admin, spelt), spelt).toEqual([mobile.id]);
    expect((await admin.ok('GET', '/api/v1/units?phone=13900007701')).items[0].contactPhone).toBe('139****7701');
    // exact only, combined with the other filters
    for (const part of ['1390000', '7701', '0579', '', 'abc']) expect(await find(admin, part), part).toEqual([]);
    expect(await find(admin, '13900007701', '&kind=enterprise')).toEqual([mobile.id]);
    expect(await find(admin, '13900007701', '&kind=regulator')).toEqual([]);
    // another alliance's unit with the same number, and a unit outside a handler's reach, are not found
    expect(await find(adminB, '13900007701')).toEqual([theirs.id]);
    const handler = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: land.id });
    expect(await find(handler, '13900007701')).toEqual([]);
    expect(await find(handler, '0579-85557701')).toEqual([land.id]);
    expect((await admin.get(`/api/v1/units?phone=${'1'.repeat(25)}`)).statusCode).toBe(400);
  });
});
