import { monthRange, previousMonth, shanghaiMonth } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertFixture, insertGrid, insertTicket, type Fixture } from './cluster.ts';
import { insertRole, setupEnv, type Client, type TestEnv } from './harness.ts';
import { insertMerchantRow } from './merchantRow.ts';

const H = 3_600_000;
const D = 24 * H;

// The leaders' big screen (GET /api/v1/stats/overview): one answer with the month's loop, the trend, the breakdowns and
// the alliance's credit, projects and meetings — each figure counted from real rows, within the reader's reach.
describe('数据大屏 overview', () => {
  let env: TestEnv;
  let fx: Fixture;
  let leader: Client;
  let gridReader: Client;
  let merchant: Client;
  let month: string;
  let start: number;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('OVA');
    const B = await env.alliance('OVB');
    fx = await insertFixture(env, A.id, { units: ['城管中队', '市场监管所'], grids: ['一网格', '二网格'] });
    const fxB = await insertFixture(env, B.id);
    leader = await env.member(A.id, A.roles['领导（只读）'] as string);
    merchant = await env.member(A.id, A.roles['商户'] as string);
    const roleId = await insertRole(env, A.id, {
      name: '网格统计员',
      permissions: ['stats:read', 'ticket:read', 'merchant:read', 'resource:read', 'meeting:read'],
      dataScope: 'grid',
    });
    gridReader = await env.member(A.id, roleId, { scopeGridId: fx.gridIds[0] as string });

    const now = env.clock.now();
    month = shanghaiMonth(now);
    start = monthRange(month).start;
    const lastMonth = monthRange(previousMonth(month)).start;
    const [u1, u2] = fx.unitIds as [string, string];
    const [g1, g2] = fx.gridIds as [string, string];
    // this month, grid 1: one open and overdue, one closed (rated 5, solved), one taken in today with a phone in its text
    await insertTicket(env, fx, {
      created_at: start + H,
      grid_id: g1,
      status: 'accepted',
      lead_unit_id: u1,
      dispatched_at: start + 2 * H,
      accept_due_at: start + 5 * H,
      accepted_at: start + 3 * H,
      due_at: now - D,
    });
    await insertTicket(env, fx, {
      created_at: start + 2 * H,
      grid_id: g1,
      status: 'closed',
      lead_unit_id: u2,
      dispatched_at: start + 3 * H,
      accept_due_at: start + 6 * H,
      accepted_at: start + 4 * H,
      due_at: now,
      resolved_at: now - 2 * D,
      closed_at: now - D,
      rating_stars: 5,
      rating_solved: 1,
    });
    await insertTicket(env, fx, {
      created_at: now - H,
      grid_id: g1,
      kind: 'complaint',
      title: '商家电话13812345678不接',
      description: '商家电话13812345678不接',
    });
    // this month, grid 2: one submitted
    await insertTicket(env, fx, { created_at: start + 3 * H, grid_id: g2 });
    // last month, grid 2: closed last month
    await insertTicket(env, fx, {
      created_at: lastMonth + D,
      grid_id: g2,
      status: 'closed',
      closed_at: lastMonth + 3 * D,
      lead_unit_id: u1,
      dispatched_at: lastMonth + D + H,
    });
    // merchants: two with 4 stars (one a red-flag monitoring point), one closed shop, one of the other alliance
    await insertMerchantRow(env, { allianceId: A.id, gridId: g1 }, { credit_flag: 'red', monitoring_point: 1 });
    await insertMerchantRow(env, { allianceId: A.id, gridId: g2 }, { credit_flag: 'yellow' });
    await insertMerchantRow(env, { allianceId: A.id, gridId: g2 }, { status: 'closed', credit_stars: null });
    await insertMerchantRow(env, { allianceId: B.id, gridId: null });
    // another alliance's open tickets never count
    for (let i = 0; i < 3; i++) await insertTicket(env, fxB, { created_at: start + H });
  });
  afterAll(() => env?.close());

  it('counts the month, the trend, the breakdowns and the recent cases from the alliance rows only', async () => {
    const o = await leader.ok('GET', '/api/v1/stats/overview');
    expect(o.month).toBe(month);
    expect(o.scope).toBe('alliance');
    expect(o.tickets).toEqual({ open: 3, overdue: 1, createdToday: 1, createdThisMonth: 4, closedThisMonth: 1 });
    expect(o.trend).toHaveLength(12);
    expect(o.trend.at(-1)).toMatchObject({ month, created: 4, closed: 1, satisfactionRate: 1, resolutionRate: 1 });
    expect(o.trend.at(-2)).toMatchObject({ month: previousMonth(month), created: 1, closed: 1 });
    expect(o.rates).toMatchObject({ dispatched: 2, rated: 1, ratedSatisfied: 1 });
    expect(o.byKind).toEqual(
      expect.arrayContaining([
        { key: 'report', name: '', count: 3 },
        { key: 'complaint', name: '', count: 1 },
      ]),
    );
    expect(o.byCategory).toEqual([{ key: fx.categoryId, name: '占道经营', count: 4 }]);
    expect(o.openByGrid).toEqual([
      { key: fx.gridIds[0], name: '一网格', count: 2 },
      { key: fx.gridIds[1], name: '二网格', count: 1 },
    ]);
    expect(o.ranking.map((r: { name: string }) => r.name).sort()).toEqual(['城管中队', '市场监管所']);
    expect(o.recent).toHaveLength(5);
    expect(o.recent[0].title).toBe('商家电话138****5678不接');
    expect(JSON.stringify(o)).not.toContain('13812345678');
    expect(o.credit).toEqual({
      merchants: 3,
      operating: 2,
      monitoringPoints: 1,
      redFlags: 1,
      yellowFlags: 1,
      stars: [0, 1, 2, 3, 4, 5].map((s) => ({ stars: s, count: s === 4 ? 2 : 0 })),
    });
    expect(o.projects).toEqual({ total: 0, done: 0, inProgress: 0, overdue: 0, averageProgress: null });
    expect(o.meetings).toEqual({ heldThisYear: 0, resolutionsThisYear: 0, agendaWaiting: 0 });
  });

  it('the current month is read afresh on every refresh (only past months are kept a while)', async () => {
    const before = await leader.ok('GET', '/api/v1/stats/overview');
    const now = env.clock.now();
    const id = await insertTicket(env, fx, { created_at: start + 4 * H, grid_id: fx.gridIds[1] as string, status: 'closed', closed_at: now - H });
    const after = await leader.ok('GET', '/api/v1/stats/overview');
    expect(after.tickets.createdThisMonth).toBe(before.tickets.createdThisMonth + 1);
    expect(after.tickets.closedThisMonth).toBe(before.tickets.closedThisMonth + 1);
    expect(after.trend.at(-1)).toMatchObject({ created: before.trend.at(-1).created + 1, closed: before.trend.at(-1).closed + 1 });
    await env.deps.db.deleteFrom('tickets').where('id', '=', id).execute();
  });

  it('a past month is read as it was, with its own trend', async () => {
    const past = previousMonth(month);
    const o = await leader.ok('GET', `/api/v1/stats/overview?month=${past}`);
    expect(o.month).toBe(past);
    expect(o.tickets.createdThisMonth).toBe(1);
    expect(o.tickets.closedThisMonth).toBe(1);
    expect(o.trend.at(-1).month).toBe(past);
  });

  it('a grid-scoped reader sees only its grid and none of the alliance-wide sections', async () => {
    const o = await gridReader.ok('GET', '/api/v1/stats/overview');
    expect(o.scope).toBe('grid');
    expect(o.tickets).toMatchObject({ open: 2, createdThisMonth: 3 });
    expect(o.openByGrid).toEqual([{ key: fx.gridIds[0], name: '一网格', count: 2 }]);
    expect(o.recent).toHaveLength(3);
    expect(o.credit).toBeNull();
    expect(o.projects).toBeNull();
    expect(o.meetings).toBeNull();
  });

  it('refuses a reader without stats:read, and a malformed month with the field named', async () => {
    const denied = await merchant.get('/api/v1/stats/overview');
    expect(denied.statusCode).toBe(403);
    const bad = await leader.get('/api/v1/stats/overview?month=2026-13');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('month');
    const anon = await env.anon.get('/api/v1/stats/overview');
    expect(anon.statusCode).toBe(401);
  });

  it('counts the open cases per grid, each for its own grid (a sub-grid apart from its parent), as the cases themselves add up', async () => {
    const C = await env.alliance('OVC');
    const fc = await insertFixture(env, C.id, { grids: ['荷花芯社区', '义乌商城'] });
    const [parent, other] = fc.gridIds as [string, string];
    const now = env.clock.now();
    const child = await insertGrid(env, C.id, '十邻铺一组', { id: parent, path: `/${parent}/`, level: 1 });
    const cases: [string | null, string, number][] = [
      [parent, 'submitted', 1],
      [parent, 'dispatched', 1],
      [parent, 'resolved', 1],
      [parent, 'closed', 2],
      [parent, 'cancelled', 1],
      [parent, 'merged', 1],
      [child, 'accepted', 2],
      [child, 'closed', 1],
      [other, 'closed', 3],
      [null, 'submitted', 1],
    ];
    for (const [grid_id, status, times] of cases) for (let i = 0; i < times; i++) await insertTicket(env, fc, { created_at: now - D, grid_id, status });
    const reader = await env.member(C.id, C.roles['领导（只读）'] as string);
    const o = await reader.ok('GET', '/api/v1/stats/overview');
    expect(o.openByGrid).toEqual([
      { key: parent, name: '荷花芯社区', count: 3 },
      { key: child, name: '十邻铺一组', count: 2 },
      { key: '', name: '', count: 1 },
    ]);
    // the same as counting each open case of the alliance by its grid
    const open = await env.deps.db
      .selectFrom('tickets')
      .select('grid_id')
      .where('alliance_id', '=', C.id)
      .where('status', 'in', ['submitted', 'dispatched', 'accepted', 'resolved'])
      .execute();
    const byCase = new Map<string, number>();
    for (const t of open) byCase.set(t.grid_id ?? '', (byCase.get(t.grid_id ?? '') ?? 0) + 1);
    expect(new Map(o.openByGrid.map((g: { key: string; count: number }) => [g.key, g.count]))).toEqual(byCase);
    // a reader of the parent grid reaches its sub-grid's cases too, each still counted for its own grid
    const roleId = await insertRole(env, C.id, { name: '社区统计员', permissions: ['stats:read'], dataScope: 'grid' });
    const gridReader = await env.member(C.id, roleId, { scopeGridId: parent });
    expect((await gridReader.ok('GET', '/api/v1/stats/overview')).openByGrid.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      [parent, 3],
      [child, 2],
    ]);
  });
});
