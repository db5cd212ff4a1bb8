import { UNIT_KINDS, shanghaiDate } from '@tongxin/domain';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_ALLIANCES, DEMO_PASSWORD, seedDemo } from '../src/modules/demo/index.ts';
import { setupEnv, type TestEnv } from './harness.ts';

type List<T> = { items: T[]; total: number };
type Row = { id: string; name: string };
/** The scripted cases (demo.tickets.ts) reach back 30 days; older ones are the bulk-written history of settled cases. */
const SCRIPTED_MS = 31 * 86_400_000;

let env: TestEnv;
let first: { created: boolean };
let seedMs = 0;
const logs: string[] = [];
/** every response body the app sent during this file, seeding included */
const bodies: string[] = [];
const allianceIds = new Map<string, string>();

beforeAll(async () => {
  env = await setupEnv();
  const inject = env.app.inject.bind(env.app) as (o: InjectOptions) => Promise<LightMyRequestResponse>;
  (env.app as unknown as { inject: typeof inject }).inject = async (o: InjectOptions) => {
    const r = await inject(o);
    bodies.push(r.body);
    return r;
  };
  const t0 = Date.now();
  first = await seedDemo(env.app, env.deps, (m) => logs.push(m));
  seedMs = Date.now() - t0;
  const list = await env.city.ok<List<{ id: string; code: string }>>('GET', '/api/v1/alliances?pageSize=200');
  for (const a of list.items) allianceIds.set(a.code, a.id);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

async function inAlliance(code: string): Promise<void> {
  const id = allianceIds.get(code);
  if (!id) throw new Error(`alliance ${code} not found`);
  await env.city.ok('POST', '/api/v1/auth/switch', { allianceId: id });
}

describe('demo seed', () => {
  it('creates the demo alliances through the API in a few seconds', async () => {
    expect(first.created).toBe(true);
    expect(seedMs).toBeLessThan(90_000); // a few seconds on an idle machine (tickets included); generous for loaded CI
    expect(logs.some((l) => /HHX: \d+ tickets/.test(l))).toBe(true);
    expect(logs.some((l) => l.includes('HHX'))).toBe(true);
    const list = await env.city.ok<List<{ code: string; name: string; region: string | null; gridLevelNames: string[] }>>(
      'GET',
      '/api/v1/alliances?pageSize=200',
    );
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    const hhx = list.items.find((a) => a.code === 'HHX');
    expect(hhx?.name).toBe('荷花芯商圈党建联盟');
    expect(hhx?.gridLevelNames).toEqual(['社区', '网格', '企业', '商铺']);
    expect(hhx?.region).toContain('通惠社区');
    expect(list.items.find((a) => a.code === 'LJJ')?.gridLevelNames).toEqual(['片区网格', '中心户']);
    expect(list.items.find((a) => a.code === 'QG')?.gridLevelNames).toEqual(['社区', '十邻铺']);
  });

  it('gives each alliance its org tree, grids with levels and members, units of every kind and people', async () => {
    let people = 0;
    for (const a of DEMO_ALLIANCES) {
      await inAlliance(a.code);
      const orgs = await env.city.ok<List<Row & { kind: string; parentId: string | null }>>('GET', '/api/v1/orgs?pageSize=200');
      expect(orgs.total).toBe(a.orgs.length);
      for (const o of a.orgs) {
        const row = orgs.items.find((x) => x.name === o.name);
        expect(row?.kind, o.name).toBe(o.kind);
        const parent = o.parent ? a.orgs.find((x) => x.key === o.parent)?.name : undefined;
        expect(row?.parentId ? orgs.items.find((x) => x.id === row.parentId)?.name : undefined, o.name).toBe(parent);
      }

      const grids = await env.city.ok<List<Row & { parentId: string | null; levelName: string; members: Array<{ personName: string; role: string }> }>>(
        'GET',
        '/api/v1/grids?pageSize=200',
      );
      expect(grids.total).toBe(a.grids.length);
      const depth = new Map<string, number>();
      for (const g of a.grids) {
        const d = g.parent ? (depth.get(g.parent) ?? 0) + 1 : 0;
        depth.set(g.key, d);
        const row = grids.items.find((x) => x.name === g.name);
        expect(row?.levelName, g.name).toBe(a.gridLevelNames[d]);
        const want = a.people.flatMap((p) => (p.gridRoles ?? []).filter((r) => r.grid === g.key).map((r) => `${p.name}/${r.role}`)).sort();
        expect((row?.members ?? []).map((m) => `${m.personName}/${m.role}`).sort(), g.name).toEqual(want);
      }
      expect(new Set(grids.items.map((g) => g.levelName))).toEqual(new Set(a.gridLevelNames));

      const units = await env.city.ok<List<Row & { kind: string; category: string | null; contactPhone: string | null }>>('GET', '/api/v1/units?pageSize=200');
      expect(units.total).toBe(a.units.length);
      expect(new Set(units.items.map((u) => u.kind))).toEqual(new Set(UNIT_KINDS));
      for (const u of units.items) {
        expect(u.category).toBeTruthy();
        expect(u.contactPhone).toMatch(/\*{4}/);
      }

      const ppl = await env.city.ok<List<Row & { phone: string | null; idNumber: string | null }>>('GET', '/api/v1/people?pageSize=200');
      expect(ppl.total).toBe(a.people.length);
      for (const p of ppl.items) {
        expect(p.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
        expect(p.idNumber).toContain('*');
      }
      const party = await env.city.ok<List<Row>>('GET', '/api/v1/people?pageSize=200&isPartyMember=true');
      expect(party.total).toBe(a.people.filter((p) => p.isPartyMember).length);
      people += ppl.total;
    }
    expect(people).toBeGreaterThanOrEqual(100);
  });

  it('routes its categories: a default lead unit per category and a mall that handles its own floors', async () => {
    await inAlliance('HHX');
    const units = await env.city.ok<List<Row>>('GET', '/api/v1/units?pageSize=200');
    const grids = await env.city.ok<List<Row>>('GET', '/api/v1/grids?pageSize=200');
    const cats = await env.city.ok<List<{ code: string; defaultLeadUnitId: string | null; gridRoutes: { gridId: string; unitId: string }[] }>>(
      'GET',
      '/api/v1/categories?pageSize=200',
    );
    const unitName = (id: string | null) => units.items.find((u) => u.id === id)?.name;
    const cat = (code: string) => cats.items.find((c) => c.code === code)!;
    expect(unitName(cat('ZDJY').defaultLeadUnitId)).toBe('义乌市综合行政执法局稠城中队');
    expect(unitName(cat('XFYH').defaultLeadUnitId)).toBe('义乌市消防救援大队稠城消防救援站');
    expect(unitName(cat('XFJF').defaultLeadUnitId)).toBe('义乌市市场监管局稠城市场监管所');
    expect(cat('WXY').defaultLeadUnitId).toBeNull();
    const mall = grids.items.find((g) => g.name === '银泰百货义乌店')!;
    expect(cat('HJWS').gridRoutes.map((r) => [grids.items.find((g) => g.id === r.gridId)?.name, unitName(r.unitId)])).toEqual(
      expect.arrayContaining([['银泰百货义乌店', '银泰百货义乌店']]),
    );
    expect(cat('HJWS').gridRoutes.some((r) => r.gridId === mall.id)).toBe(true);
    await inAlliance('LJJ');
    const ljj = await env.city.ok<List<{ code: string; defaultLeadUnitId: string | null }>>('GET', '/api/v1/categories?pageSize=200');
    expect(ljj.items.filter((c) => c.defaultLeadUnitId).length).toBeGreaterThanOrEqual(10);
  });

  it('names a responsible person of the owner unit on every project of the 项目清单', async () => {
    for (const code of ['HHX', 'LJJ', 'QG']) {
      await inAlliance(code);
      const projects = await env.city.ok<List<{ title: string; ownerUnitId: string; responsiblePersonId: string | null }>>(
        'GET',
        '/api/v1/projects?pageSize=100',
      );
      expect(projects.items.length, code).toBeGreaterThan(0);
      const people = await env.city.ok<List<{ id: string; unitId: string | null }>>('GET', '/api/v1/people?pageSize=100');
      const unitOf = new Map(people.items.map((p) => [p.id, p.unitId]));
      for (const p of projects.items) {
        expect(p.responsiblePersonId, `${code} ${p.title}`).not.toBeNull();
        expect(unitOf.get(p.responsiblePersonId!), `${code} ${p.title}`).toBe(p.ownerUnitId);
      }
    }
  });

  it('dates the 三张清单 over the months before the seeding: monthly reports after their project began, none today', async () => {
    type Project = { id: string; parentId: string | null; kind: string; title: string; createdAt: number; updatedAt: number; ticketId: string | null };
    const DAY = 86_400_000;
    const today = shanghaiDate(env.clock.now());
    for (const code of ['HHX', 'LJJ', 'QG']) {
      await inAlliance(code);
      const list = await env.city.ok<List<Project>>('GET', '/api/v1/projects?pageSize=100');
      const byId = new Map(list.items.map((p) => [p.id, p]));
      const months = new Set<string>();
      let reports = 0;
      for (const p of list.items) {
        const parent = p.parentId === null ? undefined : byId.get(p.parentId);
        if (parent) expect(p.createdAt, `${code} ${p.title}`).toBeGreaterThan(parent.createdAt);
        const tl = await env.city.ok<{ items: Array<{ action: string; at: number }> }>('GET', `/api/v1/projects/${p.id}/timeline`);
        for (const e of tl.items) {
          expect(e.at, `${code} ${p.title} ${e.action}`).toBeGreaterThanOrEqual(p.createdAt);
          expect(e.at, `${code} ${p.title} ${e.action}`).toBeLessThanOrEqual(p.updatedAt);
          if (e.action !== 'progress') continue;
          // reported by the 25th of a past month or of this one once the 25th has passed, never on the day of the seeding
          reports++;
          const day = shanghaiDate(e.at);
          months.add(day.slice(0, 7));
          expect(day < today, `${code} ${p.title}`).toBe(true);
          expect(Number(day.slice(8)), `${code} ${p.title}`).toBeLessThanOrEqual(25);
        }
        if (p.kind !== 'service') continue;
        // a merchant adopted a service project after it was offered, not on the day of the seeding
        const adopted = await env.city.ok<List<{ createdAt: number }>>('GET', `/api/v1/projects/${p.id}/adoptions`);
        for (const d of adopted.items) {
          expect(d.createdAt, `${code} ${p.title}`).toBeGreaterThan(p.createdAt);
          expect(shanghaiDate(d.createdAt) < today, `${code} ${p.title}`).toBe(true);
        }
      }
      expect(reports, code).toBeGreaterThan(0);
      // HHX's 律师轮值 reported twice, a month apart
      if (code === 'HHX') expect(months.size).toBe(2);
      // the list itself was drawn up months ago; the resources were published before it
      const roots = list.items.filter((p) => p.parentId === null && p.ticketId === null);
      const drawn = Math.min(...roots.map((r) => r.createdAt));
      expect(env.clock.now() - drawn, code).toBeGreaterThan(90 * DAY);
      const resources = await env.city.ok<List<{ title: string; createdAt: number }>>('GET', '/api/v1/resources?pageSize=100');
      for (const r of resources.items) expect(r.createdAt, `${code} ${r.title}`).toBeLessThan(drawn);
    }
  });

  it("shows the monitoring-point liaison's own feedback on the phone, and the committee a case from it", async () => {
    const liaison = await env.login('hhx_liaison', DEMO_PASSWORD);
    const mine = await liaison.ok<List<{ merchantName: string; topic: string; status: string; number: string }>>('GET', '/api/v1/integrity/feedback');
    expect(mine.total).toBeGreaterThanOrEqual(1);
    expect(mine.items[0]).toMatchObject({ merchantName: '老义乌红糖馆', topic: 'service', status: 'submitted' });
    await inAlliance('HHX');
    const cases = await env.city.ok<List<{ number: string; kind: string }>>('GET', '/api/v1/tickets?kind=feedback&status=submitted&pageSize=50');
    expect(cases.items.map((t) => t.number)).toContain(mine.items[0]!.number);
  });

  it('lets every demo account log in with its role', async () => {
    for (const acc of DEMO_ACCOUNTS) {
      expect(acc.password).toBe(DEMO_PASSWORD);
      const c = await env.login(acc.username, acc.password);
      const me = await c.ok<{
        user: { isCityAdmin: boolean; displayName: string };
        role: { name: string } | null;
        currentAlliance: { code: string } | null;
        memberships: Array<{ allianceCode: string; roleName: string; unitId: string | null; scopeGridId: string | null }>;
      }>('GET', '/api/v1/me');
      expect(me.user.displayName, acc.username).toBe(acc.displayName);
      if (acc.alliance === null) {
        expect(me.user.isCityAdmin).toBe(true);
        continue;
      }
      expect(me.role?.name, acc.username).toBe(acc.role);
      expect(me.memberships.map((m) => `${m.allianceCode}:${m.roleName}`).sort(), acc.username).toEqual(
        acc.memberships.map((m) => `${m.alliance}:${m.role}`).sort(),
      );
      if (acc.memberships.length === 1) expect(me.currentAlliance?.code, acc.username).toBe(acc.alliance);
      const spec = DEMO_ALLIANCES.find((a) => a.code === acc.alliance)?.accounts.find((x) => x.username === acc.username);
      if (spec?.unit) expect(me.memberships[0]?.unitId, acc.username).toBeTruthy();
      if (spec?.grid) expect(me.memberships[0]?.scopeGridId, acc.username).toBeTruthy();
    }
  });

  it('has one account in both HHX and LJJ that switches between them', async () => {
    const shared = DEMO_ACCOUNTS.filter((a) => a.memberships.length > 1);
    expect(shared.length).toBeGreaterThanOrEqual(1);
    const acc = shared[0]!;
    expect(acc.memberships.map((m) => m.alliance).sort()).toEqual(['HHX', 'LJJ']);
    const c = await env.login(acc.username, DEMO_PASSWORD);
    const me = await c.ok<{ memberships: Array<{ allianceId: string; allianceCode: string; unitName: string | null }> }>('GET', '/api/v1/me');
    expect(me.memberships).toHaveLength(2);
    for (const m of me.memberships) {
      const after = await c.ok<{ currentAlliance: { code: string }; role: { name: string } }>('POST', '/api/v1/auth/switch', { allianceId: m.allianceId });
      expect(after.currentAlliance.code).toBe(m.allianceCode);
      expect(after.role.name).toBe('成员单位经办人');
      expect(m.unitName).toContain('市场监管');
    }
  });

  it('keeps the audit chains intact and never answers an unmasked phone or document number', async () => {
    for (const a of DEMO_ALLIANCES) {
      await inAlliance(a.code);
      await env.city.ok('GET', '/api/v1/audit?pageSize=200');
      await env.city.ok('GET', '/api/v1/users?pageSize=200');
    }
    const verdict = await env.city.ok<{ ok: boolean }>('GET', '/api/v1/audit/verify');
    expect(verdict.ok).toBe(true);

    const secrets = new Set<string>();
    for (const a of DEMO_ALLIANCES) {
      for (const p of a.people) {
        secrets.add(p.phone);
        secrets.add(p.idNumber);
      }
      for (const u of a.units) if (u.contactPhone) secrets.add(u.contactPhone).add(u.contactPhone.replace('-', ''));
    }
    expect(bodies.length).toBeGreaterThan(300);
    const leaks = bodies.flatMap((b) => [...secrets].filter((s) => b.includes(s)).map((s) => `${s} in ${b.slice(0, 120)}`));
    expect(leaks).toEqual([]);
  });

  it('plays the closed loop: tickets of every kind in every status, as each account sees them', async () => {
    type T = {
      id: string;
      kind: string;
      status: string;
      leadUnitId: string | null;
      assistUnitIds: string[];
      overdue: boolean;
      escalated: boolean;
      extensionPending: boolean;
      rating: { stars: number } | null;
      createdAt: number;
      mergedIntoId: string | null;
    };
    for (const code of ['HHX', 'LJJ']) {
      await inAlliance(code);
      const all = await env.city.ok<List<T>>('GET', '/api/v1/tickets?pageSize=200');
      expect(all.total, code).toBeGreaterThanOrEqual(20);
      expect(new Set(all.items.map((t) => t.kind)).size, code).toBeGreaterThanOrEqual(5);
      const statuses = new Set(all.items.map((t) => t.status));
      expect(statuses.size, code).toBeGreaterThanOrEqual(5);
      for (const s of ['submitted', 'dispatched', 'accepted', 'resolved', 'closed', 'cancelled', 'merged']) expect(statuses.has(s), `${code} ${s}`).toBe(true);
      expect(
        all.items.some((t) => t.overdue),
        code,
      ).toBe(true);
      expect(
        all.items.some((t) => t.escalated),
        code,
      ).toBe(true);
      expect(
        all.items.some((t) => t.extensionPending),
        code,
      ).toBe(true);
      expect(
        all.items.some((t) => t.rating && t.rating.stars >= 4),
        code,
      ).toBe(true);
      // backdated: reports spread over about a month
      const ages = all.items.map((t) => env.clock.now() - t.createdAt);
      expect(Math.max(...ages), code).toBeGreaterThan(20 * 86_400_000);
    }
    for (const [code, username] of [
      ['HHX', 'hhx_unit'],
      ['LJJ', 'ljj_unit'],
    ] as const) {
      const unit = await env.login(username, DEMO_PASSWORD);
      const me = await unit.ok<{ memberships: Array<{ unitId: string | null }> }>('GET', '/api/v1/me');
      const unitId = me.memberships[0]?.unitId;
      expect(unitId).toBeTruthy();
      const mine = await unit.ok<List<T>>('GET', '/api/v1/tickets?pageSize=200');
      expect(mine.total, username).toBeGreaterThan(0);
      for (const t of mine.items) expect(t.leadUnitId === unitId || t.assistUnitIds.includes(unitId!), `${code} ${t.id}`).toBe(true);
      expect(
        mine.items.some((t) => t.status === 'dispatched' && t.leadUnitId === unitId),
        username,
      ).toBe(true);
    }
    const merchant = await env.login('hhx_merchant', DEMO_PASSWORD);
    const own = await merchant.ok<List<T & { reporterName: string | null }>>('GET', '/api/v1/tickets?pageSize=200');
    expect(own.total).toBeGreaterThanOrEqual(5);
    for (const t of own.items) expect(t.reporterName).toBe('王丽娟');
    const mineOnly = await merchant.ok<List<T>>('GET', '/api/v1/tickets?pageSize=200&mine=true');
    expect(mineOnly.total).toBe(own.total);

    await inAlliance('HHX');
    const rates = await env.city.ok<{ total: { responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null } }>(
      'GET',
      '/api/v1/stats/rates',
    );
    expect(rates.total.responseRate).not.toBeNull();
    expect(rates.total.resolutionRate).not.toBeNull();
    expect(rates.total.satisfactionRate).not.toBeNull();
    expect(rates.total.responseRate!).toBeLessThan(1); // some cases were accepted late
    // 物业 returned the 银泰 signboard case only after its accept deadline: that dispatch counts against it
    const byUnit = await env.city.ok<{ rows: Array<{ name: string; dispatched: number; acceptedOnTime: number }> }>(
      'GET',
      '/api/v1/stats/rates?groupBy=lead_unit',
    );
    const wy = byUnit.rows.find((r) => r.name === '义乌市通惠物业服务有限公司');
    expect(wy).toBeDefined();
    expect(wy!.acceptedOnTime).toBeLessThan(wy!.dispatched);
    const returned = await env.deps.db.selectFrom('returned_dispatches').selectAll().execute();
    expect(returned.length).toBeGreaterThanOrEqual(2);
    for (const r of returned) expect(Number(r.returned_at)).toBeGreaterThan(Number(r.dispatched_at));
    // of the scripted returns, one came after the deadline (the history's returns are drawn, a third of them late)
    const scripted = returned.filter((r) => env.clock.now() - Number(r.dispatched_at) < SCRIPTED_MS);
    expect(scripted.filter((r) => Number(r.returned_at) > Number(r.accept_due_at))).toHaveLength(1);
    const verdict = await env.city.ok<{ ok: boolean }>('GET', '/api/v1/audit/verify');
    expect(verdict.ok).toBe(true);
  });

  it('numbers each case by the day it was reported, gapless per day, and a new case continues the day', async () => {
    for (const code of ['HHX', 'LJJ']) {
      await inAlliance(code);
      const all = await env.city.ok<List<{ number: string; createdAt: number }>>('GET', '/api/v1/tickets?pageSize=200');
      const perDay = new Map<string, number[]>();
      for (const t of all.items) {
        const m = /^([A-Z]+)-(\d{8})-(\d{4})$/.exec(t.number);
        expect(m, t.number).not.toBeNull();
        expect(m![1]).toBe(code);
        // the day in the number is the Shanghai day the case was reported (the demo backdates its cases)
        expect(m![2], t.number).toBe(shanghaiDate(t.createdAt).replace(/-/g, ''));
        perDay.set(m![2]!, [...(perDay.get(m![2]!) ?? []), Number(m![3])]);
      }
      expect(perDay.size, code).toBeGreaterThan(5);
      // the page ends inside its oldest day (newest first): only the days it holds whole are gapless from 1
      if (all.total > all.items.length) perDay.delete([...perDay.keys()].sort()[0]!);
      // cases of earlier days were reported in office hours, not all at the clock time of the seeding
      const earlier = all.items.filter((t) => env.clock.now() - t.createdAt > 86_400_000).map((t) => new Date(t.createdAt + 8 * 3_600_000));
      expect(earlier.every((d) => d.getUTCHours() >= 8 && d.getUTCHours() < 20)).toBe(true);
      expect(new Set(earlier.map((d) => d.getUTCHours() * 60 + d.getUTCMinutes())).size, code).toBeGreaterThan(10);
      for (const [day, seqs] of perDay)
        expect(
          seqs.sort((x, y) => x - y),
          `${code} ${day}`,
        ).toEqual(seqs.map((_, i) => i + 1));
    }
    await inAlliance('HHX');
    const today = shanghaiDate(env.clock.now()).replace(/-/g, '');
    const taken = (await env.city.ok<List<{ number: string }>>('GET', '/api/v1/tickets?pageSize=200')).items.filter((t) => t.number.includes(`-${today}-`));
    const cats = await env.city.ok<List<{ id: string }>>('GET', '/api/v1/categories?pageSize=1');
    const created = await env.city.ok<{ number: string }>('POST', '/api/v1/tickets', {
      kind: 'need',
      categoryId: cats.items[0]!.id,
      description: '演示数据之后新登记的一件工单',
    });
    expect(created.number).toBe(`HHX-${today}-${String(taken.length + 1).padStart(4, '0')}`);
  });

  it('shows the case deadline on the timeline and an upheld complaint on a merchant', async () => {
    await inAlliance('HHX');
    type Ev = { action: string; toStatus: string | null; data: Record<string, unknown> | null };
    type Detail = { id: string; dueAt: number | null; status: string; timeline: Ev[] };
    const list = await env.city.ok<List<{ id: string; status: string }>>('GET', '/api/v1/tickets?pageSize=200');
    let checked = 0;
    // every case, open or closed, whose deadline was last set by its dispatch
    for (const row of list.items) {
      const d = await env.city.ok<Detail>('GET', `/api/v1/tickets/${row.id}`);
      const dispatches = d.timeline.filter((e) => e.action === 'dispatch');
      const lastDispatch = dispatches[dispatches.length - 1];
      const reopened = d.timeline.some((e) => (e.action === 'rate' || e.action === 'callback') && e.toStatus !== 'closed');
      if (!lastDispatch || reopened || d.timeline.some((e) => e.action === 'decide_extension')) continue;
      expect(lastDispatch.data?.dueAt, row.id).toBe(d.dueAt);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);

    const merchants = await env.city.ok<List<{ id: string; name: string; publicCode: string }>>('GET', '/api/v1/merchants?pageSize=200');
    const ham = merchants.items.find((m) => m.name === '金华火腿铺');
    expect(ham).toBeTruthy();
    const credit = await env.city.ok<{ entries: Array<{ kind: string; itemCode: string | null; ticketId: string | null }> }>(
      'GET',
      `/api/v1/merchants/${ham!.id}/credit`,
    );
    expect(credit.entries.some((e) => e.kind === 'deduction' && e.ticketId !== null)).toBe(true);
    // an inspector's deduction carries its evidence photo, a real image the console and the phone show
    const deductions = await env.deps.db
      .selectFrom('credit_entries')
      .select(['photos'])
      .where('kind', '=', 'deduction')
      .where('ticket_id', 'is', null)
      .execute();
    expect(deductions.length).toBeGreaterThan(0);
    for (const d of deductions) expect(JSON.parse(d.photos).length, 'evidence photos').toBeGreaterThan(0);
    const [photo] = JSON.parse(deductions[0]!.photos) as string[];
    const file = await env.city.get(`/api/v1/files/${photo}`);
    expect([file.statusCode, file.headers['content-type']]).toEqual([200, 'image/jpeg']);
    const page = await env.app.inject({ method: 'GET', url: `/m/${ham!.publicCode}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<b>1<\/b><span>\d+年属实投诉/);
    // a need a shop filed is linked to it; a complaint a shop filed itself is not (a verdict would hit the wrong party)
    const linked = await env.deps.db.selectFrom('tickets').select(['kind', 'merchant_id']).where('merchant_name', '=', '荷花童装').execute();
    expect(linked.some((t) => t.kind === 'need' && t.merchant_id !== null)).toBe(true);
    expect(linked.filter((t) => t.kind === 'complaint').every((t) => t.merchant_id === null)).toBe(true);
  });

  it("shows the reporter's photo on the phone reports of a street problem, and the handler's photo with the feedback", async () => {
    await inAlliance('HHX');
    type Ev = { action: string; photos: Array<{ id: string }> };
    type Detail = { id: string; kind: string; status: string; photos: Array<{ id: string; url: string }>; timeline: Ev[] };
    const list = await env.city.ok<List<{ id: string; kind: string; status: string; categoryName: string; createdAt: number }>>(
      'GET',
      '/api/v1/tickets?pageSize=200',
    );
    // the scripted cases were reported with photos through the API; the earlier year's settled cases carry none
    const street = list.items.filter((t) => t.kind === 'report' && t.categoryName === '占道经营' && env.clock.now() - t.createdAt < SCRIPTED_MS);
    expect(street.length).toBeGreaterThan(0);
    const details = await Promise.all(street.map((t) => env.city.ok<Detail>('GET', `/api/v1/tickets/${t.id}`)));
    for (const d of details) expect(d.photos.length, d.id).toBe(1);
    const resolved = details.find((d) => d.timeline.some((e) => e.action === 'resolve'));
    expect(resolved).toBeTruthy();
    const feedback = resolved!.timeline.find((e) => e.action === 'resolve')!;
    expect(feedback.photos.length).toBe(1);
    for (const id of [resolved!.photos[0]!.id, feedback.photos[0]!.id]) {
      const file = await env.city.get(`/api/v1/files/${id}`);
      expect([file.statusCode, file.headers['content-type']], id).toEqual([200, 'image/jpeg']);
    }
    // the photos follow the case: a merchant who cannot see it cannot read them
    const merchant = await env.login('hhx_merchant', DEMO_PASSWORD);
    expect((await merchant.get(`/api/v1/files/${feedback.photos[0]!.id}`)).statusCode).toBe(404);
    // needs and complaints carry none
    const need = list.items.find((t) => t.kind === 'need');
    expect((await env.city.ok<Detail>('GET', `/api/v1/tickets/${need!.id}`)).photos).toEqual([]);
  });

  it('runs a joint meeting in every alliance: one held whose resolutions became projects, one planned with some of the waiting 吹哨 cases', async () => {
    type Meeting = { id: string; title: string; status: string; heldAt: number };
    type Detail = Meeting & {
      createdAt: number;
      updatedAt: number;
      minutes: string | null;
      agenda: Array<{ kind: string; ticketId: string | null; addedAt: number }>;
      resolutions: Array<{ text: string; createdAt: number; projects: Array<{ id: string; parentId: string | null; title: string }> }>;
    };
    type Project = { id: string; createdAt: number; updatedAt: number };
    const DAY = 86_400_000;
    for (const code of ['HHX', 'LJJ', 'QG']) {
      await inAlliance(code);
      const list = await env.city.ok<List<Meeting>>('GET', '/api/v1/meetings?pageSize=50');
      const held = list.items.filter((m) => m.status === 'held');
      const planned = list.items.filter((m) => m.status === 'planned');
      expect([held.length, planned.length], code).toEqual([1, 1]);
      expect(held[0]!.heldAt, code).toBeLessThan(env.clock.now());
      expect(planned[0]!.heldAt, code).toBeGreaterThan(env.clock.now());
      const h = await env.city.ok<Detail>('GET', `/api/v1/meetings/${held[0]!.id}`);
      expect(h.minutes, code).toBeTruthy();
      const made = h.resolutions.flatMap((r) => r.projects);
      expect(made.length, code).toBeGreaterThan(0);
      for (const r of h.resolutions) {
        // decided at the meeting, not when the demo was seeded
        expect(r.createdAt, `${code} ${r.text}`).toBeGreaterThanOrEqual(h.heldAt);
        expect(r.createdAt, `${code} ${r.text}`).toBeLessThan(h.heldAt + DAY);
        for (const rp of r.projects) {
          // the resolutions' projects are part of the alliance's 项目清单, under its root, dated with their resolution
          expect(rp.parentId, `${code} ${rp.title}`).not.toBeNull();
          const p = await env.city.ok<Project>('GET', `/api/v1/projects/${rp.id}`);
          expect(p.createdAt - r.createdAt, `${code} ${rp.title}`).toBeGreaterThanOrEqual(0);
          expect(p.createdAt - r.createdAt, `${code} ${rp.title}`).toBeLessThan(1000);
        }
      }
      // called a week or so before it met, marked held at its end, before its resolutions were recorded
      expect(h.createdAt, code).toBeLessThan(h.heldAt);
      expect(h.updatedAt, code).toBeGreaterThan(h.heldAt);
      expect(h.updatedAt, code).toBeLessThanOrEqual(Math.min(...h.resolutions.map((r) => r.createdAt)));
      // its topics were put on the agenda between the call and the meeting
      for (const i of h.agenda) {
        expect(i.addedAt, code).toBeGreaterThan(h.createdAt);
        expect(i.addedAt, code).toBeLessThan(h.heldAt);
      }
      // the root project the resolutions' projects went under was drawn up before the meeting was called: no child is
      // older than its parent, on the list or on the root's timeline
      const root = await env.city.ok<Project>('GET', `/api/v1/projects/${made[0]!.parentId!}`);
      expect(root.createdAt, code).toBeLessThan(h.createdAt);
      const tl = await env.city.ok<{ items: Array<{ action: string; at: number }> }>('GET', `/api/v1/projects/${root.id}/timeline`);
      expect(tl.items.find((e) => e.action === 'create')?.at, code).toBe(root.createdAt);
      expect(root.updatedAt, code).toBeGreaterThanOrEqual(Math.max(...h.resolutions.map((r) => r.createdAt)));
      // the planned meeting took some of the 吹哨 cases, not all: the 吹哨议题 page's default filter (待上会) shows the rest
      const p = await env.city.ok<Detail>('GET', `/api/v1/meetings/${planned[0]!.id}`);
      const waiting = await env.city.ok<List<{ ticketTitle: string }>>('GET', '/api/v1/agenda-items?state=waiting');
      expect(waiting.total, code).toBeGreaterThanOrEqual(1);
      const taken = await env.city.ok<List<{ meetingId: string | null }>>('GET', '/api/v1/agenda-items?state=taken&pageSize=50');
      expect(p.agenda.filter((i) => i.kind === 'case').length, code).toBe(taken.total);
      for (const i of taken.items) expect(i.meetingId, code).toBe(planned[0]!.id);
      expect(taken.total, code).toBe(code === 'QG' ? 0 : 1);
    }
    // 泉港: the 《商居共建自治公约》 from the seeds, and its one 吹哨 case (油烟) waiting for a meeting
    await inAlliance('QG');
    const qg = (await env.city.ok<List<Meeting>>('GET', `/api/v1/meetings?status=held`)).items[0]!;
    const d = await env.city.ok<Detail>('GET', `/api/v1/meetings/${qg.id}`);
    expect(d.resolutions.map((r) => r.text).join()).toContain('《商居共建自治公约》');
    const qgWaiting = await env.city.ok<List<{ ticketTitle: string }>>('GET', '/api/v1/agenda-items?state=waiting');
    expect(qgWaiting.items.map((i) => i.ticketTitle)).toEqual(['美食街西段油烟扰民']);
    // HHX: the 油烟 case is on the 12 月 agenda; the 音响外放 one waits
    await inAlliance('HHX');
    const next = (await env.city.ok<List<Meeting>>('GET', '/api/v1/meetings?status=planned')).items[0]!;
    expect((await env.city.ok<Detail>('GET', `/api/v1/meetings/${next.id}`)).agenda.some((i) => i.kind === 'case' && i.ticketId !== null)).toBe(true);
    const hhxWaiting = await env.city.ok<List<{ ticketTitle: string }>>('GET', '/api/v1/agenda-items?state=waiting');
    expect(hhxWaiting.items.map((i) => i.ticketTitle)).toEqual(['稠州中路商铺音响外放招揽顾客']);
  });

  it("shows the city administrator's 全市总览: the three alliances, this month and their earlier year, each rate from its own counts", async () => {
    const now = env.clock.now();
    const month = shanghaiDate(now).slice(0, 7);
    type Rates = { rated: number; ratedSatisfied: number; satisfactionRate: number | null };
    const o = await env.city.ok<{
      alliances: Array<{ code: string; reported: number; open: number; rates: Rates }>;
      total: { reported: number; rates: Rates };
    }>('GET', `/api/v1/city/overview?month=${month}`);
    expect(o.alliances.map((a) => a.code)).toEqual(expect.arrayContaining(['HHX', 'LJJ', 'QG']));
    for (const a of o.alliances.filter((x) => ['HHX', 'LJJ', 'QG'].includes(x.code))) {
      expect(a.reported, a.code).toBeGreaterThan(0);
      expect(a.open, a.code).toBeGreaterThan(0);
    }
    expect(o.total.reported).toBe(o.alliances.reduce((s, a) => s + a.reported, 0));
    // six months back lies in the history written in bulk: settled cases with ratings in every alliance
    const d = new Date(now);
    const past = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 6, 15)).toISOString().slice(0, 7);
    const p = await env.city.ok<typeof o>('GET', `/api/v1/city/overview?month=${past}`);
    for (const code of ['HHX', 'LJJ', 'QG']) {
      const a = p.alliances.find((x) => x.code === code);
      expect(a?.reported, code).toBeGreaterThan(0);
      expect(a?.rates.rated, code).toBeGreaterThan(0);
    }
    expect(p.total.rates.rated).toBe(p.alliances.reduce((s, a) => s + a.rates.rated, 0));
    expect(p.total.rates.satisfactionRate).toBe(p.total.rates.ratedSatisfied / p.total.rates.rated);
  });

  it('does nothing the second time', async () => {
    const before = await env.city.ok<List<unknown>>('GET', '/api/v1/alliances?pageSize=200');
    const again = await seedDemo(env.app, env.deps);
    expect(again.created).toBe(false);
    const after = await env.city.ok<List<unknown>>('GET', '/api/v1/alliances?pageSize=200');
    expect(after.total).toBe(before.total);
    await inAlliance('HHX');
    const ppl = await env.city.ok<List<unknown>>('GET', '/api/v1/people?pageSize=1');
    expect(ppl.total).toBe(DEMO_ALLIANCES[0]!.people.length);
  });
});
