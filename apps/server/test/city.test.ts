import { monthRange, previousMonth, shanghaiMonth } from '@tongxin/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertFixture, insertTicket, type Fixture } from './cluster.ts';
import { Client, setupEnv, type TestEnv } from './harness.ts';
import { insertMerchantRow } from './merchantRow.ts';

const H = 3_600_000;
const D = 24 * H;
const FACTS = ['dispatched', 'responseDue', 'acceptedOnTime', 'rated', 'ratedSolved', 'ratedSatisfied', 'resolved', 'resolvedOnTime'] as const;
const RATES = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate'] as const;

type Row = Record<(typeof FACTS)[number] | (typeof RATES)[number], number | null>;
const factsOf = (r: Row) => Object.fromEntries(FACTS.map((k) => [k, r[k]]));
const ratesOf = (r: Row) => Object.fromEntries(RATES.map((k) => [k, r[k]]));

// 全市总览 (GET /api/v1/city/overview): the city administrator's read over every alliance. Each alliance's 三率 are
// its own 三率 page's, under its own settings; the city's come from the summed numerators and denominators.
describe('全市总览 city overview', () => {
  let env: TestEnv;
  let month: string;
  let start: number;
  let end: number;
  let adminA: Client;
  const ids: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  let fa: Fixture;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('CTA', '荷花芯商圈联盟');
    const B = await env.alliance('CTB', '港市红商圈联盟');
    const C = await env.alliance('CTC', '停用商圈联盟');
    Object.assign(ids, { A: A.id, B: B.id, C: C.id });
    let fb: Fixture, fc: Fixture;
    [fa, fb, fc] = [await insertFixture(env, A.id), await insertFixture(env, B.id), await insertFixture(env, C.id)] as [Fixture, Fixture, Fixture];
    adminA = await env.member(A.id, A.roles['联盟管理员'] as string);
    // B counts from 3 stars and leaves 回访 ratings out; A keeps the defaults (4 stars, 回访 counted)
    const adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    await adminB.ok('PUT', '/api/v1/stats/settings', { satisfiedStars: 3, includeCallbacks: false });

    const now = env.clock.now();
    month = shanghaiMonth(now);
    ({ start, end } = monthRange(month));
    const lastMonth = monthRange(previousMonth(month)).start;
    const dispatched = (fx: Fixture, created: number) => ({
      created_at: created,
      lead_unit_id: fx.unitIds[0] as string,
      dispatched_at: created + H,
      accept_due_at: created + 3 * H,
    });
    const closed = (fx: Fixture, created: number, stars: number, solved: number, extra: Record<string, unknown> = {}) =>
      insertTicket(env, fx, {
        ...dispatched(fx, created),
        status: 'closed',
        accepted_at: created + 2 * H,
        due_at: created + 5 * D,
        resolved_at: created + 2 * D,
        closed_at: created + 3 * D,
        rating_stars: stars,
        rating_solved: solved,
        ...extra,
      });
    // A: a 回访 rating of 4 stars (satisfied under A's rules), a 3-star one accepted late, an overdue open case, a new one
    await closed(fa, start + D, 4, 1, { rating_by_callback: 1 });
    await closed(fa, start + 2 * D, 3, 1, { accepted_at: start + 2 * D + 5 * H });
    await insertTicket(env, fa, { ...dispatched(fa, start + 3 * D), status: 'accepted', accepted_at: start + 3 * D + 2 * H, due_at: now - D });
    await insertTicket(env, fa, { created_at: now - H });
    // …and last month's case, which counts in neither the month's cases nor its 三率
    await closed(fa, lastMonth + D, 5, 1);
    // B: 3 stars solved (satisfied under B's rules), a 回访 rating (left out under B's), a dispatch never accepted
    await closed(fb, start + D, 3, 1);
    await closed(fb, start + 2 * D, 4, 0, { rating_by_callback: 1 });
    await insertTicket(env, fb, { ...dispatched(fb, start + 4 * D), status: 'dispatched', due_at: now - 2 * D });
    // C, disabled later: one case rated 5
    await closed(fc, start + D, 5, 1);
    await insertMerchantRow(env, { allianceId: A.id, gridId: fa.gridIds[0] as string }, { credit_stars: 5 });
    await insertMerchantRow(env, { allianceId: A.id, gridId: null }, { credit_stars: 4 });
    await insertMerchantRow(env, { allianceId: A.id, gridId: null }, { status: 'closed' });
    await insertMerchantRow(env, { allianceId: B.id, gridId: null }, { credit_stars: 3 });
    await env.city.ok('PATCH', `/api/v1/alliances/${C.id}`, { status: 'disabled' });
  });
  afterAll(() => env?.close());

  it("gives each alliance its own 三率 page's figures, and the city the sums of their numerators and denominators", async () => {
    const o = await env.city.ok('GET', `/api/v1/city/overview?month=${month}`);
    expect(o.month).toBe(month);
    expect(o.alliances.map((a: { code: string }) => a.code)).toEqual(['CTA', 'CTB', 'CTC']);
    for (const a of o.alliances) {
      // the alliance's own 三率 page over the same month, read by an alliance-wide reader
      await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: a.allianceId });
      const page = await env.city.ok('GET', `/api/v1/stats/rates?from=${start}&to=${end}`);
      expect(factsOf(a.rates), a.code).toEqual(factsOf(page.total));
      expect(ratesOf(a.rates), a.code).toEqual(ratesOf(page.total));
      expect(a.settings, a.code).toEqual(page.settings);
      const screen = await env.city.ok('GET', `/api/v1/stats/overview?month=${month}`);
      expect({ reported: a.reported, open: a.open, overdue: a.overdue }, a.code).toEqual({
        reported: screen.tickets.createdThisMonth,
        open: screen.tickets.open,
        overdue: screen.tickets.overdue,
      });
    }
    const [A, B, C] = o.alliances;
    expect(A).toMatchObject({ status: 'active', reported: 4, open: 2, overdue: 1, settings: { satisfiedStars: 4, includeCallbacks: true } });
    expect(A.rates).toMatchObject({ rated: 2, ratedSatisfied: 1, responseDue: 3, acceptedOnTime: 2, satisfactionRate: 0.5 });
    expect(B).toMatchObject({ status: 'active', reported: 3, open: 1, overdue: 1, settings: { satisfiedStars: 3, includeCallbacks: false } });
    expect(B.rates).toMatchObject({ rated: 1, ratedSatisfied: 1, ratedSolved: 1, responseDue: 3, satisfactionRate: 1 });
    expect(C).toMatchObject({ status: 'disabled', name: '停用商圈联盟', reported: 1 });

    for (const k of FACTS) expect(o.total.rates[k], k).toBe(A.rates[k] + B.rates[k] + C.rates[k]);
    expect(o.total).toMatchObject({ reported: 8, open: 3, overdue: 2 });
    // 3 satisfied of 4 rated — not the average of 50 %, 100 % and 100 %
    expect(o.total.rates.satisfactionRate).toBe(0.75);
    expect(o.total.rates.responseRate).toBe(o.total.rates.acceptedOnTime / o.total.rates.responseDue);
    expect(o.total.credit).toMatchObject({ merchants: 4, operating: 3 });
    expect(o.total.credit.stars.filter((s: { count: number }) => s.count > 0)).toEqual([
      { stars: 3, count: 1 },
      { stars: 4, count: 1 },
      { stars: 5, count: 1 },
    ]);
  });

  it('reads the current month by default, whichever alliance the administrator has selected (or none)', async () => {
    const fresh = await env.login((await env.deps.db.selectFrom('users').select('username').where('is_city_admin', '=', 1).executeTakeFirstOrThrow()).username);
    const o = await fresh.ok('GET', '/api/v1/city/overview');
    expect(o.month).toBe(month);
    expect(o.alliances).toHaveLength(3);
    const past = await fresh.ok('GET', `/api/v1/city/overview?month=${previousMonth(month)}`);
    expect(past.total).toMatchObject({ reported: 1, open: 3, overdue: 2 });
    expect(past.total.rates).toMatchObject({ rated: 1, ratedSatisfied: 1 });
  });

  it('is refused to alliance users, API keys and anonymous callers, and names a bad month', async () => {
    for (const url of ['/api/v1/city/overview', `/api/v1/city/overview/export?month=${month}`]) {
      const r = await adminA.get(url);
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error.details).toMatchObject({ reason: 'city_admin_required' });
      expect((await env.anon.get(url)).statusCode, url).toBe(401);
    }
    const roles = await adminA.ok('GET', '/api/v1/roles?pageSize=100');
    const key = await adminA.ok('POST', '/api/v1/api-keys', {
      name: '全市对接',
      roleId: roles.items.find((x: { name: string }) => x.name === '联盟管理员').id,
    });
    expect((await new Client(env.app, null, { 'x-api-key': key.secret }).get('/api/v1/city/overview')).statusCode).toBe(403);
    for (const bad of ['2026-13', '2026-1', 'abc', '2026-11-01']) {
      const r = await env.city.get(`/api/v1/city/overview?month=${bad}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.details[0].path, bad).toBe('month');
    }
    expect((await env.city.get('/api/v1/city/overview/export?lang=fr')).statusCode).toBe(400);
  });

  it('exports the table with the city total, in the language asked for', async () => {
    for (const [lang, name, total] of [
      ['zh-CN', `全市总览-${month}.xlsx`, '全市合计'],
      ['en-US', `City overview ${month}.xlsx`, 'City total'],
    ] as const) {
      const r = await env.city.get(`/api/v1/city/overview/export?month=${month}&lang=${lang}`);
      expect(r.statusCode).toBe(200);
      expect(decodeURIComponent(String(r.headers['content-disposition']).split("UTF-8''")[1] ?? '')).toBe(name);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
      expect(rows).toHaveLength(1 + 3 + 1 + 1);
      expect(rows[1]?.slice(1, 7)).toEqual(['荷花芯商圈联盟', 'CTA', lang === 'zh-CN' ? '启用' : 'Active', 4, 2, 1]);
      expect(rows[3]?.[3]).toBe(lang === 'zh-CN' ? '停用' : 'Disabled');
      expect(rows[4]?.[1]).toBe(total);
      // the satisfaction rate column holds the ratio, shown as a percentage
      expect(rows[4]?.[13]).toBe(0.75);
    }
  });

  it("keeps a past month's figures a while (written straight into the database, a case shows once they expire); the current month is read afresh", async () => {
    const last = previousMonth(month);
    const read = async (m: string) => (await env.city.ok('GET', `/api/v1/city/overview?month=${m}`)).alliances[0];
    const before = { past: await read(last), now: await read(month) };
    const ids = [await insertTicket(env, fa, { created_at: monthRange(last).start + 2 * D }), await insertTicket(env, fa, { created_at: env.clock.now() - H })];
    const cached = await read(last);
    expect({ reported: cached.reported, open: cached.open }).toEqual({ reported: before.past.reported, open: before.past.open });
    const now = await read(month);
    expect({ reported: now.reported, open: now.open }).toEqual({ reported: before.now.reported + 1, open: before.now.open + 2 });
    env.clock.advance(10 * 60_000);
    const expired = await read(last);
    expect({ reported: expired.reported, open: expired.open }).toEqual({ reported: before.past.reported + 1, open: before.past.open + 2 });
    await env.deps.db.deleteFrom('tickets').where('id', 'in', ids).execute();
  });
});
