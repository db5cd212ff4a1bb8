/**
 * One generated case with the lifecycle facts the 三率, the SLA views and the lists read: a state drawn by age (most
 * closed, some open, some overdue, a few reopened), dispatch/accept/resolve/close times within or past the category's
 * SLA, ratings (some by 回访, some 未评价), the lead and assisting units, its number and its search tokens.
 */
import { newId } from '../../../lib/ids.ts';
import { CITIES, personName } from './names.ts';
import { int, pick, rng, weighted, zipf, type Rand } from './rng.ts';
import type { Sink } from './sink.ts';
import type { Skeleton } from './structure.ts';
import { RETURNED_DISPATCHES, TICKET_COUNTERS, TICKET_SEARCH, TICKET_UNITS, TICKETS } from './specs.ts';
import { caseText, searchTokens } from './ticketText.ts';
import { writeTimeline, type ReturnedDispatch, type TimelineNames } from './timeline.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** cases created within this many days get their timeline events */
const TIMELINE_DAYS = 90;

const STATUS_NEW = weighted([
  ['submitted', 30],
  ['dispatched', 30],
  ['accepted', 30],
  ['resolved', 10],
] as const);
const STATUS_MONTH = weighted([
  ['submitted', 2],
  ['dispatched', 5],
  ['accepted', 22],
  ['resolved', 20],
  ['closed', 45],
  ['cancelled', 4],
  ['merged', 2],
] as const);
const STATUS_OLD = weighted([
  ['accepted', 1.5],
  ['closed', 91],
  ['cancelled', 5],
  ['merged', 2.5],
] as const);
const KIND_BY_CATEGORY: Record<string, string> = { XFJF: 'complaint', SHFW: 'need', WXY: 'wish', XFYH: 'hazard', TFSJ: 'hazard' };
const OTHER_KIND = weighted([
  ['report', 70],
  ['complaint', 15],
  ['feedback', 5],
  ['errand', 5],
  ['need', 5],
] as const);
const STARS = weighted([
  [5, 55],
  [4, 27],
  [3, 10],
  [2, 4],
  [1, 4],
] as const);

/** What writeTicket reads of the alliance: a generated skeleton, or a demo alliance's own rows. */
export type CaseAlliance = Pick<Skeleton, 'id' | 'code' | 'categories'>;

/** Per-alliance state of the case generator: pickers and the per-day number counters. */
export interface TicketContext<S extends CaseAlliance = Skeleton> {
  sk: S;
  pickCategory: (r: Rand) => Skeleton['categories'][number];
  pickLeaf: (r: Rand) => Skeleton['leaves'][number];
  pickUnit: (r: Rand) => string;
  leadOf: Map<string, string>;
  seq: Map<string, number>;
  roads: string[];
  shops: string[];
  /** the timelines draw from their own stream, so adding them left every other generated value as it was */
  timelineRand: Rand;
  names: TimelineNames;
}

// which unit leads a category's cases by default (by the unit templates' names in structure.ts)
const LEAD_BY_CATEGORY: Record<string, string> = {
  SRHJ: '综合行政执法中队',
  XCGG: '综合行政执法中队',
  SGGL: '综合行政执法中队',
  TFSJ: '消防救援站',
  JMZX: '综合行政执法中队',
  HJWS: '综合行政执法中队',
  XFYH: '消防救援站',
  TCGL: '交警中队',
  YY: '生态环境分局执法大队',
  ZY: '生态环境分局执法大队',
  ZDJY: '综合行政执法中队',
  XFJF: '市场监督管理所',
  SDQ: '供电所',
  SHFW: '农商银行支行',
  WXY: '志愿者协会',
};

/** Draws a case's category: the street-order categories carry most cases, as in every seed's statistics. */
export function categoryPicker<C extends { code: string }>(categories: readonly C[]): (r: Rand) => C {
  const order = ['JMZX', 'ZDJY', 'HJWS', 'SRHJ', 'TCGL', 'YY', 'ZY', 'XFJF', 'XCGG', 'XFYH', 'SDQ', 'SGGL', 'SHFW', 'WXY', 'TFSJ'];
  const cats = [...categories].sort((a, b) => ((order.indexOf(a.code) + 99) % 99) - ((order.indexOf(b.code) + 99) % 99));
  return zipf(cats, 0.9);
}

/** The case generator's state for one alliance. */
export function ticketContext(sk: Skeleton, shops: string[]): TicketContext {
  const leadOf = new Map<string, string>();
  for (const c of sk.categories) {
    const u = sk.unitByName.get(LEAD_BY_CATEGORY[c.code] ?? '');
    if (u) leadOf.set(c.id, u);
  }
  return {
    sk,
    pickCategory: categoryPicker(sk.categories),
    pickLeaf: zipf(sk.leaves, 0.4),
    pickUnit: zipf(sk.units, 0.8),
    leadOf,
    seq: new Map(),
    roads: (CITIES[sk.cityIndex] as (typeof CITIES)[number]).roads,
    shops,
    timelineRand: rng(0x7e1e + sk.cityIndex * 7919 + sk.code.length),
    names: { staff: sk.staffNames, unitName: new Map([...sk.unitByName].map(([name, id]) => [id, name])) },
  };
}

const dayOf = (ms: number) => {
  const d = new Date(ms + 8 * HOUR);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
};

/** What a merchant-linked case needs from its merchant. */
export interface TicketMerchant {
  id: string;
  name: string;
  gridId: string;
  address: string;
}

/** What the generator reports back about a case (for the merchant's credit facts). */
export interface TicketFacts {
  id: string;
  number: string;
  verdict: 'upheld' | 'rejected' | null;
  verdictAt: number | null;
  stars: number | null;
  ratedAt: number | null;
}

/** The final states of a settled case: closed, or ended without handling. */
const SETTLED = new Set(['closed', 'cancelled', 'merged']);
/** A settled case's feedback lies at least this long before now, so its rating (≤ 14 days) or 未评价 close (15) is past. */
const SETTLED_RESOLVED_BEFORE = 16 * DAY;

/**
 * Writes one case created at `created` (and its assisting units, search row) to the sink. A merchant-linked case is a
 * complaint (消费纠纷) or a street-order report about that shop; closed complaints carry a verdict. A `settled` case
 * (the demo's history, created at least 20 days before now) is closed, cancelled or merged: it adds nothing to the open
 * work, the SLA clock or the overdue lists; it names its street as address and always gets its timeline (a few hundred).
 */
export function writeTicket(
  sink: Sink,
  rand: Rand,
  ctx: TicketContext<CaseAlliance>,
  created: number,
  now: number,
  m: TicketMerchant | null,
  settled = false,
): TicketFacts {
  const sk = ctx.sk;
  const complaint = m !== null && rand() < 0.6;
  const cat = complaint
    ? (sk.categories.find((c) => c.code === 'XFJF') ?? ctx.pickCategory(rand))
    : m
      ? (sk.categories.find((c) => c.code === pick(rand, ['ZDJY', 'YY', 'ZY', 'HJWS'])) ?? ctx.pickCategory(rand))
      : ctx.pickCategory(rand);
  const kind = complaint ? 'complaint' : (KIND_BY_CATEGORY[cat.code] ?? OTHER_KIND(rand));
  const age = now - created;
  let status: string = (age < 3 * DAY ? STATUS_NEW : age < 30 * DAY ? STATUS_MONTH : STATUS_OLD)(rand);
  if (settled && !SETTLED.has(status)) status = 'closed';
  const urgent = cat.code === 'TFSJ' || rand() < 0.04;
  const reached = status !== 'submitted' && status !== 'cancelled' && status !== 'merged';
  let dispatched: number | null = null;
  let accepted: number | null = null;
  let resolved: number | null = null;
  let closed: number | null = null;
  let acceptDue: number | null = null;
  let due: number | null = null;
  let lead: string | null = null;
  const slaMs = urgent ? cat.urgentHours * HOUR : cat.resolveDays * 1.4 * DAY; // working days ≈ 1.4 calendar days
  let returned: ReturnedDispatch | null = null;
  if (reached) {
    dispatched = created + Math.floor((0.1 + rand() * (rand() < 0.9 ? 2 : 20)) * HOUR);
    lead = rand() < 0.85 ? (ctx.leadOf.get(cat.id) ?? ctx.pickUnit(rand)) : ctx.pickUnit(rand);
    // about 4 % went to a wrong unit first, which returned it (退单): two thirds within its accept deadline, the rest after
    if (rand() < 0.04) {
      const unitId = ctx.pickUnit(rand);
      const first = created + Math.floor((0.05 + rand() * 0.5) * HOUR);
      const returnedAt = first + Math.floor(cat.acceptHours * HOUR * (rand() < 0.67 ? 0.1 + rand() * 0.8 : 1.05 + rand()));
      const redispatched = Math.max(dispatched, returnedAt + Math.floor((0.2 + rand()) * HOUR));
      if (unitId !== lead && redispatched < now - HOUR) {
        returned = { id: newId(returnedAt), unitId, dispatched: first, acceptDue: first + cat.acceptHours * HOUR, returnedAt };
        dispatched = redispatched;
      }
    }
    acceptDue = dispatched + cat.acceptHours * HOUR;
    due = dispatched + slaMs;
    if (status !== 'dispatched') accepted = dispatched + Math.floor(cat.acceptHours * HOUR * (rand() < 0.92 ? rand() * 0.9 : 1 + rand() * 2));
  }
  // 86% within the SLA, the rest late (overdue); a few reopened after a bad rating and resolved again
  const reopens = accepted && rand() < 0.035 ? (rand() < 0.85 ? 1 : 2) : 0;
  if (accepted && (status === 'resolved' || status === 'closed')) {
    const frac = rand() < 0.86 ? 0.05 + rand() * 0.9 : 1.05 + rand() * 1.5;
    resolved = dispatched! + Math.floor(slaMs * frac) + reopens * Math.floor(2 * DAY * rand());
    if (settled) resolved = Math.max(accepted + HOUR, Math.min(resolved, now - SETTLED_RESOLVED_BEFORE));
  }
  let stars: number | null = null;
  let solved: number | null = null;
  let ratedAt: number | null = null;
  let byCallback: number | null = null;
  let unrated = 0;
  if (resolved !== null && resolved >= now) {
    resolved = null;
    status = 'accepted';
  }
  // only a case resolved again carries its reopens: the timeline writes each round (反馈, then the low rating) before
  // that resolution, and a reopened case still being worked would also hold the low rating and its new deadline
  const reopenCount = resolved === null ? 0 : reopens;
  if (resolved !== null && status === 'resolved' && now - resolved > 15 * DAY) status = 'closed';
  if (resolved !== null && status === 'closed') {
    if (rand() < 0.82) {
      stars = reopenCount > 0 ? STARS(rand) : STARS(rand);
      solved = rand() < (stars >= 3 ? 0.93 : 0.35) ? 1 : 0;
      byCallback = rand() < 0.12 ? 1 : 0;
      ratedAt = resolved + Math.floor((byCallback ? 7 + rand() * 7 : rand() * 6) * DAY);
      closed = ratedAt;
    } else {
      unrated = 1;
      closed = resolved + 15 * DAY;
    }
    if (closed >= now) {
      status = 'resolved';
      closed = null;
      stars = null;
      solved = null;
      ratedAt = null;
      byCallback = null;
      unrated = 0;
    }
  }
  if (status === 'cancelled' || status === 'merged') closed = Math.min(now - 1000, created + Math.floor(rand() * 2 * DAY));
  const overdue = due !== null && (resolved ?? now) > due ? 1 : 0;
  const acceptOverdue = acceptDue !== null && (accepted ?? now) > acceptDue ? 1 : 0;
  const verdict = complaint && status === 'closed' ? (rand() < 0.35 ? 'upheld' : 'rejected') : null;
  const verdictAt = verdict ? resolved : null;

  const day = dayOf(created);
  const key = day;
  const seq = (ctx.seq.get(key) ?? 0) + 1;
  ctx.seq.set(key, seq);
  const leaf = m ? null : ctx.pickLeaf(rand);
  const road = pick(rand, ctx.roads);
  const description = caseText(rand, cat.code, road, m?.name ?? pick(rand, ctx.shops));
  const title = [...description].slice(0, 20).join('');
  const id = newId(created);
  const anonymous = rand() < 0.1 ? 1 : 0;
  const reporterName = anonymous ? null : personName(rand).name;
  const number = `${sk.code}-${day}-${String(seq).padStart(4, '0')}`;
  sink.add(TICKETS, [
    id,
    sk.id,
    number,
    kind,
    status,
    cat.id,
    title,
    description,
    '[]',
    m?.address ?? (settled ? road : null),
    m?.gridId ?? leaf?.id ?? null,
    m?.name ?? null,
    m?.id ?? null,
    verdict,
    verdictAt,
    urgent ? 1 : 0,
    anonymous,
    reporterName,
    lead,
    acceptDue,
    due,
    overdue && !resolved ? 1 : 0,
    overdue,
    acceptOverdue,
    stars,
    solved,
    byCallback,
    ratedAt,
    unrated,
    reopenCount,
    null,
    created,
    closed ?? resolved ?? accepted ?? dispatched ?? created,
    dispatched,
    accepted,
    resolved,
    closed,
  ]);
  if (returned) sink.add(RETURNED_DISPATCHES, [returned.id, sk.id, id, returned.unitId, returned.dispatched, returned.acceptDue, null, returned.returnedAt]);
  if (lead && rand() < 0.12) {
    const other = ctx.pickUnit(rand);
    if (other !== lead) sink.add(TICKET_UNITS, [sk.id, id, other]);
  }
  // timelines for what staff still open — the last quarter (about 15 % of the cases) and every open case — within the
  // generator's time budget (all 1,000,000 would add ~5 million rows and ~110 s on SQLite); older closed cases carry
  // their history in the row
  if (settled || now - created < TIMELINE_DAYS * DAY || closed === null)
    writeTimeline(
      sink,
      ctx.timelineRand,
      {
        ticketId: id,
        allianceId: sk.id,
        kind,
        status,
        reporterName,
        created,
        dispatched,
        accepted,
        resolved,
        closed,
        leadUnitId: lead,
        due,
        stars,
        solved,
        byCallback,
        unrated,
        reopenCount,
        returned,
      },
      ctx.names,
    );
  const tokens = searchTokens(title, description);
  if (tokens) sink.add(TICKET_SEARCH, [id, sk.id, tokens]);
  return { id, number, verdict, verdictAt, stars, ratedAt };
}

/** Writes the per-day number counters, so the next case of a day continues after the generated ones. */
export function writeCounters(sink: Sink, ctx: TicketContext<CaseAlliance>): void {
  for (const [day, seq] of ctx.seq) sink.add(TICKET_COUNTERS, [ctx.sk.id, day, seq]);
}

/** A creation time in [start, now): recent months busier (volume grew about 60% over the span), mostly daytime. */
export function createdAt(rand: Rand, start: number, now: number): number {
  // the daily volume grows linearly by 60 % from start to now: density ∝ 1 + 0.6·x over the span, drawn by its inverse
  // CDF (x + 0.3·x²) / 1.3 = r. (It used to be sqrt(0.39·r + 0.61·r·r′), which peaked two thirds in and left the last
  // month with under 0.1 % of the cases instead of ~5 %.)
  const u = (Math.sqrt(1 + 1.56 * rand()) - 1) / 0.6;
  const base = start + Math.floor((now - start - 2 * HOUR) * Math.min(1, u));
  const d = new Date(base + 8 * HOUR);
  const hour = rand() < 0.85 ? int(rand, 8, 20) : int(rand, 0, 23);
  return Math.min(now - HOUR, base - d.getUTCHours() * HOUR + hour * HOUR);
}
