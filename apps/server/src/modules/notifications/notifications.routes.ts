import {
  DeliveryQuery,
  IdParams,
  InboxItem,
  InboxQuery,
  Ok,
  ReadAllResult,
  SmsMessage,
  SmsQuery,
  UnreadCount,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookQuery,
  WebhookTestResult,
  WebhookUpdate,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor, Deps } from '../../lib/context.ts';
import { forbidden } from '../../lib/errors.ts';
import { requireTenant } from '../access/index.ts';
import * as inbox from './inbox.service.ts';
import * as hooks from './webhooks.service.ts';

/** The SMS sink is for alliance administrators: it needs both notification:manage and user:write. */
function smsReader(actor: Actor | null) {
  const a = requireTenant(actor, 'notification:manage');
  if (!a.permissions.has('user:write')) throw forbidden('missing permission user:write');
  return a;
}

/** The inbox of the signed-in user, webhook settings with their deliveries, and the SMS sink. */
export function notificationRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['notifications'];
    r.get('/api/v1/inbox', { schema: { tags, querystring: InboxQuery, response: { 200: listOf(InboxItem) } } }, async (req) =>
      inbox.listInbox(deps, inbox.inboxOwner(req.actor), req.query),
    );
    r.get('/api/v1/inbox/unread-count', { schema: { tags, response: { 200: UnreadCount } } }, async (req) => inbox.unread(deps, inbox.inboxOwner(req.actor)));
    r.post('/api/v1/inbox/:id/read', { schema: { tags, params: IdParams, response: { 200: InboxItem } } }, async (req) =>
      inbox.readOne(deps, inbox.inboxOwner(req.actor), req.params.id),
    );
    r.post('/api/v1/inbox/read-all', { schema: { tags, response: { 200: ReadAllResult } } }, async (req) => inbox.readAll(deps, inbox.inboxOwner(req.actor)));

    const manage = (actor: Actor | null) => requireTenant(actor, 'notification:manage');
    r.get('/api/v1/webhooks', { schema: { tags, querystring: WebhookQuery, response: { 200: listOf(Webhook) } } }, async (req) =>
      hooks.listWebhooks(deps, manage(req.actor), req.query),
    );
    r.get('/api/v1/webhooks/:id', { schema: { tags, params: IdParams, response: { 200: Webhook } } }, async (req) =>
      hooks.getWebhook(deps, manage(req.actor), req.params.id),
    );
    r.post('/api/v1/webhooks', { schema: { tags, body: WebhookCreate, response: { 201: Webhook } } }, async (req, reply) =>
      reply.status(201).send(await hooks.createWebhook(deps, manage(req.actor), req.body)),
    );
    r.patch('/api/v1/webhooks/:id', { schema: { tags, params: IdParams, body: WebhookUpdate, response: { 200: Webhook } } }, async (req) =>
      hooks.updateWebhook(deps, manage(req.actor), req.params.id, req.body),
    );
    r.delete('/api/v1/webhooks/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await hooks.deleteWebhook(deps, manage(req.actor), req.params.id);
      return { ok: true as const };
    });
    r.post(
      '/api/v1/webhooks/:id/test',
      { schema: { tags, params: IdParams, response: { 200: WebhookTestResult } }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
      async (req) => hooks.testWebhook(deps, manage(req.actor), req.params.id),
    );
    r.get(
      '/api/v1/webhooks/:id/deliveries',
      { schema: { tags, params: IdParams, querystring: DeliveryQuery, response: { 200: listOf(WebhookDelivery) } } },
      async (req) => hooks.listDeliveries(deps, manage(req.actor), req.params.id, req.query),
    );
    r.post('/api/v1/webhook-deliveries/:id/retry', { schema: { tags, params: IdParams, response: { 200: WebhookDelivery } } }, async (req) =>
      hooks.retryDelivery(deps, manage(req.actor), req.params.id),
    );
    r.get('/api/v1/sms-sink', { schema: { tags, querystring: SmsQuery, response: { 200: listOf(SmsMessage) } } }, async (req) =>
      hooks.listSms(deps, smsReader(req.actor), req.query),
    );
  };
}
