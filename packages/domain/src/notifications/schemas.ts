/** Schemas of the inbox, webhooks, their deliveries and the SMS sink. */
import { z } from 'zod';
import { Id, NameText, PageQuery, Text } from '../schemas/common.ts';
import { TICKET_ACTIONS } from '../tickets/machine.ts';
import { SYSTEM_NOTES } from '../tickets/schemas.ts';

/**
 * The events that notify someone: the ticket transitions plus the SLA clock's flags. An outbox row's topic is
 * `ticket.<event>`; the inbox and webhooks use the bare event name.
 */
export const NOTIFICATION_EVENTS = ['create', ...TICKET_ACTIONS, 'sla_warning', 'accept_overdue', 'overdue', 'callback_due'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * Credit notices (十二分制 thresholds, plaques granted or taken down, objections) as inbox events: `credit_<kind>`. They
 * reach the committee or the merchant's operator, never a webhook.
 */
export const CREDIT_NOTICE_EVENTS = [
  'credit_threshold',
  'credit_plaque_granted',
  'credit_plaque_revoked',
  'credit_objection_filed',
  'credit_objection_decided',
] as const;

/** Why a user got an inbox item: which part they play in the ticket, or (credit notices) the shop they operate. */
/** merchant_offline: a merchant's notice that no account of the merchant can receive, for the committee to deliver in person */
export const INBOX_REASONS = ['lead_unit', 'assist_unit', 'committee', 'reporter', 'responsible', 'merchant', 'merchant_offline'] as const;
export type InboxReason = (typeof INBOX_REASONS)[number];

/**
 * What an inbox item's summary says besides the case and its event (the deadline, the rating, the extension), so the apps
 * can say it in the user's language; `summary` stays the Chinese line the chat robots and SMS get.
 */
export const InboxFacts = z.object({
  dueAt: z.number().int().optional(),
  stars: z.number().int().optional(),
  /** a rating that reopened the case */
  reopened: z.boolean().optional(),
  /** the date a 延期申请 asks for */
  until: z.number().int().optional(),
  /** the decision on a 延期申请 */
  approve: z.boolean().optional(),
  /** the note is the SLA clock's own (Chinese) text: the event says the same */
  systemNote: z.enum(SYSTEM_NOTES).optional(),
});
export type InboxFacts = z.infer<typeof InboxFacts>;

export const InboxItem = z.object({
  id: Id,
  event: z.string(),
  reason: z.enum(INBOX_REASONS),
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  ticketTitle: z.string().nullable(),
  /** the shop a credit notice concerns */
  merchantId: Id.nullable(),
  actorName: z.string().nullable(),
  /** the event's note (return reason, feedback …), phone and ID numbers masked */
  note: z.string().nullable(),
  /** a one-line Chinese summary, the same text the chat robots get */
  summary: z.string(),
  /** what the summary says besides the case, for the apps to say it in the user's language (null: a credit notice, or an item of before 0027) */
  facts: InboxFacts.nullable(),
  createdAt: z.number().int(),
  readAt: z.number().int().nullable(),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const InboxQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional(),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const UnreadCount = z.object({ unread: z.number().int() });
export const ReadAllResult = z.object({ updated: z.number().int() });

/** 企业微信 group robot, 钉钉 robot, or a generic JSON body signed with HMAC-SHA256. */
export const WEBHOOK_FORMATS = ['wecom', 'dingtalk', 'signed_json'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const WEBHOOK_MSG_TYPES = ['markdown', 'text'] as const;
export const DELIVERY_STATUSES = ['pending', 'sent', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An http(s) URL without credentials; the server also refuses link-local and cloud-metadata addresses. */
export const WebhookUrl = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'invalid_webhook_url');

const Secret = z.string().trim().min(8).max(200);

const WebhookFields = z.object({
  name: NameText(64),
  /** the unit whose events it carries; null: the alliance's (committee) events */
  unitId: Id.nullable().optional(),
  format: z.enum(WEBHOOK_FORMATS),
  url: WebhookUrl,
  msgType: z.enum(WEBHOOK_MSG_TYPES).default('markdown'),
  /** only these events; empty: every event that concerns the unit (or the committee) */
  events: z.array(z.enum(NOTIFICATION_EVENTS)).max(NOTIFICATION_EVENTS.length).default([]),
  enabled: z.boolean().default(true),
});

/** The secret is write-only: the signed-JSON key, or the 钉钉 加签 secret (`SEC…`). Required for signed JSON. */
export const WebhookCreate = WebhookFields.extend({ secret: Secret.nullable().optional() }).superRefine((v, ctx) => {
  if (v.format === 'signed_json' && !v.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'secret_required' });
  if (v.format === 'wecom' && v.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'no_secret_for_wecom' });
});
export type WebhookCreate = z.infer<typeof WebhookCreate>;
export type WebhookCreateInput = z.input<typeof WebhookCreate>;

/** Fields left out stay; `secret: null` removes it. */
export const WebhookUpdate = z.object({
  // the stored name comes back unchecked: the service refuses only a changed name holding a number (keptName)
  name: Text(64).optional(),
  url: WebhookUrl.optional(),
  msgType: z.enum(WEBHOOK_MSG_TYPES).optional(),
  events: z.array(z.enum(NOTIFICATION_EVENTS)).max(NOTIFICATION_EVENTS.length).optional(),
  enabled: z.boolean().optional(),
  secret: Secret.nullable().optional(),
});
export type WebhookUpdate = z.infer<typeof WebhookUpdate>;

export const Webhook = z.object({
  id: Id,
  allianceId: Id,
  unitId: Id.nullable(),
  unitName: z.string().nullable(),
  name: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  /** the URL with robot keys and tokens in its query masked */
  url: z.string(),
  msgType: z.enum(WEBHOOK_MSG_TYPES),
  events: z.array(z.enum(NOTIFICATION_EVENTS)),
  enabled: z.boolean(),
  hasSecret: z.boolean(),
  pending: z.number().int(),
  dead: z.number().int(),
  lastSentAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookQuery = PageQuery.extend({ unitId: Id.optional(), format: z.enum(WEBHOOK_FORMATS).optional() });
export type WebhookQuery = z.infer<typeof WebhookQuery>;

export const WebhookTestResult = z.object({
  ok: z.boolean(),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type WebhookTestResult = z.infer<typeof WebhookTestResult>;

export const WebhookDelivery = z.object({
  id: Id,
  webhookId: Id,
  /** the idempotency key receivers see as X-Tongxin-Event-Id */
  eventId: Id,
  event: z.string(),
  ticketNumber: z.string().nullable(),
  summary: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAt: z.number().int().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** how many events shared the message that delivered this one (robots batch under their rate limit) */
  batchSize: z.number().int().nullable(),
  sentAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const DeliveryQuery = PageQuery.extend({ status: z.enum(DELIVERY_STATUSES).optional() });
export type DeliveryQuery = z.infer<typeof DeliveryQuery>;

/** A text message in the SMS sink (the default provider keeps them here instead of sending). */
export const SmsMessage = z.object({
  id: Id,
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  /** masked: the clear number is never answered */
  phone: z.string(),
  content: z.string(),
  provider: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.number().int(),
  sentAt: z.number().int().nullable(),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

export const SmsQuery = PageQuery;
