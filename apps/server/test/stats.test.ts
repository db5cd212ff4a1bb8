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
      responseDue: 5,
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
    // a window that ends before it starts is refused, not answered with zeros
    for (const path of ['rates?groupBy=lead_unit&', 'ranking?']) {
      const r = await staff.get(`/api/v1/stats/${path}from=${from + 1000}&to=${from}`);
      expect([r.statusCode, r.json().error.details[0].path], path).toEqual([400, 'to']);
    }
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

describe('响应率 and 退单: a returned dispatch still counts for its unit', () => {
  let env: TestEnv;
  let admin: Client;
  let h1: Client;
  let h2: Client;
  let reader1: Client;
  let U1: string;
  let U2: string;
  let grid: string;
  let category: { id: string; acceptHours: number };

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('STR');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    U1 = (await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '通惠物业' })).id;
    U2 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '综合执法中队' })).id;
    grid = (await admin.ok('POST', '/api/v1/grids', { name: '银泰网格' })).id;
    const cats = (await admin.ok('GET', '/api/v1/categories?pageSize=100')).items as Array<{ id: string; acceptHours: number }>;
    category = cats[0]!;
    h1 = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: U1 });
    h2 = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: U2 });
    const { insertRole } = await import('./harness.ts');
    const roleId = await insertRole(env, A.id, { name: '物业统计员', permissions: ['stats:read'], dataScope: 'unit' });
    reader1 = await env.member(A.id, roleId, { unitId: U1 });
  });
  afterAll(async () => env?.close());

  /** Moves the clock; sessions would expire after 30 idle minutes, so they are kept fresh. */
  const travel = async (ms: number) => {
    env.clock.advance(ms);
    await env.deps.db.updateTable('sessions').set({ last_seen_at: env.clock.now() }).execute();
  };
  const must = async (c: Client, id: string, action: string, body: unknown = {}) => {
    const r = await c.post(`/api/v1/tickets/${id}/actions/${action}`, body);
    if (r.statusCode !== 200) throw new Error(`${action} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const report = async () =>
    (await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: category.id, description: '银泰门口广告牌松动', gridId: grid }, 201)).id as string;

  it('a unit that lets the accept deadline pass and then returns the case is not on time; one that returns it in time is left out', async () => {
    const from = env.clock.now() - 1;
    // late: U1 sits on it past its accept deadline, then returns it; U2 takes it over and accepts at once
    const late = await report();
    await must(admin, late, 'dispatch', { leadUnitId: U1 });
    await travel((category.acceptHours + 1) * H);
    await must(h1, late, 'return', { reason: '不属于本单位管理范围' });
    await must(admin, late, 'dispatch', { leadUnitId: U2 });
    await must(h2, late, 'accept');
    // in time: U1 returns a misrouted case within the deadline (the committee's misroute, not U1's delay)
    const quick = await report();
    await must(admin, quick, 'dispatch', { leadUnitId: U1 });
    await travel(H / 2);
    await must(h1, quick, 'return', { reason: '不属于本单位管理范围' });
    await must(admin, quick, 'dispatch', { leadUnitId: U2 });
    await must(h2, quick, 'accept');
    // accepted in time, then handed back: that dispatch was answered in time
    const taken = await report();
    await must(admin, taken, 'dispatch', { leadUnitId: U1 });
    await must(h1, taken, 'accept');
    await travel(H);
    await must(h1, taken, 'return', { reason: '经核实属执法事项' });
    await must(admin, taken, 'dispatch', { leadUnitId: U2 });
    await must(h2, taken, 'accept');

    const q = (groupBy: string) => `/api/v1/stats/rates?groupBy=${groupBy}&from=${from}&to=${env.clock.now() + 1}`;
    const r = await admin.ok('GET', q('lead_unit'));
    const byName = Object.fromEntries(r.rows.map((x: { name: string }) => [x.name, x]));
    expect(byName['通惠物业']).toMatchObject({ key: U1, dispatched: 2, acceptedOnTime: 1, responseRate: 0.5 });
    expect(byName['综合执法中队']).toMatchObject({ key: U2, dispatched: 3, acceptedOnTime: 3, responseRate: 1 });
    expect(r.total).toMatchObject({ dispatched: 5, acceptedOnTime: 4 });
    // every grouping counts the returned dispatch once, so they agree with the total
    for (const groupBy of ['grid', 'category', 'month']) {
      const g = await admin.ok('GET', q(groupBy));
      expect(g.total, groupBy).toMatchObject({ dispatched: 5, acceptedOnTime: 4 });
      expect(
        g.rows.reduce((n: number, x: { dispatched: number }) => n + x.dispatched, 0),
        groupBy,
      ).toBe(5);
    }
    // the unit's own reader sees its late return although the cases now belong to another unit
    const own = await reader1.ok('GET', q('lead_unit'));
    expect(own.rows).toEqual([expect.objectContaining({ name: '通惠物业', dispatched: 2, acceptedOnTime: 1 })]);
    expect(own.total).toMatchObject({ dispatched: 2, acceptedOnTime: 1 });
    // the ranking uses the same facts
    const rank = await admin.ok('GET', `/api/v1/stats/ranking?from=${from}`);
    expect(rank.items.find((x: { name: string }) => x.name === '通惠物业')).toMatchObject({ dispatched: 2, responseRate: 0.5 });
    // every return was recorded, with the dispatch it ended
    const rows = await env.deps.db.selectFrom('returned_dispatches').selectAll().orderBy('returned_at').execute();
    expect(rows.map((x) => [x.ticket_id, x.unit_id, x.accepted_at === null])).toEqual([
      [late, U1, true],
      [quick, U1, true],
      [taken, U1, false],
    ]);
    expect(Number(rows[0]!.returned_at)).toBeGreaterThan(Number(rows[0]!.accept_due_at));
    expect(Number(rows[1]!.returned_at)).toBeLessThan(Number(rows[1]!.accept_due_at));
  });

  it('a dispatch still inside its accept window is not yet in 响应率; once the deadline passes unaccepted it counts as late', async () => {
    const q = `/api/v1/stats/rates?groupBy=lead_unit&to=${env.clock.now() + 1_000_000_000}`;
    const unit2 = async () => ((await admin.ok('GET', q)).rows as Array<Record<string, number> & { key: string }>).find((r) => r.key === U2)!;
    const before = await unit2();
    const id = await report();
    await must(admin, id, 'dispatch', { leadUnitId: U2 });
    // just dispatched: one more dispatch, but nothing the unit could have answered yet
    const fresh = await unit2();
    expect(fresh).toMatchObject({
      dispatched: before.dispatched! + 1,
      responseDue: before.responseDue,
      acceptedOnTime: before.acceptedOnTime,
      responseRate: before.responseRate,
    });
    // the accept deadline passes without an acceptance: now it is due, and late
    await travel((category.acceptHours + 1) * H);
    const late = await unit2();
    expect(late).toMatchObject({ responseDue: before.responseDue! + 1, acceptedOnTime: before.acceptedOnTime });
    expect(late.responseRate).toBeCloseTo(before.acceptedOnTime! / (before.responseDue! + 1));
    // accepted late afterwards: still due, still not on time
    await must(h2, id, 'accept');
    expect(await unit2()).toMatchObject({ responseDue: before.responseDue! + 1, acceptedOnTime: before.acceptedOnTime });
  });

  it('the migration rebuilds the returned dispatches of existing cases from their timelines', async () => {
    const read = async () =>
      (await env.deps.db.selectFrom('returned_dispatches').selectAll().orderBy('returned_at').execute()).map((r) => ({
        ticket: r.ticket_id,
        unit: r.unit_id,
        // to the second: the timeline keeps its events of one instant in order a millisecond apart
        times: [r.dispatched_at, r.accept_due_at, r.accepted_at, r.returned_at].map((v) => (v === null ? null : Math.floor(Number(v) / 1000))),
      }));
    const live = await read();
    expect(live).toHaveLength(3);
    // as a database of before the change: the table did not exist, the returns were only on the timeline
    await env.deps.db.schema.dropTable('returned_dispatches').execute();
    const m = await import('../src/db/migrations/0021_returned_dispatches.ts');
    await m.up(env.deps.db as never);
    expect(await read()).toEqual(live);
  });
});
