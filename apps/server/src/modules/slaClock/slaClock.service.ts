import type { Db } from '../../db/index.ts';
import { joinTransaction } from '../../db/joinTransaction.ts';
import type { Deps } from '../../lib/context.ts';
import { systemTransition } from '../tickets/index.ts';
import * as repo from './slaClock.repo.ts';
import type { DueTicket } from './slaClock.repo.ts';

export const SLA_CLOCK_LEASE = 'sla-clock';
/** A run holds the lease this long; the timer ticks every 60 s, so a crashed holder is replaced within a minute. */
export const SLA_LEASE_MS = 50_000;
export const CALLBACK_AFTER_MS = 7 * 86_400_000;
export const CLOSE_UNRATED_AFTER_MS = 15 * 86_400_000;
const BATCH = 200;
const MAX_BATCHES = 1000;

export interface SlaClockResult {
  warned: number;
  acceptOverdue: number;
  overdue: number;
  escalated: number;
  callbacks: number;
  closedUnrated: number;
}

const zero = (): SlaClockResult => ({ warned: 0, acceptOverdue: 0, overdue: 0, escalated: 0, callbacks: 0, closedUnrated: 0 });

type ClockDeps = Deps;

/**
 * Processes candidates in batches. Each ticket is handled in its own transaction that starts with a conditional
 * update; when another process got there first the update touches no row and nothing else is written.
 */
async function sweep(
  deps: ClockDeps,
  select: (db: Db) => Promise<DueTicket[]>,
  apply: ((trx: Db, t: DueTicket) => Promise<boolean>) | null,
  after?: (t: DueTicket) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  const seen = new Set<string>();
  for (let i = 0; i < MAX_BATCHES; i++) {
    const rows = (await select(deps.db)).filter((t) => !seen.has(t.id));
    if (rows.length === 0) break;
    for (const t of rows) {
      seen.add(t.id);
      let won = apply ? await deps.db.transaction().execute(async (trx) => apply(trx, t)) : true;
      if (won && after) {
        const r = await after(t);
        if (r === false) won = false;
      }
      if (won) done++;
    }
  }
  return done;
}

const payloadOf = (t: DueTicket, extra: Record<string, unknown> = {}) => ({ ticketId: t.id, number: t.number, leadUnitId: t.lead_unit_id, ...extra });

type Flag = Parameters<typeof repo.setFlag>[2];

/** A rule that raises a 0/1 flag once per ticket and records it as a timeline event plus an outbox message. */
interface FlagRule {
  /** Up to `limit` tickets the rule may apply to at `now`. */
  candidates: (db: Db, now: number, limit: number) => Promise<DueTicket[]>;
  flag: Flag;
  /** The statuses the ticket must still be in when the flag is set. */
  statuses: readonly string[];
  /** The ticket event's action; the outbox topic is `ticket.<action>`. */
  action: string;
  note: string;
  /** Stored as the event's data and added to the outbox payload. */
  data: (t: DueTicket) => Record<string, unknown>;
}

/** Runs a flag rule: conditional flag update, then (only for the winner) event and outbox row in the same transaction. */
function runFlagRule(deps: ClockDeps, now: number, rule: FlagRule): Promise<number> {
  return sweep(
    deps,
    (db) => rule.candidates(db, now, BATCH),
    async (trx, t) => {
      if (!(await repo.setFlag(trx, t.id, rule.flag, rule.statuses, now))) return false;
      const data = rule.data(t);
      await repo.insertEvent(trx, {
        alliance_id: t.alliance_id,
        ticket_id: t.id,
        action: rule.action,
        at: now,
        from_status: t.status,
        to_status: t.status,
        note: rule.note,
        data: JSON.stringify(data),
      });
      await repo.insertOutbox(trx, t.alliance_id, `ticket.${rule.action}`, payloadOf(t, data), now);
      return true;
    },
  );
}

/** Declares a flag rule (arguments in the order of FlagRule's fields). */
const flagRule = (
  candidates: FlagRule['candidates'],
  flag: Flag,
  statuses: readonly string[],
  action: string,
  note: string,
  data: FlagRule['data'],
): FlagRule => ({ candidates, flag, statuses, action, note, data });

const toCallbackDue: FlagRule['candidates'] = (db, now, limit) => repo.toCallback(db, now - CALLBACK_AFTER_MS, limit);

/** (a) warning before breach */
const warnRule = flagRule(repo.toWarn, 'warned', repo.OPEN, 'sla_warning', '即将超时', (t) => ({ dueAt: t.due_at }));
/** (b) not accepted within the accept-SLA */
const acceptOverdueRule = flagRule(repo.toAcceptOverdue, 'accept_overdue', ['dispatched'], 'accept_overdue', '超时未接单', (t) => ({
  acceptDueAt: t.accept_due_at,
}));
/** (c) overdue */
const overdueRule = flagRule(repo.toOverdue, 'overdue', repo.OPEN, 'overdue', '已超时', (t) => ({ dueAt: t.due_at }));
/** (d) 回访 task after 7 days without a rating */
const callbackRule = flagRule(toCallbackDue, 'callback_due', ['resolved'], 'callback_due', '7 天未评价，请回访', (t) => ({ resolvedAt: t.resolved_at }));

/** One pass of every rule at `now`, without the lease (exported for tests that race two passes directly). */
export async function runSlaRules(deps: ClockDeps): Promise<SlaClockResult> {
  const res = zero();
  const now = deps.clock.now();

  res.warned = await runFlagRule(deps, now, warnRule);
  res.acceptOverdue = await runFlagRule(deps, now, acceptOverdueRule);
  res.overdue = await runFlagRule(deps, now, overdueRule);

  // (c') overdue tickets go onto the committee's next joint-meeting agenda (吹哨), once: the escalated flag is
  // claimed with a conditional update and the tickets module's system transition writes agenda item, timeline, audit
  // and outbox in the same transaction — a process dying in between loses nothing, and a failure releases the claim.
  res.escalated = await sweep(
    deps,
    (db) => repo.toEscalate(db, BATCH),
    async (trx, t) => {
      if (!(await repo.setFlag(trx, t.id, 'escalated', repo.OPEN, now))) return false;
      // null: refused, because an earlier item of the case still waits for a meeting (a reopened case). The flag stays
      // set, so later ticks do not retry, but nothing was escalated and it is not counted.
      const done = await systemTransition({ ...deps, db: joinTransaction(trx) }, t.id, 'escalate', {
        note: `超时未办结，自动吹哨（工单 ${t.number}）`,
        source: 'overdue',
      });
      return done !== null;
    },
  );

  // (e) 15 days without a rating: closed as 未评价 (before the 回访 rule, so a long-stopped clock raises no stale
  // call-back). The transition locks the ticket and checks it is still resolved: a second process gets null.
  res.closedUnrated = await sweep(
    deps,
    (db) => repo.toCloseUnrated(db, now - CLOSE_UNRATED_AFTER_MS, BATCH),
    null,
    async (t) => (await systemTransition(deps, t.id, 'close_unrated', { note: '15 天未评价，自动办结', source: 'sla' })) !== null,
  );

  // (d) 回访 task after 7 days without a rating
  res.callbacks = await runFlagRule(deps, now, callbackRule);

  return res;
}

/**
 * One tick of the SLA clock. Every server process calls it; the one that wins the lease row does the work and the
 * others return zeros. Each rule is also guarded per ticket by a conditional update, so no event fires twice even
 * if two passes overlap.
 */
export async function runSlaClockOnce(deps: ClockDeps, holder: string): Promise<SlaClockResult> {
  const now = deps.clock.now();
  if (!(await repo.claimLease(deps.db, SLA_CLOCK_LEASE, holder, now, SLA_LEASE_MS))) return zero();
  return runSlaRules(deps);
}
