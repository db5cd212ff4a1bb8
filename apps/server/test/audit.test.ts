import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainOf, verifyChain } from '../src/modules/audit/index.ts';
import { setupEnv, TEST_DB, type TestEnv } from './harness.ts';

let env: TestEnv;
let chain: string;

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.city.ok('POST', '/api/v1/alliances', { code: 'AUD', name: '审计联盟' });
  await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: a.id });
  for (let i = 0; i < 6; i++) await env.city.ok('POST', '/api/v1/orgs', { kind: 'branch', name: `第${i + 1}党支部` });
  chain = chainOf(a.id);
});
afterAll(() => env.close());

const verify = () => verifyChain(env.deps.db, env.deps.keys.audit, chain);
const rows = () => env.deps.db.selectFrom('audit_log').selectAll().where('chain', '=', chain).orderBy('seq').execute();

describe(`audit chain (${TEST_DB})`, () => {
  it('stores free text masked but keeps business identifiers: an all-digit credit code is not an ID number', async () => {
    const creditCode = '913307821000010356'; // valid, and 18 digits like a resident ID
    const m = await env.city.ok(
      'POST',
      '/api/v1/merchants',
      { creditCode, name: '审计测试商户', businessType: 'catering', address: '联系人13812345678，身份证330782199001011234' },
      201,
    );
    const rec = await env.deps.db.selectFrom('audit_log').select('after_json').where('entity_id', '=', m.id).executeTakeFirstOrThrow();
    expect(rec.after_json).toContain(creditCode);
    expect(rec.after_json).not.toMatch(/13812345678|330782199001011234/);
  });

  it('verifies an untouched chain through the API', async () => {
    const v = await env.city.ok('GET', '/api/v1/audit/verify');
    expect(v.ok).toBe(true);
    const mine = v.chains.find((c: { chain: string }) => c.chain === chain);
    expect(mine.records).toBeGreaterThanOrEqual(7);
    // a reversed time window is a mistake, not an empty log
    const reversed = await env.city.get('/api/v1/audit?from=10&to=5');
    expect([reversed.statusCode, reversed.json().error.details[0].path]).toEqual([400, 'to']);
  });

  it('detects an altered record and names it', async () => {
    const all = await rows();
    const victim = all[3]!;
    await env.deps.db.updateTable('audit_log').set({ actor_name: '篡改者' }).where('id', '=', victim.id).execute();
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBad).toMatchObject({ seq: Number(victim.seq), id: victim.id });
    expect(v.firstBad?.reason).toMatch(/altered/);
    const api = await env.city.ok('GET', '/api/v1/audit/verify');
    expect(api.ok).toBe(false);
    await env.deps.db.updateTable('audit_log').set({ actor_name: victim.actor_name }).where('id', '=', victim.id).execute();
    expect((await verify()).ok).toBe(true);
  });

  it('detects a removed record', async () => {
    const all = await rows();
    const victim = all[2]!;
    await env.deps.db.deleteFrom('audit_log').where('id', '=', victim.id).execute();
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBad?.seq).toBe(Number(victim.seq));
    expect(v.firstBad?.reason).toMatch(/missing/);
    await env.deps.db.insertInto('audit_log').values(victim).execute();
    expect((await verify()).ok).toBe(true);
  });

  it('detects a truncated tail', async () => {
    const all = await rows();
    const tail = all.slice(-2);
    await env.deps.db
      .deleteFrom('audit_log')
      .where(
        'id',
        'in',
        tail.map((r) => r.id),
      )
      .execute();
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBad?.seq).toBe(Number(tail[0]!.seq));
    expect(v.firstBad?.reason).toMatch(/truncated/);
    await env.deps.db.insertInto('audit_log').values(tail).execute();
    expect((await verify()).ok).toBe(true);
  });

  it('shows a reader whose data scope is narrower than the alliance only the records they made themselves', async () => {
    const A = await env.alliance('AUN');
    const admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    const grid = await admin.ok('POST', '/api/v1/grids', { name: '审计网格' });
    const org = await admin.ok('POST', '/api/v1/orgs', { kind: 'branch', name: '审计党支部' });
    const role = await admin.ok('POST', '/api/v1/roles', {
      name: '网格审计员',
      permissions: ['alliance:read', 'grid:read', 'grid:write', 'audit:read'],
      dataScope: 'grid',
    });
    const officer = await env.member(A.id, role.id, { scopeGridId: grid.id });
    const child = await officer.ok('POST', '/api/v1/grids', { name: '审计子网格', parentId: grid.id }, 201);
    type Rec = { actorId: string | null; entityId: string | null; action: string };
    const list = async (c: typeof admin, query = '') => (await c.ok('GET', `/api/v1/audit?pageSize=100${query}`)) as { items: Rec[]; total: number };

    // their own acts: switching into the alliance, and the grid they added
    const seen = await list(officer);
    expect(seen.items.map((r) => r.action)).toEqual(['grid.create', 'auth.switch_alliance']);
    expect(seen.items.every((r) => r.actorId === officer.userId)).toBe(true);
    expect(seen.total).toBe(2);
    // nor does a filter or a search reach another's records
    expect((await list(officer, `&actorId=${admin.userId}`)).total).toBe(0);
    expect((await list(officer, `&q=${org.id}`)).total).toBe(0);
    expect((await list(officer, '&entity=org')).total).toBe(0);
    // nor the chain's verdict, which names the first bad record of the whole alliance
    const verdict = await officer.get('/api/v1/audit/verify');
    expect(verdict.statusCode).toBe(403);
    expect(verdict.json().error.details).toMatchObject({ reason: 'alliance_scope_required' });
    // the alliance-wide reader (the administrator; the built-in leader alike) reads every record, the officer's included
    const all = await list(admin);
    expect(all.items.map((r) => r.entityId)).toEqual(expect.arrayContaining([grid.id, org.id, role.id, child.id]));
    expect(all.items.find((r) => r.entityId === child.id)?.actorId).toBe(officer.userId);
    const leader = await env.member(A.id, A.roles['领导（只读）'] as string);
    expect((await list(leader)).items.map((r) => r.entityId)).toEqual(expect.arrayContaining([org.id, child.id]));
  });

  it('keeps writing a valid chain after restoring', async () => {
    await env.city.ok('POST', '/api/v1/orgs', { kind: 'branch', name: '第七党支部' });
    expect((await verify()).ok).toBe(true);
  });
});
