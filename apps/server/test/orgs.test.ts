import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoChangeEdit, setupEnv, TEST_DB, type TestEnv } from './harness.ts';

let env: TestEnv;
let allianceId: string;

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.city.ok('POST', '/api/v1/alliances', { code: 'ORG', name: '荷花芯商圈党建联盟', gridLevelNames: ['社区', '网格', '企业', '商铺'] });
  allianceId = a.id;
  await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
});
afterAll(() => env.close());

describe(`health and auth (${TEST_DB})`, () => {
  it('reports the database kind', async () => {
    const r = await env.anon.get('/api/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', db: TEST_DB });
  });
  it('answers 401 without a session and an error body with a request id', async () => {
    const r = await env.anon.get('/api/v1/orgs');
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(r.json().requestId).toBeTruthy();
  });
  it('rejects a wrong password with INVALID_CREDENTIALS and malformed JSON with 400', async () => {
    const r = await env.anon.post('/api/v1/auth/login', { username: 'nobody', password: 'x' });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('INVALID_CREDENTIALS');
    const bad = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
  });
  it('sets an httpOnly SameSite session cookie', async () => {
    const me = await env.city.ok('GET', '/api/v1/me');
    expect(me.currentAlliance.id).toBe(allianceId);
    expect(me.user.isCityAdmin).toBe(true);
  });
});

describe(`orgs (${TEST_DB})`, () => {
  it('builds a tree, enforces kind order and refuses deleting a parent', async () => {
    const street = await env.city.ok('POST', '/api/v1/orgs', { kind: 'street_committee', name: '稠城街道党工委' });
    const community = await env.city.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '通惠社区大党委', parentId: street.id });
    const wrong = await env.city.post('/api/v1/orgs', { kind: 'town_committee', name: '错误', parentId: community.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('kind');
    const del = await env.city.del(`/api/v1/orgs/${street.id}`);
    expect(del.statusCode).toBe(409);
    const tree = await env.city.ok('GET', '/api/v1/orgs/tree');
    expect(tree.items.map((o: { name: string }) => o.name)).toEqual(['稠城街道党工委', '通惠社区大党委']);
    const moved = await env.city.patch(`/api/v1/orgs/${street.id}`, { parentId: community.id });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details[0].code).toBe('cycle');
  });
  it('writes nothing for an edit that changes nothing (the form saved as shown, numbers masked)', async () => {
    const parent = await env.city.ok('POST', '/api/v1/orgs', { kind: 'street_committee', name: '江东街道党工委' });
    const body = {
      kind: 'community_committee',
      name: '无变化社区党委',
      parentId: parent.id,
      secretary: '王书记',
      description: '联系 13812345678',
      sortOrder: 3,
    };
    const o = await env.city.ok('POST', '/api/v1/orgs', body);
    const same = { ...body, description: o.description };
    const at = { url: `/api/v1/orgs/${o.id}`, table: 'orgs' as const, id: o.id };
    await expectNoChangeEdit(env, env.city, at, o, same, { description: '新的简介' });
  });
  it('rejects bad input naming the field and writes nothing', async () => {
    const before = (await env.city.ok('GET', '/api/v1/orgs')).total;
    for (const body of [{ kind: 'branch' }, { kind: 'nope', name: 'x' }, { kind: 'branch', name: 'x'.repeat(65) }, { kind: 'branch', name: 42 }]) {
      const r = await env.city.post('/api/v1/orgs', body);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.details[0].path).toMatch(/name|kind/);
    }
    expect((await env.city.ok('GET', '/api/v1/orgs')).total).toBe(before);
    // two 第一党支部 under one 党委 cannot be told apart; under two they can
    const p1 = await env.city.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '宾王社区党委' });
    const p2 = await env.city.ok('POST', '/api/v1/orgs', { kind: 'community_committee', name: '江东社区党委' });
    await env.city.ok('POST', '/api/v1/orgs', { kind: 'branch', name: '第一党支部', parentId: p1.id });
    const again = await env.city.post('/api/v1/orgs', { kind: 'branch', name: '第一党支部', parentId: p1.id });
    expect([again.statusCode, again.json().error.details[0]]).toEqual([400, expect.objectContaining({ path: 'name', code: 'duplicate' })]);
    const elsewhere = await env.city.ok('POST', '/api/v1/orgs', { kind: 'branch', name: '第一党支部', parentId: p2.id });
    expect((await env.city.patch(`/api/v1/orgs/${elsewhere.id}`, { parentId: p1.id })).statusCode).toBe(400);
  });
  it('records every change in the audit chain, which verifies', async () => {
    const log = await env.city.ok('GET', '/api/v1/audit?entity=org');
    expect(log.total).toBeGreaterThanOrEqual(2);
    expect(log.items[0].actorName).toBe('市级管理员');
    const v = await env.city.ok('GET', '/api/v1/audit/verify');
    expect(v.ok).toBe(true);
  });
});

describe(`alliances (${TEST_DB})`, () => {
  it('writes nothing for an edit that changes nothing (the form saved as shown)', async () => {
    const shown = await env.city.ok('GET', `/api/v1/alliances/${allianceId}`);
    const same = { name: shown.name, region: shown.region, description: shown.description, gridLevelNames: shown.gridLevelNames, status: shown.status };
    const at = { url: `/api/v1/alliances/${allianceId}`, table: 'alliances' as const, id: allianceId };
    await expectNoChangeEdit(env, env.city, at, shown, same, { description: '荷花芯商圈' });
  });
});
