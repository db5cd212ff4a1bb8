/**
 * The three wire formats of a webhook message: 企业微信 group robot, 钉钉 robot (optionally 加签), and a generic
 * JSON body signed with HMAC-SHA256. Pure functions: the worker sends what they build.
 */
import { createHmac } from 'node:crypto';
import type { WebhookFormat } from '@tongxin/domain';
import { sendError } from './notifications.errors.ts';

/** One event as a webhook receives it. */
export interface OutgoingEvent {
  eventId: string;
  event: string;
  summary: string;
  /** the generic JSON body of the event */
  payload: Record<string, unknown>;
}

export interface HookSpec {
  format: WebhookFormat;
  url: string;
  secret: string | null;
  msgType: 'markdown' | 'text';
}

export interface HttpMessage {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** 企业微信: markdown content up to 4096 bytes, text up to 2048; 钉钉 allows about 20 000 (kept at 4096 too). */
const LIMIT = { markdown: 4096, text: 2048 } as const;

/** Cuts a string to a UTF-8 byte budget, marking the cut. */
function fitBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  const chars = [...s];
  let out = '';
  let bytes = 0;
  for (const ch of chars) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > max - 8) break;
    out += ch;
    bytes += b;
  }
  return `${out}…`;
}

/** The HMAC-SHA256 signature of the generic format: hex over `<timestamp>.<body>` with the webhook's secret. */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** 钉钉 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded into the query with the timestamp. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

function robotText(events: OutgoingEvent[], markdown: boolean): string {
  const head = events.length > 1 ? (markdown ? `**同心 · ${events.length} 条工单提醒**\n` : `同心 · ${events.length} 条工单提醒\n`) : '';
  const lines = events.map((e) => (markdown ? `> ${e.summary}` : e.summary));
  return fitBytes(head + lines.join('\n'), markdown ? LIMIT.markdown : LIMIT.text);
}

/**
 * Builds the HTTP request of one message. Chat robots take several events in one message (batched under their
 * rate limit); the generic format always carries exactly one event, whose id is the idempotency key.
 */
export function buildMessage(hook: HookSpec, events: OutgoingEvent[], now: number): HttpMessage {
  const first = events[0];
  if (!first) throw new Error('a message needs at least one event');
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const markdown = hook.msgType === 'markdown';
  switch (hook.format) {
    case 'wecom': {
      const content = robotText(events, markdown);
      const body = markdown ? { msgtype: 'markdown', markdown: { content } } : { msgtype: 'text', text: { content } };
      return { url: hook.url, headers: json, body: JSON.stringify(body) };
    }
    case 'dingtalk': {
      const content = robotText(events, markdown);
      const title = events.length > 1 ? `${events.length} 条工单提醒` : first.summary.slice(0, 30);
      const body = markdown ? { msgtype: 'markdown', markdown: { title, text: content } } : { msgtype: 'text', text: { content } };
      let url = hook.url;
      if (hook.secret) {
        const u = new URL(hook.url);
        u.searchParams.set('timestamp', String(now));
        u.searchParams.set('sign', dingtalkSign(hook.secret, now));
        url = u.toString();
      }
      return { url, headers: json, body: JSON.stringify(body) };
    }
    case 'signed_json': {
      if (events.length !== 1) throw new Error('the signed JSON format carries one event per request');
      const body = JSON.stringify(first.payload);
      const headers: Record<string, string> = {
        ...json,
        'x-tongxin-event-id': first.eventId,
        'x-tongxin-event': first.event,
        'x-tongxin-timestamp': String(now),
      };
      if (hook.secret) headers['x-tongxin-signature'] = signBody(hook.secret, now, body);
      return { url: hook.url, headers, body };
    }
  }
}

/** Whether the receiver accepted a message: 2xx, and for the robots `errcode: 0` in the JSON answer. */
export function accepted(format: WebhookFormat, status: number, text: string): { ok: boolean; error: string | null } {
  if (status < 200 || status >= 300) return { ok: false, error: sendError(`http_${status}`) };
  if (format === 'signed_json') return { ok: true, error: null };
  let r: { errcode?: number; errmsg?: string };
  try {
    r = JSON.parse(text) as typeof r;
  } catch {
    return { ok: false, error: sendError('invalid_response', 'answer is not JSON') };
  }
  if (r.errcode === 0 || r.errcode === undefined) return { ok: true, error: null };
  // 企业微信 45009 / 钉钉 130101: sent too fast — retried later like any failure
  const code = r.errcode === 45009 || r.errcode === 130101 ? 'rate_limited' : 'rejected';
  return { ok: false, error: sendError(code, `errcode ${r.errcode}: ${String(r.errmsg ?? '').slice(0, 200)}`) };
}

/** Robots allow 20 messages a minute each (企业微信 documents it; 钉钉 the same); the generic format is not limited. */
export function perMinuteLimit(format: WebhookFormat): number | null {
  return format === 'signed_json' ? null : 20;
}
