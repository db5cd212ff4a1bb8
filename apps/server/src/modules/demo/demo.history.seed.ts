/**
 * The demo alliances' earlier year: settled cases (closed, cancelled or merged) from the first day of the month eleven
 * months back up to the day before the oldest scripted case (demo.tickets.ts plays the last 30 days through the API).
 * Without them the 数据大屏's trend and the 三率 page's months show two points. They are written in bulk by the
 * city-scale generator's writeTicket and writeTimeline, the shapes the tickets module writes, with the alliance's own
 * categories, routing, grids, units, staff names and shops; reported in office hours like the scripted cases, numbered
 * per day, with a timeline each. They touch no merchant (the credit stays the scripted one) and nothing stays open,
 * so the SLA clock, the overdue lists and the 吹哨议题 are those of the scripted cases.
 */
import { shanghaiDate, shanghaiDayStart } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import type { DemoAlliance } from './demo.data.ts';
import type { Created } from './demo.seed.ts';
import { rng, zipf, type Rand } from './scale/rng.ts';
import { smallSink } from './scale/sink.ts';
import { ALL_SPECS } from './scale/specs.ts';
import { categoryPicker, writeCounters, writeTicket, type CaseAlliance, type TicketContext } from './scale/tickets.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the scripted cases reach back this many days (demo.tickets.ts `days`); the history ends the day before */
const SCRIPTED_DAYS = 30;
/** months of history before the current one */
const MONTHS = 11;

/** Cases a month and the streets the texts name, per demo alliance (the seeds' scale: a busy 商圈 takes 30–40 a month). */
const HISTORY: Record<string, { perMonth: number; roads: string[] }> = {
  HHX: { perMonth: 34, roads: ['稠州中路通惠段', '工人北路', '宾王路精品街区', '通惠农贸市场周边', '银泰百货后巷', '通惠新村'] },
  LJJ: { perMonth: 26, roads: ['六角井商圈主街', '新蒲商业街', '六角井还房小区', '六角井商圈南侧人行道', '六角井商业楼盘南门'] },
  QG: { perMonth: 10, roads: ['永嘉国潮街区美食街', '国潮文创街', '山腰街道夜市', '五号商业楼周边'] },
};

/** Writes one demo alliance's earlier year of settled cases; returns the log line. */
export async function seedDemoHistory(_app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const plan = HISTORY[a.code];
  if (!plan) return `demo: ${a.code}: no earlier cases`;
  const now = deps.clock.now();
  const ctx = await historyContext(deps, a, c, plan.roads);
  const start = monthStartBefore(now, MONTHS);
  const end = shanghaiDayStart(shanghaiDate(now - SCRIPTED_DAYS * DAY));
  const count = Math.round((plan.perMonth * (end - start)) / (30.4 * DAY));
  const rand = rng(0xd3e0 + a.code.charCodeAt(0) * 31 + a.code.length);
  const created = Array.from({ length: count }, () => officeHourIn(rand, start, end)).sort((x, y) => x - y);
  const sink = smallSink(deps.db, deps.dbKind, ALL_SPECS);
  try {
    // in time order, so each day's numbers follow the reporting times as the live intake gives them
    for (const at of created) writeTicket(sink, rand, ctx, at, now, null, true);
    writeCounters(sink, ctx);
    await sink.finish();
  } catch (e) {
    await sink.dispose();
    throw e;
  }
  return `demo: ${a.code}: ${count} earlier cases since ${shanghaiDate(start)} (closed, cancelled or merged), for the months of the 三率 and the big screen`;
}

/** The generator's state from the alliance's own rows: what the scripted seeding and the routing set up. */
async function historyContext(deps: Deps, a: DemoAlliance, c: Created, roads: string[]): Promise<TicketContext<CaseAlliance>> {
  const db = deps.db;
  const { allianceId, units } = c;
  const [cats, grids, unitRows, shops] = await Promise.all([
    db
      .selectFrom('categories')
      .select(['id', 'code', 'accept_hours', 'resolve_days', 'urgent_hours', 'default_lead_unit_id'])
      .where('alliance_id', '=', allianceId)
      .where('active', '=', 1)
      .orderBy('code')
      .execute(),
    db.selectFrom('grids').select(['id', 'parent_id']).where('alliance_id', '=', allianceId).orderBy('sort_order').execute(),
    db.selectFrom('units').select(['id', 'name']).where('alliance_id', '=', allianceId).orderBy('created_at').orderBy('id').execute(),
    db.selectFrom('merchants').select('name').where('alliance_id', '=', allianceId).orderBy('name').execute(),
  ]);
  const categories = cats.map((r) => ({
    id: r.id,
    code: r.code,
    acceptHours: Number(r.accept_hours),
    resolveDays: Number(r.resolve_days),
    urgentHours: Number(r.urgent_hours),
  }));
  const parents = new Set(grids.map((g) => g.parent_id));
  const leaves = grids.filter((g) => !parents.has(g.id)).map((g) => ({ id: g.id, shopLeader: '', shopLeaderName: '' }));
  const leadOf = new Map(cats.filter((r) => r.default_lead_unit_id !== null).map((r) => [r.id, r.default_lead_unit_id as string]));
  const staff = a.accounts.filter((x) => x.role === 'staff' || x.role === 'admin').map((x) => x.displayName);
  // each unit's handler account acts for it, as in the scripted cases
  const handlerName = new Map(
    a.accounts.flatMap((x) => {
      const unitId = x.role === 'unit_handler' && x.unit ? units.get(x.unit) : undefined;
      return unitId ? [[unitId, x.displayName] as const] : [];
    }),
  );
  return {
    sk: { id: allianceId, code: a.code, categories },
    pickCategory: categoryPicker(categories),
    pickLeaf: zipf(leaves, 0.4),
    pickUnit: zipf(
      unitRows.map((u) => u.id),
      0.8,
    ),
    leadOf,
    seq: new Map(),
    roads,
    shops: shops.length ? shops.map((s) => s.name) : roads.map((r) => `${r}商铺`),
    timelineRand: rng(0x7e1e + a.code.length),
    names: { staff: staff.length ? staff : ['联盟工作人员'], unitName: new Map(unitRows.map((u) => [u.id, u.name])), handlerName },
  };
}

/** The first instant of the Shanghai month `months` before the current one. */
function monthStartBefore(now: number, months: number): number {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  return shanghaiDayStart(first.toISOString().slice(0, 10));
}

/** A reporting time in [start, end): later days somewhat busier (the alliance grew), 08:30–19:30 Shanghai as the scripted cases. */
function officeHourIn(rand: Rand, start: number, end: number): number {
  const days = Math.max(1, Math.floor((end - start) / DAY));
  // density ∝ 1 + 0.6·x over the span, drawn by its inverse CDF (as the city generator's createdAt)
  const u = Math.min(0.9999, (Math.sqrt(1 + 1.56 * rand()) - 1) / 0.6);
  const day = shanghaiDayStart(shanghaiDate(start + Math.floor(u * days) * DAY + 12 * HOUR));
  return Math.min(end - HOUR, day + Math.round((8.5 + rand() * 11) * HOUR));
}
