/** Row types of the notifications tables (migration and module of the same name). */

export interface InboxItemTable {
  id: string;
  alliance_id: string;
  user_id: string;
  event_id: string;
  event: string;
  reason: string;
  ticket_id: string | null;
  ticket_number: string | null;
  ticket_title: string | null;
  /** the shop a credit notice concerns (0023) */
  merchant_id: string | null;
  actor_name: string | null;
  note: string | null;
  summary: string;
  /** InboxFacts as JSON (0027); null for credit notices and older items */
  facts: string | null;
  created_at: number;
  read_at: number | null;
}

export interface WebhookTable {
  id: string;
  alliance_id: string;
  unit_id: string | null;
  name: string;
  format: string; // wecom | dingtalk | signed_json
  url_enc: string;
  secret_enc: string | null;
  msg_type: string; // markdown | text
  events: string; // JSON array
  enabled: number;
  claimed_by: string | null;
  claimed_until: number | null;
  last_sent_at: number | null;
  last_error: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveryTable {
  id: string;
  alliance_id: string;
  webhook_id: string;
  event_id: string;
  event: string;
  ticket_id: string | null;
  ticket_number: string | null;
  summary: string;
  payload: string; // JSON
  status: string; // pending | sent | dead
  attempts: number;
  next_at: number | null;
  last_http_status: number | null;
  last_error: string | null;
  batch_size: number | null;
  sent_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookSendTable {
  id: string;
  alliance_id: string;
  webhook_id: string;
  at: number;
  events: number;
  ok: number;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface SmsMessageTable {
  id: string;
  alliance_id: string;
  event_id: string;
  ticket_id: string | null;
  ticket_number: string | null;
  phone_enc: string;
  phone_masked: string;
  content: string;
  provider: string;
  status: string; // pending | sent | failed
  attempts: number;
  next_at: number | null;
  claimed_by: string | null;
  claimed_until: number | null;
  provider_ref: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface NotificationTables {
  inbox_items: InboxItemTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_sends: WebhookSendTable;
  sms_messages: SmsMessageTable;
}
