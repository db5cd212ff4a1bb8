/**
 * One merchant with everything the credit module keeps about it, computed the way credit.ledger.ts computes it:
 * the cases about the shop (complaints with verdicts, ratings), the 十二分制 ledger (inspections' deductions and the
 * consumer-complaint deduction of every upheld complaint) over its cycles, the consequences that fired (once per
 * threshold and cycle) with their committee notices, this month's 红黄旗 and the stars — and the summary columns of
 * the merchants row, which therefore match the ledger; and, for most operating shops, the 亮身份·亮职责·亮承诺 promise.
 * The alliance's evaluation rounds and the plaques they grant follow once all its merchants are written (plaques.ts).
 */
import {
  CONSUMER_COMPLAINT_ITEM,
  CREDIT_MAX_POINTS,
  DEFAULT_CREDIT_SETTINGS,
  MERCHANT_BUSINESS_TYPES,
  crossedConsequences,
  cycleAt,
  deductionApplied,
  monthRange,
  monthlyFlag,
  previousMonth,
  shanghaiMonth,
  starScore,
  type MonthFacts,
} from '@tongxin/domain';
import type { Deps } from '../../../lib/context.ts';
import { newId } from '../../../lib/ids.ts';
import { newPublicCode } from '../../merchants/index.ts';
import { address, creditCode, mobile, personName, shopName } from './names.ts';
import { weighted, type Rand } from './rng.ts';
import type { Sink, TableSpec } from './sink.ts';
import type { RankFacts } from './plaques.ts';
import { promiseOf } from './promises.ts';
import { CREDIT_ACCOUNTS, CREDIT_CYCLES, CREDIT_ENTRIES, CREDIT_FIRES, CREDIT_FLAGS, CREDIT_NOTICES, CREDIT_PROMISES, MERCHANTS } from './specs.ts';
import { createdAt, writeTicket, type TicketContext, type TicketFacts } from './tickets.ts';

const DAY = 86_400_000;
const MONTH_MS = 30 * DAY; // the window unit of credit.ledger.ts
const settings = DEFAULT_CREDIT_SETTINGS;

const BUSINESS = weighted(
  (
    [
      ['catering', 30],
      ['retail', 20],
      ['clothing', 12],
      ['beauty', 7],
      ['life_service', 8],
      ['lodging', 3],
      ['entertainment', 3],
      ['education', 3],
      ['pharmacy', 3],
      ['repair', 4],
      ['wholesale', 5],
      ['other', 2],
    ] as Array<[(typeof MERCHANT_BUSINESS_TYPES)[number], number]>
  ).map(([k, w]) => [k, w] as const),
);
const INSPECTIONS = weighted([
  [0, 55],
  [1, 24],
  [2, 12],
  [3, 6],
  [4, 3],
] as const);
// which catalogue items inspections find, by how often the seeds report them
const ITEM_WEIGHTS: Record<string, number> = {
  road_occupation: 30,
  frontage_duties: 22,
  waste_sorting: 16,
  fume: 10,
  noise: 8,
  outdoor_ad: 8,
  fire_hazard: 4,
  price_fraud: 1,
  food_safety: 1,
};

/** Rows held back until the merchant row is written (its cases reference it). */
class Deferred {
  rows: Array<[TableSpec, unknown[]]> = [];
  add(spec: TableSpec, row: unknown[]): void {
    this.rows.push([spec, row]);
  }
}

export interface MerchantJob {
  deps: Deps;
  sink: Sink;
  rand: Rand;
  ctx: TicketContext;
  /** city-wide index of the merchant (makes its credit code unique) */
  n: number;
  now: number;
  start: number;
  /** mean number of cases about one shop */
  casesPerMerchant: number;
  items: Array<{ id: string; code: string; name: string; points: number }>;
  pickItem: (r: Rand) => { id: string; code: string; name: string; points: number };
  /** what the alliance's evaluation rounds rank each merchant by (plaques.ts), filled as merchants are written */
  ranked: RankFacts[];
}

/** The catalogue picker for inspections (everything but the complaint item, by ITEM_WEIGHTS). */
export function itemPicker(items: MerchantJob['items']): MerchantJob['pickItem'] {
  return weighted(items.filter((i) => i.code !== CONSUMER_COMPLAINT_ITEM).map((i) => [i, ITEM_WEIGHTS[i.code] ?? 1] as const));
}

interface Ev {
  at: number;
  item: MerchantJob['items'][number];
  ticketId: string | null;
  inspector: string;
}

/** Writes one merchant, its cases and its credit rows; returns how many cases it wrote. */
export function writeMerchant(j: MerchantJob): number {
  const { rand, ctx, now, start, deps } = j;
  const sk = ctx.sk;
  const id = newId(now);
  const type = BUSINESS(rand);
  const name = shopName(rand, type);
  const leafIdx = Math.floor(rand() * sk.leaves.length);
  const leaf = sk.leaves[leafIdx] as Skeleton['leaves'][number];
  // the 邻铺长 runs a shop of the cell; the first merchant drawn for a cell is theirs
  const ledBy = !leadersUsed.has(leaf.id) && rand() < 0.5;
  if (ledBy) leadersUsed.add(leaf.id);
  const operator = ledBy ? { name: leaf.shopLeaderName } : personName(rand);
  const created = rand() < 0.6 ? start - Math.floor(rand() * 3 * 365 * DAY) : start + Math.floor(rand() * (now - start - 7 * DAY));
  const addr = address(rand, sk.cityIndex);
  const phone = rand() < 0.85 ? mobile(rand) : null;
  const status = rand() < 0.04 ? 'closed' : 'operating';

  // cases about the shop
  const deferred = new Deferred();
  const facts: TicketFacts[] = [];
  let cases = 0;
  const lambda = j.casesPerMerchant;
  let k = 0;
  while (rand() < lambda / (lambda + 1) && k < 40) k++;
  const from = Math.max(start, created);
  for (let c = 0; c < k; c++) {
    const at = createdAt(rand, from, now);
    facts.push(writeTicket(deferred as unknown as Sink, rand, ctx, at, now, { id, name, gridId: leaf.id, address: addr }));
    cases++;
  }

  // the ledger's events: inspections' deductions and the upheld complaints' deduction (at the verdict)
  const evs: Ev[] = [];
  const n = status === 'closed' ? 0 : INSPECTIONS(rand);
  for (let d = 0; d < n; d++)
    evs.push({ at: from + Math.floor(rand() * (now - from - 1000)), item: j.pickItem(rand), ticketId: null, inspector: pickName(rand, sk.staffNames) });
  const complaintItem = j.items.find((i) => i.code === CONSUMER_COMPLAINT_ITEM);
  for (const f of facts)
    if (f.verdict === 'upheld' && f.verdictAt !== null && complaintItem)
      evs.push({ at: f.verdictAt, item: complaintItem, ticketId: f.id, inspector: pickName(rand, sk.staffNames) });
  evs.sort((a, b) => a.at - b.at);

  // cycles: opened at the first event (or now), rolled at each boundary, the current one open
  type Cyc = {
    id: string;
    startsAt: number;
    endsAt: number;
    label: string;
    balance: number;
    fired: Set<number>;
    entries: Array<{ at: number; balance: number }>;
  };
  const cycles: Cyc[] = [];
  const openCycle = (at: number, startsAt?: number): Cyc => {
    const c = cycleAt(settings.cycle, at);
    const cyc = {
      id: newId(now),
      startsAt: startsAt ?? c.startsAt,
      endsAt: c.endsAt,
      label: c.label,
      balance: CREDIT_MAX_POINTS,
      fired: new Set<number>(),
      entries: [],
    };
    cycles.push(cyc);
    return cyc;
  };
  let cur: Cyc | null = null;
  const rollTo = (at: number) => {
    if (!cur) cur = openCycle(at);
    while (cur.endsAt <= at) cur = openCycle(cur.endsAt, cur.endsAt);
    return cur;
  };
  const entries: unknown[][] = [];
  const fires: unknown[][] = [];
  const notices: unknown[][] = [];
  let consequenceYellowMonth: string | null = null;
  let seq = 0;
  for (const e of evs) {
    const c = rollTo(e.at);
    const before = c.balance;
    const applied = deductionApplied(before, e.item.points);
    const after = before - applied;
    const entryId = newId(e.at);
    entries.push([
      entryId,
      sk.id,
      id,
      c.id,
      ++seq,
      'deduction',
      e.item.id,
      e.item.code,
      e.item.name,
      e.item.points,
      applied,
      -applied,
      after,
      '[]',
      e.ticketId ? null : addr,
      e.ticketId ? '消费投诉经核查属实' : '巡查发现',
      null,
      e.inspector,
      e.ticketId,
      e.at,
    ]);
    c.balance = after;
    c.entries.push({ at: e.at, balance: after });
    for (const q of crossedConsequences(settings.consequences, before, after)) {
      if (c.fired.has(q.threshold)) continue;
      c.fired.add(q.threshold);
      fires.push([c.id, q.threshold, sk.id, id, entryId, JSON.stringify(q.actions), e.at]);
      if (q.actions.includes('yellow_flag')) consequenceYellowMonth = shanghaiMonth(e.at);
      if (q.actions.includes('committee_notice'))
        notices.push([
          newId(e.at),
          sk.id,
          id,
          'committee',
          'threshold',
          `${name} 信用分降至 ${after} 分`,
          `十二分制本周期分值已降至 ${after} 分，达到 ${q.threshold} 分处置线，请商圈党委研究处置。`,
          JSON.stringify({ threshold: q.threshold, points: after, entryId }),
          e.at,
        ]);
    }
  }
  const current = rollTo(now);

  // the summary, from the same facts refreshSummary reads
  const month = shanghaiMonth(now);
  const prev = previousMonth(month);
  const pointsAt = (at: number): number => {
    const c = cycles.find((x) => x.startsAt <= at && at < x.endsAt);
    if (!c) return CREDIT_MAX_POINTS;
    let b = CREDIT_MAX_POINTS;
    for (const e of c.entries) if (e.at <= at) b = e.balance;
    return b;
  };
  const monthFacts = (m: string): MonthFacts => {
    const { start: s, end } = monthRange(m);
    const until = Math.min(end, now + 1);
    let deducted = 0;
    for (const [, , , , , , , , , , applied, , , , , , , , , at] of entries as Array<
      [
        string,
        string,
        string,
        string,
        number,
        string,
        string,
        string,
        string,
        number,
        number,
        number,
        number,
        string,
        string,
        string,
        null,
        string,
        string | null,
        number,
      ]
    >)
      if (at >= s && at < until) deducted += applied;
    const upheld = facts.filter((f) => f.verdict === 'upheld' && f.verdictAt !== null && f.verdictAt >= s && f.verdictAt < until).length;
    return { deductedPoints: deducted, upheldComplaints: upheld, endPoints: pointsAt(until - 1) };
  };
  const since = now - settings.stars.windowMonths * MONTH_MS;
  const rated = facts.filter((f) => f.stars !== null && f.ratedAt !== null && f.ratedAt >= since);
  const avg = rated.length ? rated.reduce((s, f) => s + (f.stars as number), 0) / rated.length : null;
  const upheldInCycle = facts.filter((f) => f.verdict === 'upheld' && f.verdictAt !== null && f.verdictAt >= current.startsAt && f.verdictAt < now + 1).length;
  const { stars } = starScore(settings.stars, { points: current.balance, upheldComplaints: upheldInCycle, ratingAverage: avg, participation: 0 });
  const consequenceYellow = consequenceYellowMonth === month;
  const flag = monthlyFlag(settings.flags, {
    previous: monthFacts(prev),
    registeredAllOfPrevious: created <= monthRange(prev).start,
    current: monthFacts(month),
    consequenceYellow,
  });

  const partyMember = ledBy || rand() < 0.04;
  const promise = status === 'operating' && rand() < (partyMember ? 0.9 : 0.35) ? promiseOf(rand, name, operator.name, partyMember) : null;
  const promisedAt = promise ? created + Math.floor(rand() * Math.max(DAY, now - created - DAY)) : 0;
  j.sink.add(MERCHANTS, [
    id,
    sk.id,
    creditCode(j.n, sk.areaCode, rand() < 0.78),
    name,
    type,
    addr,
    null,
    null,
    null,
    null,
    null,
    leaf.id,
    ledBy ? leaf.shopLeader : null,
    operator.name,
    partyMember ? 1 : 0,
    deps.cipher.encrypt(phone),
    deps.cipher.phoneIndex(phone),
    status,
    newPublicCode(),
    rand() < 0.01 ? 1 : 0,
    current.balance,
    stars,
    flag.flag,
    // the plaques the alliance's rounds grant are written onto the row afterwards (plaques.ts)
    '[]',
    promise?.text ?? null,
    created,
    now,
  ]);
  if (promise)
    j.sink.add(CREDIT_PROMISES, [newId(promisedAt), sk.id, id, promise.identity, promise.duty, promise.pledge, promise.text, null, '商圈党委', promisedAt]);
  j.ranked.push({
    id,
    name,
    created,
    operating: status === 'operating',
    partyMember,
    pointsAt,
    ratingAverage: avg,
    upheld: upheldInCycle,
    upheldAt: facts.filter((f) => f.verdict === 'upheld' && f.verdictAt !== null).map((f) => ({ at: f.verdictAt as number, number: f.number })),
  });
  for (const [spec, row] of deferred.rows) j.sink.add(spec, row);
  for (const c of cycles) {
    const open = c === current;
    j.sink.add(CREDIT_CYCLES, [c.id, sk.id, id, c.label, c.startsAt, c.endsAt, CREDIT_MAX_POINTS, open ? null : c.balance, open ? null : c.endsAt]);
  }
  j.sink.add(CREDIT_ACCOUNTS, [id, sk.id, current.id, current.endsAt, month, now]);
  for (const e of entries) j.sink.add(CREDIT_ENTRIES, e);
  for (const f of fires) j.sink.add(CREDIT_FIRES, f);
  j.sink.add(CREDIT_FLAGS, [id, month, sk.id, flag.flag, JSON.stringify(flag.reasons), consequenceYellow ? 1 : 0, now]);
  for (const x of notices) j.sink.add(CREDIT_NOTICES, x);
  return cases;
}

const leadersUsed = new Set<string>();
const pickName = (rand: Rand, xs: string[]) => xs[Math.floor(rand() * xs.length)] ?? '网格员';
type Skeleton = import('./structure.ts').Skeleton;
