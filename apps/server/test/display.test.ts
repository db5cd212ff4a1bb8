import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/lib/crypto.ts';
import { insertFixture, insertTicket, type Fixture } from './cluster.ts';
import { Client, insertRole, setupEnv, type TestEnv } from './harness.ts';

const DAY = 86_400_000;

// Display links (大屏投屏链接): a wall screen shows the alliance's big screen through a token, without a staff session
// that would sign out after 30 idle minutes; the token reads that screen and nothing else.
describe('display links', () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let adminA: Client;
  let adminB: Client;
  let fxA: Fixture;
  let caseNumbersA: string[];
  const screen = (token: string) => new Client(env.app, null, { authorization: `Display ${token}` });

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('DSPA', '荷花芯商圈党建联盟');
    B = await env.alliance('DSPB', '港市红商圈党建联盟');
    adminA = await env.member(A.id, A.roles['联盟管理员']!);
    adminB = await env.member(B.id, B.roles['联盟管理员']!);
    fxA = await insertFixture(env, A.id);
    const fxB = await insertFixture(env, B.id);
    const now = env.clock.now();
    caseNumbersA = [];
    for (let i = 0; i < 3; i++) {
      const id = await insertTicket(env, fxA, { created_at: now - (i + 1) * 3_600_000, title: `店门口占道13812345678-${i}`, description: '占道' });
      const t = await env.deps.db.selectFrom('tickets').select('number').where('id', '=', id).executeTakeFirstOrThrow();
      caseNumbersA.push(t.number);
    }
    await insertTicket(env, fxB, { created_at: now - 3_600_000 });
  });
  afterAll(() => env?.close());

  it('is created with its token shown once, shows the alliance’s screen without a session, and stops at once when revoked', async () => {
    const r = await adminA.post('/api/v1/display-links', { name: '指挥中心大屏' });
    expect(r.statusCode).toBe(201);
    const link = r.json();
    expect(link.token).toMatch(/^txd_[A-Za-z0-9_-]{40}$/);
    expect(link).toMatchObject({ name: '指挥中心大屏', prefix: link.token.slice(0, 12), lastUsedAt: null, revokedAt: null });
    expect(link.sections).toEqual(['cases', 'credit', 'projects', 'meetings']);
    expect(link.expiresAt).toBe(env.clock.now() + 90 * DAY);
    expect(link.createdByName).toBeTruthy();
    const list = await adminA.ok('GET', '/api/v1/display-links');
    expect(list.items.map((x: any) => x.id)).toEqual([link.id]);
    expect(JSON.stringify(list)).not.toContain(link.token);
    const row = await env.deps.db.selectFrom('display_links').selectAll().where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);

    // the screen: no cookie, only the link; the same figures as the admin's own big screen, titles masked
    const seen = await screen(link.token).ok('GET', '/api/v1/display/overview');
    const own = await adminA.ok('GET', '/api/v1/stats/overview');
    expect(seen.scope).toBe('alliance');
    expect(seen.tickets).toEqual(own.tickets);
    expect(seen.tickets.open).toBe(3);
    expect(seen.recent.map((c: any) => c.number).sort()).toEqual([...caseNumbersA].sort());
    expect(JSON.stringify(seen)).not.toContain('13812345678');
    expect(seen.recent[0].title).toContain('138****5678');
    expect(seen.credit).not.toBeNull();
    expect(seen.projects).not.toBeNull();
    expect(seen.meetings).not.toBeNull();
    // the scheme's name in any case, as HTTP allows
    expect((await new Client(env.app, null, { authorization: `display ${link.token}` }).get('/api/v1/display/info')).statusCode).toBe(200);
    expect(await screen(link.token).ok('GET', '/api/v1/display/info')).toEqual({
      allianceName: '荷花芯商圈党建联盟',
      name: '指挥中心大屏',
      expiresAt: link.expiresAt,
    });
    const used = (await adminA.ok('GET', '/api/v1/display-links')).items[0];
    expect(used.lastUsedAt).toBe(env.clock.now());

    expect((await adminA.ok('DELETE', `/api/v1/display-links/${link.id}`)).ok).toBe(true);
    for (const path of ['/api/v1/display/overview', '/api/v1/display/info']) {
      const gone = await screen(link.token).get(path);
      expect(gone.statusCode).toBe(401);
      expect(gone.json().error.code).toBe('UNAUTHENTICATED');
    }
    expect((await adminA.ok('GET', '/api/v1/display-links')).items[0].revokedAt).toBe(env.clock.now());
    // revoking again changes nothing
    expect((await adminA.del(`/api/v1/display-links/${link.id}`)).statusCode).toBe(200);
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', link.id).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['display_link.create', 'display_link.revoke']);
    expect(JSON.stringify(audit)).not.toContain(link.token);
    expect(JSON.stringify(audit)).not.toContain(row.token_hash);
  });

  it('answers 401 to no token, a malformed one and an unknown one', async () => {
    expect((await env.anon.get('/api/v1/display/overview')).statusCode).toBe(401);
    expect((await screen('nonsense').get('/api/v1/display/overview')).statusCode).toBe(401);
    expect((await screen(`txd_${'A'.repeat(40)}`).get('/api/v1/display/overview')).statusCode).toBe(401);
    // a session is no display link
    expect((await adminA.get('/api/v1/display/overview')).statusCode).toBe(401);
  });

  it('grants nothing else: every other route refuses the token, however it is sent', async () => {
    const { token } = await adminA.ok('POST', '/api/v1/display-links', { name: '会议室' });
    const ways: Record<string, string>[] = [{ authorization: `Display ${token}` }, { authorization: `Bearer ${token}` }, { 'x-api-key': token }];
    for (const headers of ways) {
      for (const path of ['/api/v1/tickets', '/api/v1/stats/overview', '/api/v1/display-links', '/api/v1/me']) {
        expect((await new Client(env.app, null, headers).get(path)).statusCode, `${path} ${Object.keys(headers)[0]}`).toBe(401);
      }
    }
  });

  it('shows its own alliance only: another alliance’s link never counts this one’s cases', async () => {
    const { token } = await adminB.ok('POST', '/api/v1/display-links', { name: '港市红大屏', days: 30 });
    const seen = await screen(token).ok('GET', '/api/v1/display/overview');
    expect(seen.tickets.open).toBe(1);
    expect(seen.recent).toHaveLength(1);
    expect(seen.recent.map((c: any) => c.number)).not.toEqual(expect.arrayContaining([caseNumbersA[0]]));
    expect((await screen(token).ok('GET', '/api/v1/display/info')).allianceName).toBe('港市红商圈党建联盟');
    // nor does its admin list or revoke this alliance's links
    const mine = await adminA.ok('POST', '/api/v1/display-links', { name: '只属于荷花芯' });
    expect((await adminB.ok('GET', '/api/v1/display-links')).items.map((x: any) => x.id)).not.toContain(mine.id);
    expect((await adminB.del(`/api/v1/display-links/${mine.id}`)).statusCode).toBe(404);
    expect((await screen(mine.token).get('/api/v1/display/overview')).statusCode).toBe(200);
  });

  it('carries only the sections its creator could read when creating it', async () => {
    const roleId = await insertRole(env, A.id, { name: '设置管理员', permissions: ['alliance:read', 'alliance:write', 'stats:read'], dataScope: 'alliance' });
    const settingsAdmin = await env.member(A.id, roleId);
    const link = await settingsAdmin.ok('POST', '/api/v1/display-links', { name: '只看工单数' });
    expect(link.sections).toEqual([]);
    const seen = await screen(link.token).ok('GET', '/api/v1/display/overview');
    expect(seen.tickets.open).toBe(3);
    expect(seen.recent).toEqual([]);
    expect(seen.credit).toBeNull();
    expect(seen.projects).toBeNull();
    expect(seen.meetings).toBeNull();
  });

  it('follows its creator: a read the creator loses drops its section; a creator who loses the rights, is disabled or leaves ends it', async () => {
    const roleId = await insertRole(env, A.id, {
      name: '信用大屏管理员',
      permissions: ['alliance:read', 'alliance:write', 'stats:read', 'merchant:read'],
      dataScope: 'alliance',
    });
    const creator = await env.member(A.id, roleId);
    const link = await creator.ok('POST', '/api/v1/display-links', { name: '信用大屏' });
    expect(link).toMatchObject({ sections: ['credit'], creatorHolds: true });
    const overview = () => screen(link.token).get('/api/v1/display/overview');
    const listed = async () => (await adminA.ok('GET', '/api/v1/display-links')).items.find((x: any) => x.id === link.id);
    expect((await overview()).json().credit).not.toBeNull();

    // the role loses merchant:read: the screen stops showing the credit section, and the link still works
    await adminA.ok('PATCH', `/api/v1/roles/${roleId}`, { permissions: ['alliance:read', 'alliance:write', 'stats:read'] });
    const without = await overview();
    expect(without.statusCode).toBe(200);
    expect(without.json().credit).toBeNull();
    expect(without.json().tickets.open).toBe(3);
    // the section stays stored: given back the read, the screen shows it again
    await adminA.ok('PATCH', `/api/v1/roles/${roleId}`, { permissions: ['alliance:read', 'alliance:write', 'stats:read', 'merchant:read'] });
    expect((await overview()).json().credit).not.toBeNull();

    // moved to a role that may not hand the screen out: the link opens nothing, and the list says why
    await adminA.ok('PATCH', `/api/v1/users/${creator.userId}`, { roleId: A.roles['党委工作人员'] });
    expect((await overview()).statusCode).toBe(401);
    expect((await screen(link.token).get('/api/v1/display/info')).statusCode).toBe(401);
    expect(await listed()).toMatchObject({ creatorHolds: false, revokedAt: null });
    await adminA.ok('PATCH', `/api/v1/users/${creator.userId}`, { roleId });
    expect((await overview()).statusCode).toBe(200);
    expect(await listed()).toMatchObject({ creatorHolds: true });

    // a disabled account
    await adminA.ok('PATCH', `/api/v1/users/${creator.userId}`, { status: 'disabled' });
    expect((await overview()).statusCode).toBe(401);
    await adminA.ok('PATCH', `/api/v1/users/${creator.userId}`, { status: 'active' });
    expect((await overview()).statusCode).toBe(200);

    // removed from the alliance
    expect((await adminA.del(`/api/v1/users/${creator.userId}`)).statusCode).toBe(200);
    expect((await overview()).statusCode).toBe(401);
    expect(await listed()).toMatchObject({ creatorHolds: false });
    // the one thing left to do with it is to revoke it, which is audited with what it was
    expect((await adminA.ok('DELETE', `/api/v1/display-links/${link.id}`)).ok).toBe(true);
    const audit = await env.deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'display_link.revoke')
      .where('entity_id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(audit.after_json))).toMatchObject({ creatorHolds: false });
  });

  it('is not created by an API key: a link follows a person’s rights (403), though a key may list them', async () => {
    const managerRole = await insertRole(env, A.id, {
      name: '对接设置员',
      permissions: ['alliance:read', 'alliance:write', 'stats:read'],
      dataScope: 'alliance',
    });
    const key = (await adminA.ok('POST', '/api/v1/api-keys', { name: '大屏对接', roleId: managerRole })).secret as string;
    const withKey = new Client(env.app, null, { 'x-api-key': key });
    const r = await withKey.post('/api/v1/display-links', { name: '接口建的' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.details).toMatchObject({ reason: 'person_required' });
    expect((await withKey.get('/api/v1/display-links')).statusCode).toBe(200);
  });

  it('is created only by an alliance-wide administrator holding stats:read (403 otherwise)', async () => {
    const staff = await env.member(A.id, A.roles['党委工作人员']!);
    const leader = await env.member(A.id, A.roles['领导（只读）']!);
    const noStats = await env.member(
      A.id,
      await insertRole(env, A.id, { name: '无统计的设置员', permissions: ['alliance:read', 'alliance:write'], dataScope: 'alliance' }),
    );
    const gridAdmin = await env.member(
      A.id,
      await insertRole(env, A.id, { name: '网格设置员', permissions: ['alliance:read', 'alliance:write', 'stats:read'], dataScope: 'grid' }),
      { scopeGridId: fxA.gridIds[0] as string },
    );
    for (const c of [staff, leader, noStats, gridAdmin]) {
      expect((await c.post('/api/v1/display-links', { name: '不许' })).statusCode).toBe(403);
    }
    for (const c of [staff, leader, gridAdmin]) expect((await c.get('/api/v1/display-links')).statusCode).toBe(403);
    expect((await env.anon.post('/api/v1/display-links', { name: '不许' })).statusCode).toBe(401);
    expect(await env.deps.db.selectFrom('display_links').select('id').where('name', '=', '不许').execute()).toEqual([]);
  });

  it('refuses a missing name and an expiry beyond a year (400 naming the field)', async () => {
    for (const [body, path] of [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{}, 'name'],
      [{ name: 'x'.repeat(65) }, 'name'],
      // a name is shown on the links page and in the audit log: no phone number in it (contains_number)
      [{ name: '值班室大屏 13857901234' }, 'name'],
      [{ name: '一年多', days: 366 }, 'days'],
      [{ name: '零天', days: 0 }, 'days'],
      [{ name: '半天', days: 0.5 }, 'days'],
    ] as const) {
      const r = await adminA.post('/api/v1/display-links', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((d: any) => d.path)).toContain(path);
    }
    expect((await adminA.post('/api/v1/display-links', { name: '整一年', days: 365 })).statusCode).toBe(201);
  });

  it('stops while its alliance is disabled (停用) and works again once it is enabled', async () => {
    const C = await env.alliance('DSPC');
    const adminC = await env.member(C.id, C.roles['联盟管理员']!);
    const { token } = await adminC.ok('POST', '/api/v1/display-links', { name: '停用测试' });
    await env.city.ok('PATCH', `/api/v1/alliances/${C.id}`, { status: 'disabled' });
    expect((await screen(token).get('/api/v1/display/overview')).statusCode).toBe(401);
    await env.city.ok('PATCH', `/api/v1/alliances/${C.id}`, { status: 'active' });
    expect((await screen(token).get('/api/v1/display/overview')).statusCode).toBe(200);
  });

  // last: it moves the clock a day on, past every session of this file
  it('stops when it expires (401), and the list shows when', async () => {
    const link = await adminA.ok('POST', '/api/v1/display-links', { name: '一天', days: 1 });
    env.clock.advance(DAY - 1);
    expect((await screen(link.token).get('/api/v1/display/overview')).statusCode).toBe(200);
    env.clock.advance(1);
    expect((await screen(link.token).get('/api/v1/display/overview')).statusCode).toBe(401);
    expect((await screen(link.token).get('/api/v1/display/info')).statusCode).toBe(401);
  });

  // after every other test: it spends this address's minute of /display/info
  it('is rate-limited: past 60 reads a minute from one address the screen gets 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++) codes.push((await screen(`txd_${'B'.repeat(40)}`).get('/api/v1/display/info')).statusCode);
    expect(codes[0]).toBe(401);
    expect(codes.at(-1)).toBe(429);
  });
});
