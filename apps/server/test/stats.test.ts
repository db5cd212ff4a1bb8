import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertFixture, insertTicket, type Fixture } from './cluster.ts';
import { countRows, setupEnv, type Client, type TestEnv } from './harness.ts';

const H = 3_600_000;
const D = 24 * H;

describe('三率 and ranking', () => {
  let env: TestEnv;
  let fx: Fixture;
  let staff: Client;
  let unitUser: Client & { userId: string };
  let from: number;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('STA');
    fx = await insertFixture(env, A.id, { units: ['城管中队', '市场监管所'], grids: ['一网格', '二网格'] });
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    unitUser = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: fx.unitIds[1] as string });
    // unit handlers do not read stats by default: give this one a role with stats:read and unit scope
    const { insertRole } = await import('./harness.ts');
    const roleId = await insertRole(env, A.id, { name: '单位统计员', permissions: ['stats:read'], dataScope: 'unit' });
    await env.deps.db.updateTable('memberships').set({ role_id: roleId }).where('user_id', '=', unitUser.userId).execute();

    const now = env.clock.now();
    from = now - 40 * D;
    const [u1, u2] = fx.unitIds as [string, string];
    const [g1, g2] = fx.gridIds as [string, string];
    const base = (created: number) => ({ created_at: created, dispatched_at: created + H, accept_due_at: created + 3 * H });
    // Unit 1 (城管中队), created in October 2026 (Shanghai):
    // T1 accepted on time, resolved on time, rated 5 solved
    await insertTicket(env, fx, {
      ...base(now - 35 * D),
      lead_unit_id: u1,
      grid_id: g1,
      status: 'closed',
      accepted_at: now - 35 * D + 2 * H,
      due_at: now - 30 * D,
      resolved_at: now - 31 * D,
      rating_stars: 5,
      rating_solved: 1,
    });
    // T2 accepted on time, resolved late, rated 4 solved (回访)
    await insertTicket(env, fx, {
      ...base(now - 34 * D),
      lead_unit_id: u1,
      grid_id: g1,
      status: 'closed',
      accepted_at: now - 34 * D + 2 * H,
      due_at: now - 30 * D,
      resolved_at: now - 29 * D,
      rating_stars: 4,
      rating_solved: 1,
      rating_by_callback: 1,
    });
    // T3 accepted late, resolved on time, rated 2 unsolved
    await insertTicket(env, fx, {
      ...base(now - 33 * D),
      lead_unit_id: u1,
      grid_id: g2,
      status: 'accepted',
      accepted_at: now - 33 * D + 5 * H,
      due_at: now - 20 * D,
      resolved_at: now - 30 * D,
      rating_stars: 2,
      rating_solved: 0,
    });
    // Unit 2 (市场监管所), November 2026:
    // T4 accepted on time, resolved on time, rated 3 solved
    await insertTicket(env, fx, {
      ...base(now - 10 * D),
      lead_unit_id: u2,
      grid_id: g2,
      status: 'closed',
      accepted_at: now - 10 * D + H,
      due_at: now - 2 * D,
      resolved_at: now - 5 * D,
      rating_stars: 3,
      rating_solved: 1,
    });
    // T5 closed as 未评价: resolved on time, excluded from rated
    await insertTicket(env, fx, {
      ...base(now - 9 * D),
      lead_unit_id: u2,
      grid_id: g2,
      status: 'closed',
      accepted_at: now - 9 * D + 4 * H,
      due_at: now - 2 * D,
      resolved_at: now - 3 * D,
      closed_unrated: 1,
    });
    // T6 never dispatched
    await insertTicket(env, fx, { created_at: now - 2 * D, grid_id: g1 });
    // assisting: unit 2 assists T1
    const t1 = await env.deps.db.selectFrom('tickets').select('id').where('alliance_id', '=', fx.allianceId).orderBy('created_at').executeTakeFirstOrThrow();
    await env.deps.db.insertInto('ticket_units').values({ alliance_id: fx.allianceId, ticket_id: t1.id, unit_id: u2 }).execute();
    // outside the window
    await insertTicket(env, fx, {
      ...base(now - 60 * D),
      lead_unit_id: u1,
      grid_id: g1,
      status: 'closed',
      accepted_at: now - 60 * D + 2 * H,
      due_at: now - 50 * D,
      resolved_at: now - 51 * D,
      rating_stars: 1,
      rating_solved: 0,
    });
  });
  afterAll(async () => env?.close());

  const q = (groupBy: string) => `/api/v1/stats/rates?groupBy=${groupBy}&from=${from}&to=${env.clock.now() + 1}`;

  it('counts the facts and computes the three rates exactly (hand-computed)', async () => {
    const r = await staff.ok('GET', q('lead_unit'));
    // 6 tickets: 5 dispatched, 3 accepted on time (T1 T2 T4), 4 rated (T1–T4; T5 未评价 excluded), 3 solved, 2 ≥ 4 stars
    expect(r.total).toEqual({
      key: 'total',
      name: '合计',
      dispatched: 5,
      acceptedOnTime: 3,
      rated: 4,
      ratedSolved: 3,
      ratedSatisfied: 2,
      resolved: 5,
      resolvedOnTime: 4,
      responseRate: 3 / 5,
      resolutionRate: 3 / 4,
      satisfactionRate: 2 / 4,
      onTimeRate: 4 / 5,
    });
    const byName = Object.fromEntries(r.rows.map((x: { name: string }) => [x.name, x]));
    expect(r.rows).toHaveLength(2);
    expect(byName['城管中队']).toMatchObject({
      key: fx.unitIds[0],
      dispatched: 3,
      acceptedOnTime: 2,
      rated: 3,
      ratedSolved: 2,
      ratedSatisfied: 2,
      resolved: 3,
      resolvedOnTime: 2,
    });
    expect(byName['城管中队'].responseRate).toBeCloseTo(2 / 3);
    expect(byName['城管中队'].satisfactionRate).toBeCloseTo(2 / 3);
    expect(byName['市场监管所']).toMatchObject({
      dispatched: 2,
      acceptedOnTime: 1,
      rated: 1,
      ratedSolved: 1,
      ratedSatisfied: 0,
      resolved: 2,
      resolvedOnTime: 2,
      responseRate: 0.5,
      resolutionRate: 1,
      satisfactionRate: 0,
      onTimeRate: 1,
    });
  });

  it('groups by assisting unit, grid, category and Shanghai month', async () => {
    const assist = await staff.ok('GET', q('assist_unit'));
    expect(assist.rows).toEqual([expect.objectContaining({ name: '市场监管所', dispatched: 1, rated: 1, ratedSatisfied: 1 })]);
    const grid = await staff.ok('GET', q('grid'));
    const g = Object.fromEntries(grid.rows.map((x: { name: string }) => [x.name, x]));
    expect(g['一网格']).toMatchObject({ dispatched: 2, rated: 2, ratedSatisfied: 2 });
    expect(g['二网格']).toMatchObject({ dispatched: 3, rated: 2, ratedSolved: 1 });
    const cat = await staff.ok('GET', q('category'));
    expect(cat.rows).toEqual([expect.objectContaining({ key: fx.categoryId, name: '占道经营', dispatched: 5 })]);
    const month = await staff.ok('GET', q('month'));
    // the clock is 2026-11-20 10:00 Shanghai: 35–33 days before is October, 10, 9 and 2 days before November
    expect(month.rows.map((x: { key: string; name: string; dispatched: number; rated: number }) => [x.key, x.name, x.dispatched, x.rated])).toEqual([
      ['2026-10', '2026-10', 3, 3],
      ['2026-11', '2026-11', 2, 1],
    ]);
  });

  it('ranks lead units by on-time rate, then volume', async () => {
    const r = await staff.ok('GET', `/api/v1/stats/ranking?from=${from}`);
    expect(r.items.map((x: { name: string; onTimeRate: number }) => [x.name, x.onTimeRate])).toEqual([
      ['市场监管所', 1],
      ['城管中队', 2 / 3],
    ]);
  });

  it('a unit-scoped reader sees only its own unit; a merchant without stats:read gets 403', async () => {
    const r = await unitUser.ok('GET', q('lead_unit'));
    expect(r.rows.map((x: { name: string }) => x.name)).toEqual(['市场监管所']);
    // its tickets: T4, T5 as lead and T1 as assisting unit
    expect(r.total).toMatchObject({ dispatched: 3, rated: 2 });
    const handler = await env.member(
      fx.allianceId,
      (await env.deps.db.selectFrom('roles').select('id').where('alliance_id', '=', fx.allianceId).where('name', '=', '商户').executeTakeFirstOrThrow()).id,
    );
    expect((await handler.get(q('lead_unit'))).statusCode).toBe(403);
    expect((await env.anon.get(q('lead_unit'))).statusCode).toBe(401);
    expect((await staff.get('/api/v1/stats/rates?groupBy=street')).statusCode).toBe(400);
  });
  it('lets the committee set the satisfied threshold and whether 回访 ratings count; audited, validated, permission-checked', async () => {
    expect(await staff.ok('GET', '/api/v1/stats/settings')).toEqual({ satisfiedStars: 4, includeCallbacks: true });
    const bad = await staff.req('PUT', '/api/v1/stats/settings', { satisfiedStars: 6, includeCallbacks: false });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('satisfiedStars');
    expect(await countRows(env, 'rate_settings')).toBe(0);
    expect((await unitUser.req('PUT', '/api/v1/stats/settings', { satisfiedStars: 5, includeCallbacks: false })).statusCode).toBe(403);

    await staff.ok('PUT', '/api/v1/stats/settings', { satisfiedStars: 5, includeCallbacks: false });
    const r = await staff.ok('GET', q('lead_unit'));
    expect(r.settings).toEqual({ satisfiedStars: 5, includeCallbacks: false });
    // without the 回访 rating of T2: T1, T3, T4 rated; T1 and T4 solved; only T1 has 5 stars
    expect(r.total).toMatchObject({ rated: 3, ratedSolved: 2, ratedSatisfied: 1, resolutionRate: 2 / 3, satisfactionRate: 1 / 3 });
    const audit = await env.deps.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'stats.settings.update').execute();
    expect(audit).toHaveLength(1);

    await staff.ok('PUT', '/api/v1/stats/settings', { satisfiedStars: 4, includeCallbacks: true });
    expect((await staff.ok('GET', q('lead_unit'))).total).toMatchObject({ rated: 4, ratedSatisfied: 2 });
  });
});
