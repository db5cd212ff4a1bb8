/**
 * The notification worker. Every server process runs it on a timer (like the SLA clock); all work is claimed row by
 * row with conditional UPDATEs and leases, so two processes on one PostgreSQL never consume the same outbox event
 * twice nor send the same delivery twice:
 *  1. outbox events → inbox rows, webhook deliveries, SMS rows (notifications.fanout.ts);
 *  2. due deliveries, one webhook at a time per process (the webhook row is the claim), batched under the robots'
 *     rate limit, retried with exponential backoff and jitter, dead after the last attempt;
 *  3. due SMS rows through the SMS provider.
 */
import type { WebhookFormat } from '@tongxin/domain';
import type { WebhookDeliveryTable, WebhookTable } from '../../db/tables/notifications.ts';
import type { OutboxTable } from '../../db/types.ts';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './delivery.repo.ts';
import { fanOutEvent } from './notifications.fanout.ts';
import { accepted, buildMessage, perMinuteLimit, type OutgoingEvent } from './notifications.formats.ts';
import { localSink, type SmsProvider } from './notifications.sms.ts';
import { assertSendable } from './notifications.urls.ts';
import { classifyThrown } from './notifications.errors.ts';

export interface WorkerOptions {
  sms?: SmsProvider;
  /** first retry after this long; each further one doubles (default 30 s) */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** tries before a delivery is dead (default 8: about two hours of retrying) */
  maxAttempts?: number;
  /** per request (default 5 s) */
  timeoutMs?: number;
  /** 0..1, for the jitter (tests pin it) */
  random?: () => number;
}

export interface WorkerResult {
  events: number;
  inbox: number;
  sent: number;
  failed: number;
  dead: number;
  sms: number;
  /** delivered outbox rows older than OUTBOX_RETENTION_DAYS deleted */
  purged: number;
}

const OUTBOX_LEASE_MS = 60_000;
/** A webhook's claim outlives its run: at most MAX_REQUESTS requests of timeoutMs each. */
const WEBHOOK_LEASE_MS = 120_000;
const MAX_REQUESTS = 20;
const MAX_BATCH = 20;
const OUTBOX_BATCH = 100;
// rows whose transactions share a COMMIT on the embedded database; small enough that intake waits at most a few ms
const SQLITE_CHUNK = 25;
const RATE_WINDOW_MS = 60_000;
const CONCURRENCY = 4;
/** Delivered outbox rows are kept this long (to look into a delivery), then purged: the table holds one row per transition. */
export const OUTBOX_RETENTION_DAYS = 30;
// per tick (every 5 s): far above what an alliance writes, small enough not to hold the writer long
const PURGE_BATCH = 2_000;

/** The delay before try `attempt + 1`: base·2^(attempt-1), capped, ±20 % jitter so retries of many receivers spread out. */
export function backoffMs(attempt: number, o: Pick<WorkerOptions, 'backoffBaseMs' | 'backoffCapMs' | 'random'> = {}): number {
  const base = o.backoffBaseMs ?? 30_000;
  const cap = o.backoffCapMs ?? 3_600_000;
  const plain = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + 0.4 * (o.random ?? Math.random)();
  return Math.round(plain * jitter);
}

/**
 * Step 1: consumes claimed outbox rows; each in its own transaction, so that a row that fails rolls back alone.
 *
 * On the embedded database every transaction waits for its group's COMMIT, an fsync: awaited row after row, each paid
 * its own — under a burst of intake, 5,000 rows took 5,000 fsyncs on the server's only thread, a fifth of its time.
 * There the rows of a chunk start together: the single connection still runs their transactions one at a time, in claim
 * order, and they share one COMMIT (db/groupCommit.ts). On PostgreSQL the rows stay one after another, in order.
 */
async function consumeOutbox(deps: Deps, holder: string, o: WorkerOptions, res: WorkerResult): Promise<void> {
  const chunk = deps.dbKind === 'sqlite' ? SQLITE_CHUNK : 1;
  for (let round = 0; round < 50; round++) {
    const now = deps.clock.now();
    const token = `${holder}:${newId(now)}`;
    const rows = await repo.claimOutbox(deps.db, deps.dbKind, token, now, OUTBOX_LEASE_MS, OUTBOX_BATCH);
    if (rows.length === 0) return;
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      const outcomes = await Promise.allSettled(part.map((row) => consumeRow(deps, row, token, now, o)));
      for (const [k, out] of outcomes.entries()) {
        if (out.status === 'fulfilled') {
          res.events++;
          res.inbox += out.value.inbox;
          continue;
        }
        const row = part[k] as (typeof rows)[number];
        const err = out.reason as Error;
        deps.log.warn({ err, outboxId: row.id }, 'outbox event could not be processed; retried later');
        await repo.releaseOutbox(deps.db, row.id, token, now + backoffMs(Number(row.attempts) + 1, o), String(err?.message ?? err));
      }
    }
    if (rows.length < OUTBOX_BATCH) return;
  }
}

/** One outbox row → its inbox rows, deliveries and SMS rows, and the row marked done; one transaction. */
function consumeRow(deps: Deps, row: OutboxTable, token: string, now: number, o: WorkerOptions) {
  return deps.db.transaction().execute(async (trx) => {
    const counts = await fanOutEvent(trx, deps, row, now, (o.sms ?? localSink).name);
    // the claim still holds (or nothing is committed: the rows above are rolled back with it)
    if (!(await repo.markOutboxDone(trx, row.id, token, now))) throw new Error('outbox claim lost');
    return counts;
  });
}

export interface SendOutcome {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** One HTTP request with a timeout; no redirects; the answer is read up to 64 KiB. Never throws; errors are coded (notifications.errors.ts). */
export async function sendMessage(
  deps: Pick<Deps, 'clock'>,
  hook: { format: WebhookFormat; url: string; secret: string | null; msgType: string },
  events: OutgoingEvent[],
  timeoutMs: number,
): Promise<SendOutcome> {
  const started = Date.now();
  try {
    await assertSendable(hook.url);
    const msg = buildMessage({ ...hook, msgType: hook.msgType === 'text' ? 'text' : 'markdown' }, events, deps.clock.now());
    const res = await fetch(msg.url, { method: 'POST', headers: msg.headers, body: msg.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = (await res.text()).slice(0, 65_536);
    const verdict = accepted(hook.format, res.status, text);
    return { ok: verdict.ok, httpStatus: res.status, error: verdict.error, durationMs: Date.now() - started };
  } catch (err) {
    return { ok: false, httpStatus: null, error: classifyThrown(err, timeoutMs), durationMs: Date.now() - started };
  }
}

/** Splits due deliveries into messages: one each while the rate window allows, otherwise batched into what is left of it. */
export function planMessages<T>(due: T[], budget: number | null): T[][] {
  if (budget === null) return due.map((d) => [d]);
  if (budget <= 0 || due.length === 0) return [];
  if (due.length <= budget) return due.map((d) => [d]);
  const size = Math.min(MAX_BATCH, Math.ceil(due.length / budget));
  const out: T[][] = [];
  for (let i = 0; i < due.length && out.length < budget; i += size) out.push(due.slice(i, i + size));
  return out;
}

const outgoing = (d: WebhookDeliveryTable): OutgoingEvent => ({
  eventId: d.event_id,
  event: d.event,
  summary: d.summary,
  payload: JSON.parse(d.payload) as Record<string, unknown>,
});

/** The clear URL and secret of a webhook row. */
export function hookSpec(deps: Pick<Deps, 'cipher'>, w: Pick<WebhookTable, 'format' | 'url_enc' | 'secret_enc' | 'msg_type'>) {
  return { format: w.format as WebhookFormat, url: deps.cipher.decrypt(w.url_enc) ?? '', secret: deps.cipher.decrypt(w.secret_enc), msgType: w.msg_type };
}

/** Step 2 for one claimed webhook: sends its due deliveries; stops at the first failure (the rest wait, untouched). */
async function deliverFor(deps: Deps, w: WebhookTable, o: WorkerOptions, res: WorkerResult): Promise<{ lastSentAt: number | null; lastError: string | null }> {
  const now = deps.clock.now();
  const limit = perMinuteLimit(w.format as WebhookFormat);
  const budget = limit === null ? MAX_REQUESTS : Math.min(MAX_REQUESTS, limit - (await repo.sendsSince(deps.db, w.id, now - RATE_WINDOW_MS)));
  const due = await repo.dueDeliveries(deps.db, w.id, now, limit === null ? MAX_REQUESTS : MAX_REQUESTS * MAX_BATCH);
  const spec = hookSpec(deps, w);
  let lastSentAt: number | null = null;
  let lastError: string | null = null;
  for (const batch of planMessages(due, limit === null ? null : budget).slice(0, MAX_REQUESTS)) {
    const out = await sendMessage(deps, spec, batch.map(outgoing), o.timeoutMs ?? 5_000);
    const at = deps.clock.now();
    await repo.insertSend(deps.db, {
      id: newId(at),
      alliance_id: w.alliance_id,
      webhook_id: w.id,
      at,
      events: batch.length,
      ok: out.ok ? 1 : 0,
      http_status: out.httpStatus,
      error: out.error,
      duration_ms: out.durationMs,
    });
    if (out.ok) {
      await repo.markSent(
        deps.db,
        batch.map((d) => d.id),
        at,
        out.httpStatus,
      );
      res.sent += batch.length;
      lastSentAt = at;
      continue;
    }
    lastError = out.error;
    for (const d of batch) {
      const attempts = Number(d.attempts) + 1;
      const dead = attempts >= (o.maxAttempts ?? 8);
      await repo.markFailed(deps.db, d, at, { dead, at: dead ? null : at + backoffMs(attempts, o) }, out.httpStatus, out.error ?? 'failed');
      if (dead) res.dead++;
      else res.failed++;
    }
    // failures are visible in the console (deliveries, webhook list); the log only notes them at debug level
    deps.log.debug({ webhookId: w.id, httpStatus: out.httpStatus, error: out.error }, 'webhook delivery failed');
    break;
  }
  return { lastSentAt, lastError };
}

async function sendWebhooks(deps: Deps, holder: string, o: WorkerOptions, res: WorkerResult): Promise<void> {
  const ids = await repo.webhooksWithDue(deps.db, deps.clock.now(), 100);
  // a few receivers at a time: a slow or failing one delays no other beyond its own timeout
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    await Promise.all(
      ids.slice(i, i + CONCURRENCY).map(async (id) => {
        const token = `${holder}:${newId()}`;
        const w = await repo.claimWebhook(deps.db, id, token, deps.clock.now(), WEBHOOK_LEASE_MS);
        if (!w) return;
        let patch: { last_sent_at?: number; last_error?: string | null } = {};
        try {
          const r = await deliverFor(deps, w, o, res);
          if (r.lastSentAt !== null) patch = { last_sent_at: r.lastSentAt, last_error: null };
          if (r.lastError !== null) patch.last_error = r.lastError;
        } catch (err) {
          deps.log.warn({ err, webhookId: id }, 'webhook run failed');
        } finally {
          await repo.releaseWebhook(deps.db, id, token, patch);
        }
      }),
    );
  }
}

async function sendSms(deps: Deps, holder: string, o: WorkerOptions, res: WorkerResult): Promise<void> {
  const provider = o.sms ?? localSink;
  const token = `${holder}:${newId()}`;
  for (let i = 0; i < 200; i++) {
    const now = deps.clock.now();
    const m = await repo.claimSms(deps.db, token, now, OUTBOX_LEASE_MS);
    if (!m) return;
    try {
      const to = deps.cipher.decrypt(m.phone_enc);
      if (!to) throw new Error('no number');
      const r = await provider.send(to, m.content);
      await repo.finishSms(deps.db, m.id, token, {
        status: 'sent',
        sent_at: now,
        attempts: Number(m.attempts) + 1,
        provider_ref: r.ref,
        provider: provider.name,
        next_at: null,
      });
      res.sms++;
    } catch (err) {
      const attempts = Number(m.attempts) + 1;
      const failed = attempts >= (o.maxAttempts ?? 8);
      // the error message comes from the provider and must not carry the number; it is stored, not logged
      await repo.finishSms(deps.db, m.id, token, {
        status: failed ? 'failed' : 'pending',
        attempts,
        next_at: failed ? null : now + backoffMs(attempts, o),
        last_error: String((err as Error).message ?? err).slice(0, 300),
      });
    }
  }
}

/** Only step 1 (outbox → inbox rows, deliveries, SMS rows), sending nothing: the demo seed fills the inbox with it. */
export async function consumeOutboxOnce(deps: Deps, holder: string): Promise<WorkerResult> {
  const res: WorkerResult = { events: 0, inbox: 0, sent: 0, failed: 0, dead: 0, sms: 0, purged: 0 };
  await consumeOutbox(deps, holder, {}, res);
  return res;
}

/** One pass of the worker: outbox → inbox/deliveries/SMS, then due deliveries, then due SMS. Safe to run in several processes. */
export async function runNotificationsOnce(deps: Deps, holder: string, o: WorkerOptions = {}): Promise<WorkerResult> {
  const res: WorkerResult = { events: 0, inbox: 0, sent: 0, failed: 0, dead: 0, sms: 0, purged: 0 };
  await consumeOutbox(deps, holder, o, res);
  await sendWebhooks(deps, holder, o, res);
  await sendSms(deps, holder, o, res);
  res.purged = await repo.purgeDeliveredOutbox(deps.db, deps.dbKind, deps.clock.now() - OUTBOX_RETENTION_DAYS * 86_400_000, PURGE_BATCH);
  return res;
}
