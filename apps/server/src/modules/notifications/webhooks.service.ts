/**
 * Webhook settings. Committee staff (alliance scope) manage every webhook of the alliance, including the
 * alliance's own (unit null); a unit's handlers manage their unit's. Secrets and robot URLs are stored encrypted;
 * the secret is never answered, the URL only with its key masked.
 */
import {
  type DeliveryQuery,
  type NotificationEvent,
  type SmsMessage,
  type Webhook,
  type WebhookCreate,
  type WebhookDelivery,
  type WebhookQuery,
  type WebhookTestResult,
  type WebhookUpdate,
  type PageQuery,
  type WebhookFormat,
} from '@tongxin/domain';
import type { WebhookTable } from '../../db/tables/notifications.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { keptName, shownText } from '../../lib/freeText.ts';
import { changesRow, sameSecret } from '../../lib/patch.ts';
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { assertRefs, listParams, paged, resolveScope } from '../access/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as deliveryRepo from './delivery.repo.ts';
import { sendError } from './notifications.errors.ts';
import { perMinuteLimit } from './notifications.formats.ts';
import * as repo from './notifications.repo.ts';
import { maskUrl, urlProblem } from './notifications.urls.ts';
import { hookSpec, sendMessage } from './notifications.worker.ts';

/** Which webhooks an actor reaches: all of the alliance, one unit's, or none. */
type Reach = { all: true } | { all: false; unitId: string | null };

async function reachOf(deps: Deps, a: TenantActor): Promise<Reach> {
  const scope = await resolveScope(deps.db, a);
  if (scope.kind === 'alliance') return { all: true };
  return { all: false, unitId: a.unitId };
}

/** The repo's unit filter for a reach; '~none~' matches no row. */
const unitFilter = (r: Reach, wanted?: string) => (r.all ? wanted : (r.unitId ?? '~none~'));

const list = (s: string): NotificationEvent[] => {
  try {
    return JSON.parse(s) as NotificationEvent[];
  } catch {
    return [];
  }
};

function toView(deps: Deps, r: repo.HookRow): Webhook {
  return {
    id: r.id,
    allianceId: r.alliance_id,
    unitId: r.unit_id,
    unitName: shownText(r.unit_name),
    name: shownText(r.name),
    format: r.format as WebhookFormat,
    url: maskUrl(deps.cipher.decrypt(r.url_enc) ?? ''),
    msgType: r.msg_type as Webhook['msgType'],
    events: list(r.events),
    enabled: Number(r.enabled) === 1,
    hasSecret: !!r.secret_enc,
    pending: Number(r.pending),
    dead: Number(r.dead),
    lastSentAt: r.last_sent_at === null ? null : Number(r.last_sent_at),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

async function hookOr404(deps: Deps, a: TenantActor, id: string): Promise<repo.HookRow> {
  const reach = await reachOf(deps, a);
  const row = await repo.getHook(deps.db, a.allianceId, id, reach.all ? undefined : (reach.unitId ?? '~none~'));
  if (!row) throw notFound('webhook');
  return row;
}

function assertUrl(url: string): void {
  const p = urlProblem(url);
  if (p) throw invalidField('url', 'blocked_url', p);
}

export async function listWebhooks(deps: Deps, a: TenantActor, q: WebhookQuery) {
  const reach = await reachOf(deps, a);
  const { offset, limit } = listParams(q);
  const r = await repo.listHooks(deps.db, a.allianceId, { unitId: unitFilter(reach, q.unitId), format: q.format, q: q.q }, offset, limit);
  return paged(
    r.items.map((x) => toView(deps, x)),
    r.total,
  );
}

export async function getWebhook(deps: Deps, a: TenantActor, id: string): Promise<Webhook> {
  return toView(deps, await hookOr404(deps, a, id));
}

export async function createWebhook(deps: Deps, a: TenantActor, body: WebhookCreate): Promise<Webhook> {
  const reach = await reachOf(deps, a);
  // a unit's handler creates for their own unit; leaving unitId out means "mine"
  let unitId: string | null = body.unitId === undefined ? (reach.all ? null : reach.unitId) : body.unitId;
  if (!reach.all) {
    if (!reach.unitId) throw forbidden('only committee staff or a unit handler manage webhooks');
    if (unitId !== reach.unitId) throw forbidden('you manage only your own unit’s webhooks');
  }
  assertUrl(body.url);
  const now = deps.clock.now();
  const id = newId(now);
  return deps.db.transaction().execute(async (trx) => {
    if (unitId) await assertRefs(trx, a.allianceId, [['unitId', 'units', unitId]]);
    unitId = unitId ?? null;
    const row: WebhookTable = {
      id,
      alliance_id: a.allianceId,
      unit_id: unitId,
      name: body.name,
      format: body.format,
      url_enc: deps.cipher.encrypt(body.url) as string,
      secret_enc: deps.cipher.encrypt(body.secret ?? null),
      msg_type: body.msgType,
      events: JSON.stringify([...new Set(body.events)]),
      enabled: body.enabled ? 1 : 0,
      claimed_by: null,
      claimed_until: null,
      last_sent_at: null,
      last_error: null,
      created_by: a.userId,
      created_at: now,
      updated_at: now,
    };
    await repo.insertHook(trx, row);
    const view = toView(deps, (await repo.getHook(trx, a.allianceId, id)) as repo.HookRow);
    await appendAudit(trx, deps, a, { action: 'webhook.create', entity: 'webhook', entityId: id, after: view });
    return view;
  });
}

export async function updateWebhook(deps: Deps, a: TenantActor, id: string, body: WebhookUpdate): Promise<Webhook> {
  const before = await hookOr404(deps, a, id);
  if (body.url !== undefined) assertUrl(body.url);
  if (body.secret && before.format === 'wecom') throw invalidField('secret', 'no_secret_for_wecom', '企业微信 robots take no secret');
  if (body.secret === null && before.format === 'signed_json') throw invalidField('secret', 'secret_required', 'required for signed JSON');
  const patch: Partial<WebhookTable> = {};
  if (body.name !== undefined) patch.name = keptName('name', before.name, body.name);
  if (body.url !== undefined && !sameSecret(deps.cipher, before.url_enc, body.url)) patch.url_enc = deps.cipher.encrypt(body.url) as string;
  if (body.msgType !== undefined) patch.msg_type = body.msgType;
  if (body.events !== undefined) patch.events = JSON.stringify([...new Set(body.events)]);
  if (body.enabled !== undefined) patch.enabled = body.enabled ? 1 : 0;
  if (body.secret !== undefined && !sameSecret(deps.cipher, before.secret_enc, body.secret)) patch.secret_enc = deps.cipher.encrypt(body.secret);
  if (!changesRow(before, patch)) return toView(deps, before);
  patch.updated_at = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await repo.updateHook(trx, id, patch);
    const after = toView(deps, { ...before, ...patch });
    await appendAudit(trx, deps, a, { action: 'webhook.update', entity: 'webhook', entityId: id, before: toView(deps, before), after });
    return after;
  });
}

export async function deleteWebhook(deps: Deps, a: TenantActor, id: string): Promise<void> {
  const before = await hookOr404(deps, a, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteHook(trx, id);
    await appendAudit(trx, deps, a, { action: 'webhook.delete', entity: 'webhook', entityId: id, before: toView(deps, before) });
  });
}

/** Sends a test message now (not through the queue), within the robot's rate window; the try is logged like any. */
export async function testWebhook(deps: Deps, a: TenantActor, id: string): Promise<WebhookTestResult> {
  const w = await hookOr404(deps, a, id);
  const now = deps.clock.now();
  const limit = perMinuteLimit(w.format as WebhookFormat);
  if (limit !== null && (await deliveryRepo.sendsSince(deps.db, w.id, now - 60_000)) >= limit)
    return { ok: false, httpStatus: null, error: sendError('rate_limited', '20 messages a minute'), durationMs: 0 };
  const eventId = `test-${newId(now)}`;
  const summary = `【测试消息】同心 webhook「${w.name}」连接正常`;
  const out = await sendMessage(
    deps,
    hookSpec(deps, w),
    [{ eventId, event: 'test', summary, payload: { id: eventId, event: 'test', topic: 'test', occurredAt: now, allianceId: w.alliance_id, summary } }],
    5_000,
  );
  await deliveryRepo.insertSend(deps.db, {
    id: newId(now),
    alliance_id: w.alliance_id,
    webhook_id: w.id,
    at: deps.clock.now(),
    events: 1,
    ok: out.ok ? 1 : 0,
    http_status: out.httpStatus,
    error: out.error,
    duration_ms: out.durationMs,
  });
  return out;
}

function toDelivery(r: Awaited<ReturnType<typeof repo.delivery>> & object): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    event: r.event,
    ticketNumber: r.ticket_number,
    summary: r.summary,
    status: r.status as WebhookDelivery['status'],
    attempts: Number(r.attempts),
    nextAt: r.next_at === null ? null : Number(r.next_at),
    lastHttpStatus: r.last_http_status === null ? null : Number(r.last_http_status),
    lastError: r.last_error,
    batchSize: r.batch_size === null ? null : Number(r.batch_size),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
    createdAt: Number(r.created_at),
  };
}

export async function listDeliveries(deps: Deps, a: TenantActor, webhookId: string, q: DeliveryQuery) {
  await hookOr404(deps, a, webhookId);
  const { offset, limit } = listParams(q);
  const r = await repo.deliveriesPage(deps.db, webhookId, q.status, offset, limit);
  return paged(r.items.map(toDelivery), r.total);
}

/** Manual retry of a dead (or waiting) delivery: a fresh round of tries from now. 409 once it was sent. */
export async function retryDelivery(deps: Deps, a: TenantActor, id: string): Promise<WebhookDelivery> {
  const d = await repo.delivery(deps.db, a.allianceId, id);
  if (!d) throw notFound('delivery');
  await hookOr404(deps, a, d.webhook_id);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await repo.requeue(trx, id, now))) throw conflict('the delivery was already sent', { status: d.status });
    await appendAudit(trx, deps, a, {
      action: 'webhook.retry',
      entity: 'webhook_delivery',
      entityId: id,
      before: { status: d.status, attempts: Number(d.attempts) },
    });
    const after = await repo.delivery(trx, a.allianceId, id);
    return toDelivery(after as NonNullable<typeof after>);
  });
}

/** The SMS sink of the alliance (numbers masked). */
export async function listSms(deps: Deps, a: TenantActor, q: PageQuery) {
  const { offset, limit } = listParams(q);
  const r = await repo.smsPage(deps.db, a.allianceId, offset, limit);
  const items: SmsMessage[] = r.items.map((m) => ({
    id: m.id,
    ticketId: m.ticket_id,
    ticketNumber: m.ticket_number,
    phone: m.phone_masked,
    content: m.content,
    provider: m.provider,
    status: m.status as SmsMessage['status'],
    attempts: Number(m.attempts),
    lastError: m.last_error,
    createdAt: Number(m.created_at),
    sentAt: m.sent_at === null ? null : Number(m.sent_at),
  }));
  return paged(items, r.total);
}
