/** Schemas and pure rules of 十二分制 credit, flags, stars, plaques, evaluation rounds, promises, objections (docs/CREDIT.md). */
import { z } from 'zod';
import { Id, NameText, OptionalText, PageQuery, Text } from '../schemas/common.ts';
import { PhotoRef } from '../tickets/schemas.ts';

/** Every cycle opens with this many points; no entry takes a balance above it or below 0. */
export const CREDIT_MAX_POINTS = 12;

export const PLAQUE_KINDS = ['party_member', 'demonstration', 'trusted', 'pioneer', 'recommended'] as const;
/** 党员经营户, 示范户, 放心店, 先锋商户, 联盟推荐商家. */
export const PlaqueKind = z.enum(PLAQUE_KINDS);
export type PlaqueKind = z.infer<typeof PlaqueKind>;

export const CREDIT_FLAGS = ['red', 'yellow'] as const;
export const CreditFlag = z.enum(CREDIT_FLAGS);
export type CreditFlag = z.infer<typeof CreditFlag>;

/** What a threshold crossing does: raise this month's yellow flag, take the revocable plaques down, notify the committee. */
export const CONSEQUENCE_ACTIONS = ['yellow_flag', 'revoke_plaques', 'committee_notice'] as const;
export const ConsequenceAction = z.enum(CONSEQUENCE_ACTIONS);
export type ConsequenceAction = z.infer<typeof ConsequenceAction>;

/** Ledger entry kinds: correction = an entry that references a wrong one; reversal = written by an upheld objection. */
export const CREDIT_ENTRY_KINDS = ['deduction', 'restoration', 'correction', 'reversal'] as const;
export type CreditEntryKind = (typeof CREDIT_ENTRY_KINDS)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const Consequence = z.object({
  /** fires when a deduction takes the balance from above this value to this value or below */
  threshold: int(0, CREDIT_MAX_POINTS - 1),
  actions: z.array(ConsequenceAction).min(1).max(3),
});
export type Consequence = z.infer<typeof Consequence>;

/** Per-alliance configuration of the credit rules; every field has a documented default. */
export const CreditSettings = z.object({
  cycle: z.object({
    /** month (1–12) a cycle starts in; cycles follow each other every lengthMonths months from there */
    startMonth: int(1, 12).default(1),
    lengthMonths: int(1, 36).default(12),
  }),
  /** days after a deduction or a verdict during which the merchant may object (异议申诉) */
  objectionDays: int(1, 90).default(15),
  consequences: z
    .array(Consequence)
    .max(12)
    .refine((xs) => new Set(xs.map((x) => x.threshold)).size === xs.length, { message: 'duplicate_threshold' }),
  /** plaques taken down by 优进绌退 (upheld complaint, revoke_plaques consequence) */
  revocablePlaques: z.array(PlaqueKind).max(PLAQUE_KINDS.length),
  revokeOnUpheldComplaint: z.boolean().default(true),
  flags: z.object({
    /** red flag: last month ended with at least these points, without deductions or upheld complaints */
    redMinPoints: int(0, CREDIT_MAX_POINTS).default(12),
    /** yellow flag: this many points deducted in one month … */
    yellowMonthDeduction: int(1, CREDIT_MAX_POINTS).default(3),
    /** … or this many upheld complaints in one month … */
    yellowUpheldComplaints: int(1, 20).default(1),
    /** … or a balance at or below this */
    yellowMaxPoints: int(0, CREDIT_MAX_POINTS - 1).default(6),
  }),
  stars: z.object({
    /** minimum score for 2, 3, 4, 5 stars (ascending) */
    thresholds: z
      .tuple([int(1, 100), int(1, 100), int(1, 100), int(1, 100)])
      .refine((t) => t[0] < t[1] && t[1] < t[2] && t[2] < t[3], { message: 'thresholds_not_ascending' }),
    complaintPenalty: int(0, 100).default(15),
    participationPoints: int(0, 20).default(5),
    participationCap: int(0, 20).default(20),
    /** ratings and participation count over this many past months */
    windowMonths: int(1, 36).default(12),
  }),
  rounds: z.object({
    /** candidates of an evaluation round need at least these points */
    minPoints: int(0, CREDIT_MAX_POINTS).default(10),
    maxCandidates: int(1, 500).default(50),
  }),
});
export type CreditSettings = z.infer<typeof CreditSettings>;

export const DEFAULT_CREDIT_SETTINGS: CreditSettings = {
  cycle: { startMonth: 1, lengthMonths: 12 },
  objectionDays: 15,
  consequences: [
    { threshold: 6, actions: ['yellow_flag'] },
    { threshold: 3, actions: ['revoke_plaques', 'committee_notice'] },
    { threshold: 0, actions: ['committee_notice'] },
  ],
  revocablePlaques: ['demonstration', 'trusted', 'pioneer', 'recommended'],
  revokeOnUpheldComplaint: true,
  flags: { redMinPoints: 12, yellowMonthDeduction: 3, yellowUpheldComplaints: 1, yellowMaxPoints: 6 },
  stars: { thresholds: [40, 60, 75, 90], complaintPenalty: 15, participationPoints: 5, participationCap: 20, windowMonths: 12 },
  rounds: { minPoints: 10, maxCandidates: 50 },
};

/** The code of the catalogue item the one-step complaint verdict deducts. */
export const CONSUMER_COMPLAINT_ITEM = 'consumer_complaint';

/** The catalogue every alliance starts with (editable): the seeds' street-order items plus consumer protection. */
export const DEFAULT_CREDIT_ITEMS: ReadonlyArray<{ code: string; name: string; points: number }> = [
  { code: 'road_occupation', name: '占道经营', points: 2 },
  { code: 'fume', name: '油烟扰民', points: 2 },
  { code: 'noise', name: '噪音扰民', points: 2 },
  { code: 'frontage_duties', name: '门前三包不落实', points: 1 },
  { code: 'waste_sorting', name: '垃圾分类不到位', points: 1 },
  { code: 'outdoor_ad', name: '违规设置户外广告', points: 1 },
  { code: 'fire_hazard', name: '消防安全隐患', points: 4 },
  { code: CONSUMER_COMPLAINT_ITEM, name: '消费投诉属实', points: 3 },
  { code: 'price_fraud', name: '价格欺诈', points: 6 },
  { code: 'food_safety', name: '食品安全问题', points: 6 },
];

// ---- catalogue

export const CreditItem = z.object({ id: Id, code: z.string(), name: z.string(), points: z.number().int(), active: z.boolean() });
export type CreditItem = z.infer<typeof CreditItem>;

export const CreditItemCreate = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'invalid_code' }),
  name: NameText(40),
  points: int(1, CREDIT_MAX_POINTS),
  active: z.boolean().optional(),
});
export type CreditItemCreate = z.infer<typeof CreditItemCreate>;

// the stored name comes back unchecked: the service refuses only a changed name holding a number (keptName)
export const CreditItemUpdate = z.object({ name: Text(40).optional(), points: int(1, CREDIT_MAX_POINTS).optional(), active: z.boolean().optional() });
export type CreditItemUpdate = z.infer<typeof CreditItemUpdate>;

// ---- ledger

/**
 * One ledger entry by an inspector. deduction: itemId (points may lower the item's points for a minor case) and at least
 * one evidence photo (十二分制: no deduction without evidence); restoration (整改后恢复): points, a photo of the
 * rectification optional; either kind with correctsEntryId is a correction of that entry (the evidence is the entry's).
 */
export const CreditEntryCreate = z
  .object({
    kind: z.enum(['deduction', 'restoration']),
    itemId: Id.optional(),
    points: int(1, CREDIT_MAX_POINTS).optional(),
    photos: z.array(Id).max(9).optional(),
    place: OptionalText(200),
    note: OptionalText(500),
    correctsEntryId: Id.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'deduction' && !b.itemId && !b.correctsEntryId) ctx.addIssue({ code: 'custom', path: ['itemId'], message: 'required' });
    if (b.kind === 'deduction' && !b.correctsEntryId && !b.photos?.length) ctx.addIssue({ code: 'custom', path: ['photos'], message: 'required' });
    if (b.kind === 'restoration' && b.itemId) ctx.addIssue({ code: 'custom', path: ['itemId'], message: 'not_allowed' });
    if (b.kind === 'restoration' && b.points === undefined) ctx.addIssue({ code: 'custom', path: ['points'], message: 'required' });
    if (b.correctsEntryId && b.points === undefined) ctx.addIssue({ code: 'custom', path: ['points'], message: 'required' });
  });
export type CreditEntryCreate = z.infer<typeof CreditEntryCreate>;

export const CreditEntry = z.object({
  id: Id,
  merchantId: Id,
  cycleId: Id,
  kind: z.enum(CREDIT_ENTRY_KINDS),
  itemId: Id.nullable(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  /** what was asked and what the 0–12 bounds let through (both positive) */
  pointsAsked: z.number().int(),
  pointsApplied: z.number().int(),
  /** signed change of the balance */
  delta: z.number().int(),
  balanceAfter: z.number().int(),
  photos: z.array(PhotoRef),
  place: z.string().nullable(),
  note: z.string().nullable(),
  inspectorName: z.string().nullable(),
  correctsEntryId: Id.nullable(),
  ticketId: Id.nullable(),
  objectionId: Id.nullable(),
  at: z.number().int(),
});
export type CreditEntry = z.infer<typeof CreditEntry>;

export const CreditCycle = z.object({
  id: Id,
  label: z.string(),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  openingPoints: z.number().int(),
  closingPoints: z.number().int().nullable(),
});
export type CreditCycle = z.infer<typeof CreditCycle>;

export const StarFacts = z.object({
  score: z.number().int(),
  points: z.number().int(),
  upheldComplaints: z.number().int(),
  ratingAverage: z.number().nullable(),
  ratingCount: z.number().int(),
  participation: z.number().int(),
});
export type StarFacts = z.infer<typeof StarFacts>;

export const PlaqueHeld = z.object({ id: Id, kind: PlaqueKind, grantedAt: z.number().int(), validUntil: z.number().int().nullable(), roundId: Id.nullable() });
export type PlaqueHeld = z.infer<typeof PlaqueHeld>;

export const PlaqueRecord = PlaqueHeld.extend({ revokedAt: z.number().int().nullable(), revokeReason: z.string().nullable() });
export type PlaqueRecord = z.infer<typeof PlaqueRecord>;

export const PromiseBody = z.object({ identity: Text(200), duty: Text(300), pledge: Text(500) });
export type PromiseBody = z.infer<typeof PromiseBody>;

export const PromiseRecord = PromiseBody.extend({ id: Id, text: z.string(), createdAt: z.number().int(), createdByName: z.string().nullable() });
export type PromiseRecord = z.infer<typeof PromiseRecord>;

export const MonthFlag = z.object({ month: z.string(), flag: CreditFlag.nullable(), reasons: z.array(z.string()) });
export type MonthFlag = z.infer<typeof MonthFlag>;

export const OBJECTION_STATUSES = ['pending', 'upheld', 'rejected'] as const;

/** The deduction an objection contests, as the committee needs it to decide: item, points, when, where, by whom, evidence. */
export const ContestedEntry = z.object({
  itemName: z.string().nullable(),
  points: z.number().int(),
  at: z.number().int(),
  place: z.string().nullable(),
  note: z.string().nullable(),
  inspectorName: z.string().nullable(),
  photos: z.array(PhotoRef),
});
export type ContestedEntry = z.infer<typeof ContestedEntry>;

export const CreditObjection = z.object({
  id: Id,
  merchantId: Id,
  merchantName: z.string(),
  entryId: Id.nullable(),
  /** the contested deduction (null for an objection to an upheld complaint) */
  contested: ContestedEntry.nullable(),
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  /** the upheld complaint's title (numbers masked), for an objection to it */
  ticketTitle: z.string().nullable(),
  reason: z.string(),
  photos: z.array(PhotoRef),
  status: z.enum(OBJECTION_STATUSES),
  filedAt: z.number().int(),
  filedByName: z.string().nullable(),
  decidedAt: z.number().int().nullable(),
  decidedByName: z.string().nullable(),
  decisionNote: z.string().nullable(),
  reversalEntryId: Id.nullable(),
});
export type CreditObjection = z.infer<typeof CreditObjection>;

/** GET /merchants/:id/credit: the summary of the current cycle with its ledger and chart series. */
export const MerchantCredit = z.object({
  merchantId: Id,
  merchantName: z.string(),
  cycle: CreditCycle,
  points: z.number().int(),
  stars: z.number().int().min(1).max(5),
  starFacts: StarFacts,
  flag: CreditFlag.nullable(),
  flagMonth: z.string(),
  plaques: z.array(PlaqueKind),
  plaqueRecords: z.array(PlaqueRecord),
  promise: z.string().nullable(),
  promises: z.array(PromiseRecord),
  entries: z.array(CreditEntry),
  /** points after each change, oldest first, with a point at each cycle start (chart) */
  history: z.array(z.object({ at: z.number().int(), points: z.number().int(), cycleId: Id })),
  cycles: z.array(CreditCycle),
  flags: z.array(MonthFlag),
  objections: z.array(CreditObjection),
  objectionDays: z.number().int(),
});
export type MerchantCredit = z.infer<typeof MerchantCredit>;

// ---- objections, verdicts, rounds, notices

export const ObjectionCreate = z
  .object({ entryId: Id.optional(), ticketId: Id.optional(), reason: Text(500), photos: z.array(Id).max(9).optional() })
  .superRefine((b, ctx) => {
    if (!!b.entryId === !!b.ticketId) ctx.addIssue({ code: 'custom', path: ['entryId'], message: 'one_of_entry_or_ticket' });
  });
export type ObjectionCreate = z.infer<typeof ObjectionCreate>;

export const ObjectionDecision = z.object({ upheld: z.boolean(), note: Text(500) });
export type ObjectionDecision = z.infer<typeof ObjectionDecision>;

export const ObjectionQuery = PageQuery.extend({ status: z.enum(OBJECTION_STATUSES).optional(), merchantId: Id.optional() });
export type ObjectionQuery = z.infer<typeof ObjectionQuery>;

/** The committee's verdict on a complaint ticket about a merchant; deduct applies 消费投诉属实 in the same step. */
export const ComplaintVerdictBody = z.object({ upheld: z.boolean(), deduct: z.boolean().optional(), note: OptionalText(500) }).superRefine((b, ctx) => {
  if (b.deduct && !b.upheld) ctx.addIssue({ code: 'custom', path: ['deduct'], message: 'only_when_upheld' });
});
export type ComplaintVerdictBody = z.infer<typeof ComplaintVerdictBody>;

export const ComplaintVerdict = z.object({
  ticketId: Id,
  merchantId: Id,
  verdict: z.enum(['upheld', 'rejected']),
  verdictAt: z.number().int(),
  entry: CreditEntry.nullable(),
  points: z.number().int(),
  stars: z.number().int(),
  flag: CreditFlag.nullable(),
  plaques: z.array(PlaqueKind),
});
export type ComplaintVerdict = z.infer<typeof ComplaintVerdict>;

/** GET /tickets/:id/verdict: whether a complaint takes a verdict, and the one given. */
export const VerdictState = z.object({
  ticketId: Id,
  kind: z.string(),
  merchantId: Id.nullable(),
  merchantName: z.string().nullable(),
  verdict: z.enum(['upheld', 'rejected']).nullable(),
  verdictAt: z.number().int().nullable(),
});
export type VerdictState = z.infer<typeof VerdictState>;

export const ROUND_STATUSES = ['open', 'finished'] as const;

export const RoundCreate = z.object({ name: NameText(60), plaqueKind: PlaqueKind, validUntil: z.number().int().positive().nullable().optional() });
export type RoundCreate = z.infer<typeof RoundCreate>;

export const EvaluationRound = z.object({
  id: Id,
  name: z.string(),
  plaqueKind: PlaqueKind,
  status: z.enum(ROUND_STATUSES),
  validUntil: z.number().int().nullable(),
  createdAt: z.number().int(),
  createdByName: z.string().nullable(),
  finishedAt: z.number().int().nullable(),
  candidates: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
});
export type EvaluationRound = z.infer<typeof EvaluationRound>;

export const RoundCandidate = z.object({
  merchantId: Id,
  merchantName: z.string(),
  rank: z.number().int(),
  score: z.number().int(),
  stars: z.number().int(),
  points: z.number().int(),
  upheldComplaints: z.number().int(),
  /** already holds the plaque: rejecting takes it down (优进绌退, 测评不满意) */
  holder: z.boolean(),
  decision: z.enum(['pending', 'approved', 'rejected']),
  note: z.string().nullable(),
  decidedAt: z.number().int().nullable(),
  decidedByName: z.string().nullable(),
});
export type RoundCandidate = z.infer<typeof RoundCandidate>;

export const RoundDetail = EvaluationRound.extend({ items: z.array(RoundCandidate) });
export type RoundDetail = z.infer<typeof RoundDetail>;

export const CandidateDecision = z.object({ approve: z.boolean(), note: OptionalText(200) });
export type CandidateDecision = z.infer<typeof CandidateDecision>;

export const RoundQuery = PageQuery.extend({ status: z.enum(ROUND_STATUSES).optional() });

export const CreditNotice = z.object({
  id: Id,
  merchantId: Id,
  merchantName: z.string(),
  audience: z.enum(['merchant', 'committee']),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.number().int(),
});
export type CreditNotice = z.infer<typeof CreditNotice>;

export const NoticeQuery = PageQuery.extend({ audience: z.enum(['merchant', 'committee']).optional() });

export const MerchantCreditParams = z.object({ id: Id });
export const RoundCandidateParams = z.object({ id: Id, merchantId: Id });

// ---- pure rules (docs/CREDIT.md); the server calls these and stores their results

const SHANGHAI = 8 * 3_600_000;

/** Epoch ms of 00:00 Asia/Shanghai on the first of a month (month may overflow: 13 → next year's January). */
export function shanghaiMonthStart(year: number, month1: number): number {
  return Date.UTC(year, month1 - 1, 1) - SHANGHAI;
}

/** The calendar year of an instant in Asia/Shanghai, and that year's [start, end) in epoch ms. */
export function shanghaiYear(ms: number): { year: number; start: number; end: number } {
  const year = new Date(ms + SHANGHAI).getUTCFullYear();
  return { year, start: Date.UTC(year, 0, 1) - SHANGHAI, end: Date.UTC(year + 1, 0, 1) - SHANGHAI };
}

/**
 * A merchant's upheld-complaint summary from the instants of its upheld verdicts: the Shanghai year of the latest and
 * how many fell in that year (0 and 0 without any). "Upheld this year" is `count` while `year` is the current year,
 * else 0: a verdict is given now, so no later year can hold one.
 */
export function upheldSummary(verdictTimes: readonly number[]): { year: number; count: number } {
  if (verdictTimes.length === 0) return { year: 0, count: 0 };
  const { year, start } = shanghaiYear(Math.max(...verdictTimes));
  return { year, count: verdictTimes.filter((t) => t >= start).length };
}

/** 'YYYY-MM' of an instant in Asia/Shanghai. */
export function shanghaiMonth(ms: number): string {
  return new Date(ms + SHANGHAI).toISOString().slice(0, 7);
}

/** [start, end) of a 'YYYY-MM' month in Asia/Shanghai. */
export function monthRange(month: string): { start: number; end: number } {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { start: shanghaiMonthStart(y, m), end: shanghaiMonthStart(y, m + 1) };
}

/** The month before a 'YYYY-MM' month. */
export function previousMonth(month: string): string {
  return shanghaiMonth(monthRange(month).start - 1);
}

/**
 * The cycle containing an instant: cycles start on the 1st of cycle.startMonth (Asia/Shanghai) of any year and
 * follow each other every lengthMonths months. A label names the year for calendar-year cycles, else the months.
 */
export function cycleAt(cycle: CreditSettings['cycle'], at: number): { startsAt: number; endsAt: number; label: string } {
  const local = new Date(at + SHANGHAI);
  // months since the anchor (year 2000 at startMonth), floored to a multiple of the length
  const idx = (local.getUTCFullYear() - 2000) * 12 + local.getUTCMonth() - (cycle.startMonth - 1);
  const k = Math.floor(idx / cycle.lengthMonths) * cycle.lengthMonths;
  const startMonths = k + cycle.startMonth - 1;
  const sy = 2000 + Math.floor(startMonths / 12);
  const sm = (((startMonths % 12) + 12) % 12) + 1;
  const startsAt = shanghaiMonthStart(sy, sm);
  const endsAt = shanghaiMonthStart(sy, sm + cycle.lengthMonths);
  const last = shanghaiMonth(endsAt - 1);
  const first = shanghaiMonth(startsAt);
  const label = cycle.lengthMonths === 12 && sm === 1 ? String(sy) : first === last ? first : `${first}~${last}`;
  return { startsAt, endsAt, label };
}

/** Points a deduction takes from a balance: never more than what is left. */
export function deductionApplied(balance: number, asked: number): number {
  return Math.max(0, Math.min(asked, balance));
}

/** Points a restoration gives back: never past CREDIT_MAX_POINTS, nor past an optional cap (what the corrected entry took). */
export function restorationApplied(balance: number, asked: number, cap = Number.POSITIVE_INFINITY): number {
  return Math.max(0, Math.min(asked, CREDIT_MAX_POINTS - balance, cap));
}

/** The consequences whose threshold a change from `before` to `after` crosses downwards (before > threshold ≥ after). */
export function crossedConsequences(consequences: readonly Consequence[], before: number, after: number): Consequence[] {
  return consequences.filter((c) => before > c.threshold && after <= c.threshold).sort((a, b) => b.threshold - a.threshold);
}

/** What happened to a merchant within one month. */
export interface MonthFacts {
  /** points deducted by deductions of that month, less what corrections and upheld objections gave back */
  deductedPoints: number;
  upheldComplaints: number;
  /** the balance at the end of the month (or now, for the running month) */
  endPoints: number;
}

/**
 * This month's 红黄旗. Yellow when last month's or this month's facts meet a yellow rule, or a yellow_flag consequence
 * fired this month; otherwise red when last month was clean (no deduction, no upheld complaint, ended with at least
 * redMinPoints) and the merchant was registered for the whole of it (registeredAllOfPrevious); otherwise none.
 */
export function monthlyFlag(
  rules: CreditSettings['flags'],
  input: { previous: MonthFacts | null; current: MonthFacts; consequenceYellow: boolean; registeredAllOfPrevious?: boolean },
): { flag: CreditFlag | null; reasons: string[] } {
  const reasons: string[] = [];
  const yellowOf = (f: MonthFacts, when: 'previous' | 'current') => {
    if (f.deductedPoints >= rules.yellowMonthDeduction) reasons.push(`${when}_month_deduction`);
    if (f.upheldComplaints >= rules.yellowUpheldComplaints) reasons.push(`${when}_month_complaints`);
    if (f.endPoints <= rules.yellowMaxPoints) reasons.push(`${when}_low_points`);
  };
  if (input.previous) yellowOf(input.previous, 'previous');
  yellowOf(input.current, 'current');
  if (input.consequenceYellow) reasons.push('consequence');
  if (reasons.length) return { flag: 'yellow', reasons: [...new Set(reasons)] };
  const p = input.previous;
  if (p && input.registeredAllOfPrevious !== false && p.deductedPoints === 0 && p.upheldComplaints === 0 && p.endPoints >= rules.redMinPoints)
    return { flag: 'red', reasons: ['previous_month_clean'] };
  return { flag: null, reasons: [] };
}

/** Inputs of the star score, all measured from stored rows (docs/CREDIT.md "Stars"). */
export interface StarInput {
  points: number;
  /** complaints about the merchant upheld in the current cycle */
  upheldComplaints: number;
  /** average 1–5 rating of tickets concerning the merchant in the window; null when none was rated */
  ratingAverage: number | null;
  /** tickets the merchant's operator reported (needs, 随手拍, hazards, wishes) in the window, not cancelled or merged */
  participation: number;
}

/**
 * Score 0–100 = 5 × points (0–60) + rating part (none rated: 10; else (average − 1) × 5, 0–20)
 * + min(participation × participationPoints, participationCap) − upheld complaints × complaintPenalty, clamped.
 * Stars: 1, or 2–5 from the ascending thresholds.
 */
export function starScore(rules: CreditSettings['stars'], f: StarInput): { score: number; stars: number } {
  const pointsPart = 5 * Math.max(0, Math.min(CREDIT_MAX_POINTS, f.points));
  const ratingPart = f.ratingAverage === null ? 10 : Math.round((Math.max(1, Math.min(5, f.ratingAverage)) - 1) * 5);
  const participationPart = Math.min(f.participation * rules.participationPoints, rules.participationCap);
  const raw = pointsPart + ratingPart + participationPart - f.upheldComplaints * rules.complaintPenalty;
  const score = Math.max(0, Math.min(100, Math.round(raw)));
  let stars = 1;
  rules.thresholds.forEach((t, i) => {
    if (score >= t) stars = i + 2;
  });
  return { score, stars };
}

/** An alliance's stored credit settings (JSON), or the defaults when none are stored or they no longer parse. */
export function creditSettingsOf(json: string | null | undefined): CreditSettings {
  if (!json) return DEFAULT_CREDIT_SETTINGS;
  try {
    const r = CreditSettings.safeParse(JSON.parse(json));
    return r.success ? r.data : DEFAULT_CREDIT_SETTINGS;
  } catch {
    return DEFAULT_CREDIT_SETTINGS;
  }
}

/**
 * The stars of a newly registered merchant: full points, nothing upheld, rated or reported yet. The credit module
 * recomputes them once it opens the merchant's account (participation of its operator included).
 */
export function openingStars(rules: CreditSettings['stars']): number {
  return starScore(rules, { points: CREDIT_MAX_POINTS, upheldComplaints: 0, ratingAverage: null, participation: 0 }).stars;
}

/** The text of a promise as shown on the integrity page (亮身份、亮职责、亮承诺). */
export function promiseText(p: PromiseBody): string {
  return `亮身份：${p.identity}\n亮职责：${p.duty}\n亮承诺：${p.pledge}`;
}

/** Whether an objection filed at `at` is still inside the window opened at `openedAt`. */
export function objectionOpen(objectionDays: number, openedAt: number, at: number): boolean {
  return at <= openedAt + objectionDays * 86_400_000;
}
