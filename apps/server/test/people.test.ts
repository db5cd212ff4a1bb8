import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '@tongxin/domain';
import { countRows, expectNoChangeEdit, insertRole, setupEnv, type Client, type TestEnv } from './harness.ts';

/** A valid fictional 居民身份证 number (义乌 330782) with its computed check character. */
const rid = (birth: string, seq: string) => {
  const f = `330782${birth}${seq}`;
  return `${f}${idNumberCheckChar(f)}`;
};
const auditOf = (env: TestEnv, id: string) => env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('seq').execute();

describe('people', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let adminB: Client;
  const ID_M = rid('19850312', '123'); // 17th digit 3: male
  const ID_F = rid('19850312', '124'); // 17th digit 4: female
  const ID_X = rid('19900101', '101'); // check character X

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('PPA');
    B = await env.alliance('PPB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
  });
  afterAll(async () => env?.close());

  it('creates a person with phone and ID number encrypted, answered masked everywhere', async () => {
    expect(ID_X.endsWith('X')).toBe(true);
    const r = await admin.post('/api/v1/people', { name: '张建国', phone: '138-1234-5678', idNumber: ID_M, isPartyMember: true, title: '党支部书记' });
    expect(r.statusCode).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({
      name: '张建国',
      phone: '138****5678',
      idType: 'resident_id',
      idNumber: `330782********${ID_M.slice(-4)}`,
      gender: 'male',
      isPartyMember: true,
      title: '党支部书记',
    });
    for (const body of [r.body, (await admin.get(`/api/v1/people/${p.id}`)).body, (await admin.get('/api/v1/people')).body]) {
      expect(body).not.toContain('13812345678');
      expect(body).not.toContain(ID_M);
      expect(body).not.toContain(ID_M.slice(6, 14)); // the birth date
    }
    expect((await admin.ok('GET', `/api/v1/people/${p.id}`)).phone).toBe('138****5678');

    const raw = await env.deps.db.selectFrom('people').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(raw.phone_enc).toMatch(/^v1\./);
    expect(raw.id_number_enc).toMatch(/^v1\./);
    expect(raw.phone_enc).not.toContain('12345678');
    expect(raw.id_number_enc).not.toContain(ID_M.slice(6, 14));
    expect(raw.phone_bidx).toBe(env.deps.cipher.blindIndex('13812345678'));
    expect(raw.id_number_bidx).toBe(env.deps.cipher.blindIndex(ID_M));
    // and directly through SQL, as an attacker with a database dump would read it
    const dump = JSON.stringify(await env.deps.db.selectFrom('people').select(['phone_enc', 'id_number_enc', 'phone_bidx', 'id_number_bidx']).execute());
    expect(dump).not.toContain('13812345678');
    expect(dump).not.toContain(ID_M);

    const audit = JSON.stringify(await auditOf(env, p.id));
    expect(audit).toContain('person.create');
    expect(audit).not.toContain('13812345678');
    expect(audit).not.toContain(ID_M);

    const f = await admin.ok('POST', '/api/v1/people', { name: '李秀英', idNumber: ID_F });
    expect(f.gender).toBe('female');
    const given = await admin.ok('POST', '/api/v1/people', { name: '王芳', idNumber: rid('19920505', '331'), gender: 'female' });
    expect(given.gender).toBe('female');
    const none = await admin.ok('POST', '/api/v1/people', { name: '赵六' });
    expect(none).toMatchObject({ gender: null, phone: null, idNumber: null, idType: null, isPartyMember: false });
  });

  it('accepts the GB 11643 sample number 11010519491231002X and other document types', async () => {
    const ok = await admin.ok('POST', '/api/v1/people', { name: '样例', idNumber: '11010519491231002x' });
    expect(ok).toMatchObject({ idNumber: '110105********002X', gender: 'female' });
    const pass = await admin.ok('POST', '/api/v1/people', { name: 'John Smith', idType: 'passport', idNumber: 'E12345678', phone: '057985551234' });
    expect(pass).toMatchObject({ idType: 'passport', idNumber: 'E******78', gender: null, phone: '0579****1234' });
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const before = await countRows(env, 'people', A.id);
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ name: '错号', idNumber: '110105194912310021' }, 'idNumber', 'invalid_resident_id'], // wrong check digit
      [{ name: '错号', idNumber: `${ID_M.slice(0, 17)}${ID_M[17] === '1' ? '2' : '1'}` }, 'idNumber', 'invalid_resident_id'],
      [{ name: '错日', idNumber: rid('19850230', '123') }, 'idNumber', 'invalid_resident_id'],
      [{ name: '错护照', idType: 'passport', idNumber: '护照123' }, 'idNumber', 'invalid_passport'],
      [{ name: '错电话', phone: '12345678901' }, 'phone', 'invalid_phone'],
      [{ name: '错电话', phone: 'abc' }, 'phone', 'invalid_phone'],
      [{ name: '长'.repeat(33) }, 'name'],
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 123 }, 'name'],
      [{ name: '类型', isPartyMember: 'yes' }, 'isPartyMember'],
      [{ name: '类型', gender: 'other' }, 'gender'],
      [{ name: '类型', idType: 'driver_license', idNumber: 'X1' }, 'idType'],
      [{ name: '引用', orgId: 'no-such-org' }, 'orgId', 'unknown_reference'],
      [{ name: '引用', unitId: 'no-such-unit' }, 'unitId', 'unknown_reference'],
      [{ name: '引用', gridId: 'no-such-grid' }, 'gridId', 'unknown_reference'],
    ];
    for (const [body, field, code] of cases) {
      const r = await admin.post('/api/v1/people', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      const err = r.json().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      const issue = err.details.find((d: { path: string }) => d.path === field);
      expect(issue, JSON.stringify(err)).toBeTruthy();
      if (code) expect(issue.code).toBe(code);
    }
    expect(await countRows(env, 'people', A.id)).toBe(before);
  });

  it('refuses a second person with the same ID number in an alliance (not across alliances)', async () => {
    const id = rid('19700707', '555');
    await admin.ok('POST', '/api/v1/people', { name: '甲', idNumber: id });
    const before = await countRows(env, 'people', A.id);
    const dup = await admin.post('/api/v1/people', { name: '乙', idNumber: id.toLowerCase() });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.details[0]).toMatchObject({ path: 'idNumber', code: 'duplicate' });
    expect(await countRows(env, 'people', A.id)).toBe(before);
    const other = await admin.ok('POST', '/api/v1/people', { name: '丙' });
    expect((await admin.patch(`/api/v1/people/${other.id}`, { idNumber: id })).statusCode).toBe(400);
    expect((await adminB.post('/api/v1/people', { name: '乙', idNumber: id })).statusCode).toBe(201);
  });

  it("answers a grid officer's ID number held outside their grid as any duplicate, audits it, and stops them after 5 an hour", async () => {
    const community = await admin.ok('POST', '/api/v1/grids', { name: '号码探测社区' });
    const cell = await admin.ok('POST', '/api/v1/grids', { name: '本网格', parentId: community.id });
    const otherCell = await admin.ok('POST', '/api/v1/grids', { name: '别的网格', parentId: community.id });
    const taken = ['11', '12', '13', '14', '15', '16'].map((s) => rid('19810203', `${s}3`));
    for (const [i, n] of taken.entries()) await admin.ok('POST', '/api/v1/people', { name: `格外${i}`, gridId: otherCell.id, idNumber: n });
    const ownId = rid('19810203', '215');
    await admin.ok('POST', '/api/v1/people', { name: '格内老住户', gridId: cell.id, idNumber: ownId });
    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: cell.id });
    const refusals = () =>
      env.deps.db.selectFrom('audit_log').selectAll().where('chain', '=', `alliance:${A.id}`).where('action', '=', 'person.id_number_refused').execute();
    const create = (idNumber: string) => officer.post('/api/v1/people', { name: '新登记', gridId: cell.id, idNumber });

    // the list's exact lookup finds nobody outside the grid
    expect((await officer.ok('GET', `/api/v1/people?idNumber=${taken[0]}`)).total).toBe(0);
    expect((await admin.ok('GET', `/api/v1/people?idNumber=${taken[0]}`)).total).toBe(1);
    // a number held inside the grid: the plain refusal, which tells the officer nothing they cannot look up
    const inside = await create(ownId);
    expect(inside.json().error.details[0]).toMatchObject({ path: 'idNumber', code: 'duplicate' });
    expect(await refusals()).toHaveLength(0);
    // outside: the very same answer, naming nobody, and a record in the audit log with the number masked
    const outside = await create(taken[0] as string);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toEqual(inside.json().error);
    expect(outside.body).not.toContain('格外');
    const [first] = await refusals();
    expect(first).toMatchObject({ actor_id: officer.userId, entity: 'person', entity_id: null });
    expect(JSON.parse(first?.after_json ?? '{}')).toEqual({ field: 'idNumber', idNumber: `330782********${taken[0]?.slice(-4)}` });
    // changing a person's number is checked likewise
    const mine = await officer.ok('POST', '/api/v1/people', { name: '格内新住户', gridId: cell.id });
    expect((await officer.patch(`/api/v1/people/${mine.id}`, { idNumber: taken[1] })).statusCode).toBe(400);
    for (const n of taken.slice(2, 5)) expect((await create(n)).statusCode).toBe(400);
    expect(await refusals()).toHaveLength(5);
    // the committee reads every probe in 审计日志
    const log = await admin.ok('GET', '/api/v1/audit?action=person.id_number_refused');
    expect(log.items.map((r: { actorId: string }) => r.actorId)).toEqual(Array(5).fill(officer.userId));

    // the sixth within the hour is 429 whatever the number, a free one too: no answer tells taken from free
    const people = await countRows(env, 'people', A.id);
    const free = rid('19810203', '317');
    for (const r of [await create(taken[5] as string), await create(free), await officer.patch(`/api/v1/people/${mine.id}`, { idNumber: free })]) {
      expect(r.statusCode).toBe(429);
      expect(r.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 3600 } });
    }
    expect(await countRows(env, 'people', A.id)).toBe(people);
    expect(await refusals()).toHaveLength(5);
    // a person without an ID number is still registered
    expect((await officer.post('/api/v1/people', { name: '无证件', gridId: cell.id })).statusCode).toBe(201);
    // an hour after the first refusal the officer may enter numbers again
    env.clock.advance(3_600_000);
    await env.deps.db.updateTable('sessions').set({ last_seen_at: env.clock.now() }).execute();
    expect((await create(free)).statusCode).toBe(201);

    // the alliance-wide admin: the plain refusal every time, neither audited nor limited
    for (let i = 0; i < 7; i++) {
      const r = await admin.post('/api/v1/people', { name: '重复', idNumber: taken[0] });
      expect(r.json().error.details[0]).toMatchObject({ path: 'idNumber', code: 'duplicate' });
    }
    expect(await refusals()).toHaveLength(5);
  });

  it('finds people by exact phone / ID number through the blind index, and by filters', async () => {
    const unit = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '查找测试公司' });
    const p1 = await admin.ok('POST', '/api/v1/people', { name: '查找一号', phone: '13911112222', idNumber: ID_X, unitId: unit.id, isPartyMember: true });
    const p2 = await admin.ok('POST', '/api/v1/people', { name: '查找二号', phone: '13911113333' });
    const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id);
    expect(ids(await admin.ok('GET', `/api/v1/people?phone=${encodeURIComponent('+86 139-1111-2222')}`))).toEqual([p1.id]);
    expect(ids(await admin.ok('GET', '/api/v1/people?phone=13911113333'))).toEqual([p2.id]);
    expect((await admin.ok('GET', '/api/v1/people?phone=1391111')).total).toBe(0); // exact only
    expect(ids(await admin.ok('GET', `/api/v1/people?idNumber=${ID_X.toLowerCase()}`))).toEqual([p1.id]);
    expect(ids(await admin.ok('GET', `/api/v1/people?unitId=${unit.id}`))).toEqual([p1.id]);
    expect(ids(await admin.ok('GET', `/api/v1/people?q=${encodeURIComponent('查找')}&isPartyMember=true`))).toEqual([p1.id]);
    expect(ids(await admin.ok('GET', `/api/v1/people?q=${encodeURIComponent('查找')}&isPartyMember=false`))).toEqual([p2.id]);
    const page = await admin.ok('GET', `/api/v1/people?q=${encodeURIComponent('查找')}&pageSize=1&page=2`);
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    // another alliance does not find them
    expect((await adminB.ok('GET', '/api/v1/people?phone=13911112222')).total).toBe(0);
    expect((await admin.get('/api/v1/people?isPartyMember=maybe')).statusCode).toBe(400);
  });

  it('finds a landline by ?phone= with or without its area-code hyphen, spaced or in full-width digits; a mobile spaced', async () => {
    const land = await admin.ok('POST', '/api/v1/people', { name: '座机一号', phone: '0579-86661234' }, 201);
    const plain = await admin.ok('POST', '/api/v1/people', { name: '座机二号', phone: '057986664321' }, 201);
    const mobile = await admin.ok('POST', '/api/v1/people', { name: '手机一号', phone: '13922223333' }, 201);
    const find = async (phone: string) =>
      (await admin.ok('GET', `/api/v1/people?phone=${encodeURIComponent(phone)}`)).items.map((x: { id: string }) => x.id) as string[];
    for (const spelt of ['0579-86661234', '057986661234', '0579 8666 1234', '０５７９－８６６６１２３４', ' (0579) 86661234 '])
      expect(await find(spelt), spelt).toEqual([land.id]);
    for (const spelt of ['057986664321', '0579-86664321', '０５７９ ８６６６ ４３２１']) expect(await find(spelt), spelt).toEqual([plain.id]);
    for (const spelt of ['139 2222 3333', '+86 139-2222-3333', '１３９２２２２３３３３']) expect(await find(spelt), spelt).toEqual([mobile.id]);
    expect(await find('0579-86661235')).toEqual([]);
    // a row indexed by its spelling before the index dropped the hyphen is still found spelt so (until recount --fix)
    await env.deps.db
      .updateTable('people')
      .set({ phone_bidx: env.deps.cipher.blindIndex('0579-86661234') })
      .where('id', '=', land.id)
      .execute();
    expect(await find('0579-86661234')).toEqual([land.id]);
  });

  it('reveals a full value only with person:reveal, and audits the field, never the value', async () => {
    const p = await admin.ok('POST', '/api/v1/people', { name: '揭示', phone: '13722223333', idNumber: rid('19660606', '777') });
    const r = await admin.ok('POST', `/api/v1/people/${p.id}/reveal`, { field: 'phone' });
    expect(r).toEqual({ field: 'phone', value: '13722223333' });
    const r2 = await admin.ok('POST', `/api/v1/people/${p.id}/reveal`, { field: 'idNumber' });
    expect(r2).toEqual({ field: 'idNumber', value: rid('19660606', '777') });
    const reveals = (await auditOf(env, p.id)).filter((x) => x.action === 'person.reveal');
    expect(reveals).toHaveLength(2);
    expect(JSON.parse(reveals[0]?.after_json ?? '{}')).toEqual({ field: 'phone' });
    expect(JSON.parse(reveals[1]?.after_json ?? '{}')).toEqual({ field: 'idNumber' });
    const text = JSON.stringify(reveals);
    expect(text).not.toContain('13722223333');
    expect(text).not.toContain('19660606');
    // the audit API shows the same record
    const listed = await admin.ok('GET', '/api/v1/audit?action=person.reveal&pageSize=100');
    expect(listed.items.some((x: { entityId: string }) => x.entityId === p.id)).toBe(true);

    const staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    const denied = await staff.post(`/api/v1/people/${p.id}/reveal`, { field: 'phone' });
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toContain('13722223333');
    expect((await staff.ok('GET', `/api/v1/people/${p.id}`)).phone).toBe('137****3333');
    expect((await admin.post(`/api/v1/people/${p.id}/reveal`, { field: 'name' })).statusCode).toBe(400);
    const pb = await adminB.ok('POST', '/api/v1/people', { name: '乙方人员', phone: '13600001111' });
    const cross = await admin.post(`/api/v1/people/${pb.id}/reveal`, { field: 'phone' });
    expect(cross.statusCode).toBe(404);
    expect((await auditOf(env, pb.id)).filter((x) => x.action === 'person.reveal')).toHaveLength(0);
  });

  it('updates fields, re-validates the ID document and keeps values masked', async () => {
    const p = await admin.ok('POST', '/api/v1/people', { name: '更新', phone: '13500001111' });
    const u = await admin.ok('PATCH', `/api/v1/people/${p.id}`, { phone: '13500002222', idNumber: rid('19880808', '246'), note: '备注' });
    expect(u).toMatchObject({ name: '更新', phone: '135****2222', gender: 'female', note: '备注', idType: 'resident_id' });
    expect(JSON.stringify(u)).not.toContain('13500002222');
    // the stored number is checked against a changed document type
    const bad = await admin.patch(`/api/v1/people/${p.id}`, { idType: 'hk_macao_permit' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: 'idNumber', code: 'invalid_hk_macao_permit' });
    expect((await admin.ok('GET', `/api/v1/people/${p.id}`)).idType).toBe('resident_id');
    const permit = await admin.ok('PATCH', `/api/v1/people/${p.id}`, { idType: 'hk_macao_permit', idNumber: 'H12345678' });
    expect(permit).toMatchObject({ idType: 'hk_macao_permit', idNumber: 'H******78', gender: 'female' });
    const cleared = await admin.ok('PATCH', `/api/v1/people/${p.id}`, { idNumber: null, phone: null });
    expect(cleared).toMatchObject({ idNumber: null, idType: null, phone: null });
    const raw = await env.deps.db.selectFrom('people').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(raw.id_number_bidx).toBeNull();
    expect(raw.phone_enc).toBeNull();
    expect((await admin.patch(`/api/v1/people/${p.id}`, { name: 'x'.repeat(33) })).statusCode).toBe(400);
    expect((await admin.patch(`/api/v1/people/${p.id}`, { unitId: 'nope' })).json().error.details[0].path).toBe('unitId');
  });

  it('masks phone and ID numbers typed into a note, and an edit form sending the masked note back keeps the stored one', async () => {
    const note = '备用电话13712340001，身份证11010519491231002X';
    const p = await admin.ok('POST', '/api/v1/people', { name: '备注测试', title: '店长 13812345678', note }, 201);
    expect(p.note).toBe('备用电话137****0001，身份证110105********002X');
    expect(p.title).toBe('店长 138****5678');
    const shown = await admin.ok('GET', `/api/v1/people/${p.id}`);
    expect(JSON.stringify(shown)).not.toMatch(/13712340001|11010519491231002X|13812345678/);
    // the console's edit form sends every field back as it showed them: nothing is lost
    await admin.ok('PATCH', `/api/v1/people/${p.id}`, { name: '备注测试（改）', title: shown.title, note: shown.note });
    const stored = await env.deps.db.selectFrom('people').select(['name', 'title', 'note']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: '备注测试（改）', title: '店长 13812345678', note });
    // a real edit is stored as typed
    await admin.ok('PATCH', `/api/v1/people/${p.id}`, { note: '已改为微信联系' });
    expect((await env.deps.db.selectFrom('people').select('note').where('id', '=', p.id).executeTakeFirstOrThrow()).note).toBe('已改为微信联系');
  });

  it('deletes a person with their grid roles; refuses while an account is linked', async () => {
    const g = await admin.ok('POST', '/api/v1/grids', { name: '删除测试社区' });
    const p = await admin.ok('POST', '/api/v1/people', { name: '网格员甲', gridId: g.id });
    await admin.ok('POST', `/api/v1/grids/${g.id}/members`, { personId: p.id, role: 'grid_officer' });
    expect(await admin.ok('DELETE', `/api/v1/people/${p.id}`)).toEqual({ ok: true });
    expect((await admin.ok('GET', `/api/v1/grids/${g.id}`)).members).toEqual([]);
    const del = (await auditOf(env, p.id)).find((x) => x.action === 'person.delete');
    expect(JSON.parse(del?.before_json ?? '{}').gridRoles).toEqual([{ gridId: g.id, role: 'grid_officer' }]);
    expect((await admin.get(`/api/v1/people/${p.id}`)).statusCode).toBe(404);

    const linked = await admin.ok('POST', '/api/v1/people', { name: '有账号' });
    await env.member(A.id, A.roles['志愿者'] as string, { personId: linked.id });
    const r = await admin.del(`/api/v1/people/${linked.id}`);
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details.references).toEqual(['users']);
  });

  it('hides other alliances’ people and out-of-scope people (404, absent from lists)', async () => {
    const pb = await adminB.ok('POST', '/api/v1/people', { name: '乙联盟居民' });
    for (const [m, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      expect((await admin.req(m, `/api/v1/people/${pb.id}`, body)).statusCode, m).toBe(404);
    }
    expect((await admin.ok('GET', '/api/v1/people?pageSize=200')).items.map((x: { id: string }) => x.id)).not.toContain(pb.id);

    // a grid officer reaches the people of their grid subtree only
    const community = await admin.ok('POST', '/api/v1/grids', { name: '荷花芯社区' });
    const cell = await admin.ok('POST', '/api/v1/grids', { name: '第一网格', parentId: community.id });
    const otherCell = await admin.ok('POST', '/api/v1/grids', { name: '第二网格', parentId: community.id });
    const inCell = await admin.ok('POST', '/api/v1/people', { name: '格内居民', gridId: cell.id, phone: '13812340000' });
    const outCell = await admin.ok('POST', '/api/v1/people', { name: '格外居民', gridId: otherCell.id });
    const officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: cell.id });
    const list = await officer.ok('GET', '/api/v1/people?pageSize=200');
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([inCell.id]);
    expect(list.total).toBe(1);
    expect((await officer.ok('GET', '/api/v1/people?phone=13812340000')).total).toBe(1);
    expect((await officer.get(`/api/v1/people/${outCell.id}`)).statusCode).toBe(404);
    expect((await officer.patch(`/api/v1/people/${outCell.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await officer.del(`/api/v1/people/${outCell.id}`)).statusCode).toBe(404);
    // writes must stay within the grid
    expect((await officer.post('/api/v1/people', { name: '新居民', gridId: otherCell.id })).statusCode).toBe(403);
    expect((await officer.post('/api/v1/people', { name: '新居民' })).statusCode).toBe(403);
    expect((await officer.patch(`/api/v1/people/${inCell.id}`, { gridId: otherCell.id })).statusCode).toBe(403);
    const created = await officer.post('/api/v1/people', { name: '新居民', gridId: cell.id });
    expect(created.statusCode).toBe(201);
    expect((await officer.post(`/api/v1/people/${inCell.id}/reveal`, { field: 'phone' })).statusCode).toBe(403); // no person:reveal

    // an 'own' scope sees the person linked to the account
    const self = await admin.ok('POST', '/api/v1/people', { name: '本人' });
    const ownRole = await insertRole(env, A.id, { name: '本人可读', permissions: ['person:read'], dataScope: 'own' });
    const me = await env.member(A.id, ownRole, { personId: self.id });
    expect((await me.ok('GET', '/api/v1/people?pageSize=200')).items.map((x: { id: string }) => x.id)).toEqual([self.id]);
    expect((await me.get(`/api/v1/people/${inCell.id}`)).statusCode).toBe(404);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown, numbers masked)', async () => {
    const ID = rid('19770707', '246');
    const body = { name: '无变化', phone: '13912345670', idNumber: ID, isPartyMember: true, title: '店长 13812345678', note: null };
    const p = await admin.ok('POST', '/api/v1/people', body, 201);
    const same = { name: p.name, phone: '13912345670', idType: p.idType, idNumber: ID, isPartyMember: true, gender: p.gender, title: p.title, note: null };
    const at = { url: `/api/v1/people/${p.id}`, table: 'people' as const, id: p.id };
    await expectNoChangeEdit(env, admin, at, p, same, { note: '已改为微信联系' });
  });

  it('reads a phone typed with other spacing, hyphens or full-width digits as the stored number: no change', async () => {
    const p = await admin.ok('POST', '/api/v1/people', { name: '号码同一' }, 201);
    // stored as typed before input was normalised
    await env.deps.db
      .updateTable('people')
      .set({ phone_enc: env.deps.cipher.encrypt('+86 139-1234-5671'), phone_bidx: env.deps.cipher.blindIndex('13912345671') })
      .where('id', '=', p.id)
      .execute();
    const shown = await admin.ok('GET', `/api/v1/people/${p.id}`);
    const at = { url: `/api/v1/people/${p.id}`, table: 'people' as const, id: p.id };
    await expectNoChangeEdit(env, admin, at, shown, { name: p.name, phone: '１３９ １２３４ ５６７１' }, { note: '号码未变' });
    // another number is a change
    await admin.ok('PATCH', at.url, { phone: '139-1234-5672' });
    expect(
      env.deps.cipher.decrypt((await env.deps.db.selectFrom('people').select('phone_enc').where('id', '=', p.id).executeTakeFirstOrThrow()).phone_enc),
    ).toBe('13912345672');
  });

  it('saves a record holding a number today’s rules refuse as shown (200, nothing written); changing it is checked', async () => {
    const org = await admin.ok('POST', '/api/v1/orgs', { name: '旧档党支部', kind: 'branch' }, 201);
    const ID = rid('19600606', '135');
    const p = await admin.ok('POST', '/api/v1/people', { name: '旧档案', idNumber: ID, orgId: org.id }, 201);
    // entered before the check digit was verified: the last character is wrong
    const OLD = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
    await env.deps.db
      .updateTable('people')
      .set({ id_number_enc: env.deps.cipher.encrypt(OLD), id_number_bidx: env.deps.cipher.blindIndex(OLD), id_type: null })
      .where('id', '=', p.id)
      .execute();
    const shown = await admin.ok('GET', `/api/v1/people/${p.id}`);
    // the console form sends every field it shows (its type select reads 居民身份证), the masked numbers left out
    const form = {
      name: shown.name,
      gender: shown.gender,
      idType: 'resident_id',
      isPartyMember: false,
      orgId: org.id,
      unitId: null,
      gridId: null,
      title: null,
      note: null,
    };
    const at = { url: `/api/v1/people/${p.id}`, table: 'people' as const, id: p.id };
    await expectNoChangeEdit(env, admin, at, shown, form, { title: '老党员' });
    expect((await admin.ok('PATCH', at.url, { idNumber: OLD })).idNumber).toBe(shown.idNumber);
    // an API client sends the full stored number back with its type (lower-case too): no change, not a 400
    const now = await admin.ok('GET', at.url);
    const unchanged = await countRows(env, 'audit_log');
    for (const idType of ['resident_id', null])
      for (const idNumber of [OLD, OLD.toLowerCase()]) expect(await admin.ok('PATCH', at.url, { idType, idNumber, title: now.title })).toEqual(now);
    expect(await countRows(env, 'audit_log')).toBe(unchanged);
    // a new bad number, or a type the stored number does not fit, is refused naming the field
    const audits = await countRows(env, 'audit_log');
    const changedBad = `${ID.slice(0, 16)}${ID[16] === '9' ? '8' : '9'}${OLD[17]}`;
    for (const bad of [
      { idNumber: rid('19600606', '157').slice(0, 17) + 'Y' },
      { ...form, idType: 'hk_macao_permit' },
      { ...form, idType: 'hk_macao_permit', idNumber: OLD },
      { ...form, idType: 'resident_id', idNumber: changedBad },
    ]) {
      const r = await admin.patch(at.url, bad);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details[0].path).toBe('idNumber');
    }
    expect(await countRows(env, 'audit_log')).toBe(audits);
  });
});
