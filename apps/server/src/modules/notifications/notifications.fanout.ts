/**
 * The outbox consumer: turns one outbox event into inbox rows (one per concerned user), webhook deliveries (one per
 * matching webhook) and, for a resolved case of a reporter without an account, an SMS — all in one transaction with
 * insert-if-absent on unique keys, so an event processed twice (an expired claim) yields its rows once.
 */
import { REPORTER_NOTE_ACTIONS, STAFF_ONLY_ACTIONS, maskFreeText, maskPhone, systemNoteOf, type InboxReason } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { OutboxTable } from '../../db/types.ts';
import type { InboxItemTable, WebhookDeliveryTable } from '../../db/tables/notifications.ts';
import type { Deps } from '../../lib/context.ts';
import { shownText } from '../../lib/freeText.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './delivery.repo.ts';
import { factsOf, resolvedSms, summaryOf } from './notifications.text.ts';

interface Notify {
  units: string[];
  users: string[];
  people: string[];
  committee: boolean;
}

/** Recipients by reason; a user reached twice keeps the first (strongest) reason. */
const REASON_ORDER: InboxReason[] = ['lead_unit', 'responsible', 'assist_unit', 'reporter', 'committee', 'merchant'];

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);
/** A JSON array of strings stored as text (a broken value reads as empty). */
function parseList(s: string): string[] {
  try {
    return strs(JSON.parse(s));
  } catch {
    return [];
  }
}
const parse = (s: string | null): Record<string, unknown> => {
  if (!s) return {};
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** Who an event concerns: what the transition named (its `notify`), plus the rules of the SLA clock's events. */
function targetsOf(event: string, payload: Record<string, unknown>, t: repo.TicketFacts): Notify {
  const n = (payload.notify ?? {}) as Record<string, unknown>;
  const out: Notify = { units: strs(n.units), users: strs(n.users), people: strs(n.people), committee: n.committee === true };
  const lead = typeof payload.leadUnitId === 'string' ? payload.leadUnitId : t.lead_unit_id;
  if (Number(t.confidential) === 1 || payload.confidential === true) {
    // confidential feedback (modules/integrity): its designated contact and the lead unit only, never the committee
    if (event === 'sla_warning' || event === 'accept_overdue' || event === 'overdue') {
      if (lead) out.units.push(lead);
      if (t.confidential_user_id) out.users.push(t.confidential_user_id);
    }
    return { units: [...new Set(out.units)], users: [...new Set(out.users)], people: [...new Set(out.people)], committee: false };
  }
  switch (event) {
    case 'create':
      out.committee = true;
      break;
    case 'sla_warning':
    case 'accept_overdue':
    case 'overdue':
      // the lead unit's handlers and the committee; the responsible person too
      if (lead) out.units.push(lead);
      if (t.responsible_person_id) out.people.push(t.responsible_person_id);
      out.committee = true;
      break;
    case 'callback_due':
      out.committee = true;
      break;
    case 'rate':
    case 'callback':
      // the unit learns its rating even when the case closes
      if (t.lead_unit_id) out.units.push(t.lead_unit_id);
      break;
  }
  return { units: [...new Set(out.units)], users: [...new Set(out.users)], people: [...new Set(out.people)], committee: out.committee };
}

interface Context {
  row: OutboxTable;
  allianceId: string;
  event: string;
  payload: Record<string, unknown>;
  ticket: repo.TicketFacts;
  actorUserId: string | null;
  actorName: string | null;
  note: string | null;
  at: number;
  data: Record<string, unknown>;
  targets: Notify;
  summary: string;
  /** InboxFacts of the event as JSON: what the summary says, for the apps to say it in the user's language */
  facts: string;
}

async function contextOf(db: Db, row: OutboxTable): Promise<Context | null> {
  if (!row.alliance_id || !row.topic.startsWith('ticket.')) return null;
  const payload = parse(row.payload);
  const ticketId = typeof payload.ticketId === 'string' ? payload.ticketId : null;
  if (!ticketId) return null;
  const facts = await repo.ticketFacts(db, row.alliance_id, ticketId);
  if (!facts) return null;
  // a title made from the reporter's description can hold numbers: every message shows it masked
  const ticket = { ...facts, title: maskFreeText(facts.title) };
  // the intake writes `ticket.created` for its `create` timeline event; transitions write `ticket.<action>`
  const suffix = row.topic.slice('ticket.'.length);
  const event = suffix === 'created' ? 'create' : suffix;
  const ev =
    typeof payload.eventId === 'string'
      ? await repo.eventById(db, ticketId, payload.eventId)
      : await repo.matchingEvent(db, ticketId, event, Number(row.created_at));
  const data = { ...parse(ev?.data ?? null), ...payload };
  const note = ev?.note ? maskFreeText(ev.note) : null;
  // an account's name is shown masked like every text here: the inbox, robots and SMS carry it
  const actorName = shownText(ev?.actor_name ?? (typeof payload.actorName === 'string' ? payload.actorName : null));
  const systemNote = ev ? systemNoteOf({ action: event, actorUserId: ev.actor_user_id, actorName: ev.actor_name }) : null;
  return {
    row,
    allianceId: row.alliance_id,
    event,
    payload,
    ticket,
    actorUserId: ev?.actor_user_id ?? null,
    actorName,
    note,
    at: ev ? Number(ev.at) : Number(row.created_at),
    data,
    targets: targetsOf(event, payload, ticket),
    summary: summaryOf({ event, number: ticket.number, title: ticket.title, actorName, note, data, systemNote }),
    facts: JSON.stringify(factsOf(data, systemNote)),
  };
}

/** Resolves the targets to users of the alliance, each with one reason; the actor is left out. */
async function recipients(db: Db, c: Context): Promise<Map<string, InboxReason>> {
  const found: [string, InboxReason][] = [];
  const lead = typeof c.data.leadUnitId === 'string' ? c.data.leadUnitId : c.ticket.lead_unit_id;
  for (const u of await repo.unitUsers(db, c.allianceId, c.targets.units)) found.push([u.user_id, u.unit_id === lead ? 'lead_unit' : 'assist_unit']);
  if (c.targets.people.length) for (const u of await repo.memberUsers(db, c.allianceId, { personIds: c.targets.people })) found.push([u.id, 'responsible']);
  if (c.targets.users.length) for (const u of await repo.memberUsers(db, c.allianceId, { userIds: c.targets.users })) found.push([u.id, 'reporter']);
  // a dispatcher with an organisation or grid scope hears only of the cases in it, as their ticket list shows them
  if (c.targets.committee) for (const id of await repo.dispatchersReaching(db, c.allianceId, c.ticket.id)) found.push([id, 'committee']);
  const out = new Map<string, InboxReason>();
  for (const [id, reason] of found) {
    if (id === c.actorUserId) continue;
    const had = out.get(id);
    if (!had || REASON_ORDER.indexOf(reason) < REASON_ORDER.indexOf(had)) out.set(id, reason);
  }
  return out;
}

/** The generic JSON body of an event: no personal data, free text masked. */
function eventBody(c: Context, allianceCode: string | null): Record<string, unknown> {
  return {
    id: c.row.id,
    event: c.event,
    topic: c.row.topic,
    occurredAt: c.at,
    allianceId: c.allianceId,
    ...(allianceCode ? { allianceCode } : {}),
    ticket: {
      id: c.ticket.id,
      number: c.ticket.number,
      title: c.ticket.title,
      status: typeof c.payload.toStatus === 'string' ? c.payload.toStatus : null,
      leadUnitId: typeof c.data.leadUnitId === 'string' ? c.data.leadUnitId : c.ticket.lead_unit_id,
      dueAt: typeof c.data.dueAt === 'number' ? c.data.dueAt : null,
    },
    actorName: c.actorName,
    note: c.note,
    summary: c.summary,
  };
}

export interface FanOutCount {
  inbox: number;
  deliveries: number;
  sms: number;
}

const CREDIT_NOTICE = 'credit.notice.';

/**
 * A credit notice (modules/credit addNotice: `credit.notice.<audience>`) into the inbox of the committee's staff, or of
 * the accounts of the merchant's operator (the committee's, to tell the shop in person, when it has none); the notice's
 * title is the summary, its text the (masked) note.
 */
async function fanOutCreditNotice(trx: Db, row: OutboxTable): Promise<FanOutCount> {
  const audience = row.topic.slice(CREDIT_NOTICE.length);
  const p = parse(row.payload);
  const kind = typeof p.kind === 'string' ? p.kind : null;
  const title = typeof p.title === 'string' ? p.title : null;
  if (!row.alliance_id || !kind || !title) return { inbox: 0, deliveries: 0, sms: 0 };
  const operator = typeof p.operatorPersonId === 'string' ? p.operatorPersonId : null;
  const merchantId = typeof p.merchantId === 'string' ? p.merchantId : null;
  // the committee's dispatchers who reach the shop (a grid-scoped one hears of the shops of the grid)
  const committee = () =>
    merchantId ? repo.dispatchersReachingMerchant(trx, row.alliance_id as string, merchantId) : repo.committeeUsers(trx, row.alliance_id as string);
  let users: Array<readonly [string, InboxReason]> =
    audience === 'committee'
      ? (await committee()).map((id) => [id, 'committee'] as const)
      : audience === 'merchant' && operator
        ? (await repo.memberUsers(trx, row.alliance_id, { personIds: [operator] })).map((u) => [u.id, 'merchant'] as const)
        : [];
  // a shop whose operator has no account (or is a name only) would never learn of its 摘牌: the committee delivers it,
  // and needs to know which shop
  let summary = title;
  if (audience === 'merchant' && users.length === 0) {
    users = (await committee()).map((id) => [id, 'merchant_offline'] as const);
    if (typeof p.merchantName === 'string') summary = `${p.merchantName}：${title}`;
  }
  const body = typeof p.body === 'string' ? maskFreeText(p.body) : null;
  const at = Number(row.created_at);
  const inbox: InboxItemTable[] = [...new Map(users)].map(([userId, reason]) => ({
    id: newId(at),
    alliance_id: row.alliance_id as string,
    user_id: userId,
    event_id: row.id,
    event: `credit_${kind}`,
    reason,
    ticket_id: null,
    ticket_number: null,
    ticket_title: null,
    merchant_id: merchantId,
    actor_name: null,
    note: body,
    summary,
    facts: null,
    created_at: at,
    read_at: null,
  }));
  await repo.insertInbox(trx, inbox);
  return { inbox: inbox.length, deliveries: 0, sms: 0 };
}

/** Writes the rows one outbox event yields, inside the caller's transaction. */
export async function fanOutEvent(trx: Db, deps: Pick<Deps, 'cipher'>, row: OutboxTable, now: number, smsProvider: string): Promise<FanOutCount> {
  if (row.topic.startsWith(CREDIT_NOTICE)) return fanOutCreditNotice(trx, row);
  const c = await contextOf(trx, row);
  if (!c) return { inbox: 0, deliveries: 0, sms: 0 };
  const users = await recipients(trx, c);
  // the reporter reads what the tracking page shows (tickets.view.ts): no staff remark, no handler's note
  const forReporter =
    REPORTER_NOTE_ACTIONS.has(c.event) || ![...users.values()].includes('reporter')
      ? { note: c.note, summary: c.summary }
      : {
          note: null,
          summary: summaryOf({ event: c.event, number: c.ticket.number, title: c.ticket.title, actorName: c.actorName, note: null, data: c.data }),
        };
  const inbox: InboxItemTable[] = [...users]
    .filter(([, reason]) => reason !== 'reporter' || !STAFF_ONLY_ACTIONS.has(c.event))
    .map(([userId, reason]) => ({
      id: newId(c.at),
      alliance_id: c.allianceId,
      user_id: userId,
      event_id: row.id,
      event: c.event,
      reason,
      ticket_id: c.ticket.id,
      ticket_number: c.ticket.number,
      ticket_title: c.ticket.title,
      merchant_id: null,
      actor_name: c.actorName,
      ...(reason === 'reporter' ? forReporter : { note: c.note, summary: c.summary }),
      facts: c.facts,
      created_at: c.at,
      read_at: null,
    }));
  await repo.insertInbox(trx, inbox);

  const hooks = (await repo.enabledWebhooks(trx, c.allianceId)).filter((h) => {
    const only = parseList(h.events);
    if (only.length && !only.includes(c.event)) return false;
    return h.unit_id === null ? c.targets.committee : c.targets.units.includes(h.unit_id);
  });
  const alliance = hooks.length ? await trx.selectFrom('alliances').select('code').where('id', '=', c.allianceId).executeTakeFirst() : undefined;
  const deliveries: WebhookDeliveryTable[] = hooks.map((h) => ({
    id: newId(now),
    alliance_id: c.allianceId,
    webhook_id: h.id,
    event_id: row.id,
    event: c.event,
    ticket_id: c.ticket.id,
    ticket_number: c.ticket.number,
    summary: c.summary,
    payload: JSON.stringify(eventBody(c, alliance?.code ?? null)),
    status: 'pending',
    attempts: 0,
    next_at: now,
    last_http_status: null,
    last_error: null,
    batch_size: null,
    sent_at: null,
    created_at: now,
    updated_at: now,
  }));
  await repo.insertDeliveries(trx, deliveries);

  // a reporter without an account (public form, phone left) hears of the result by text message
  let sms = 0;
  if (c.event === 'resolve' && !c.ticket.reporter_user_id && c.ticket.reporter_phone_enc) {
    const phone = deps.cipher.decrypt(c.ticket.reporter_phone_enc);
    if (phone) {
      await repo.insertSms(trx, {
        id: newId(now),
        alliance_id: c.allianceId,
        event_id: row.id,
        ticket_id: c.ticket.id,
        ticket_number: c.ticket.number,
        phone_enc: c.ticket.reporter_phone_enc,
        phone_masked: maskPhone(phone) ?? '****',
        content: resolvedSms(await repo.allianceName(trx, c.allianceId), c.ticket.number),
        provider: smsProvider,
        status: 'pending',
        attempts: 0,
        next_at: now,
        claimed_by: null,
        claimed_until: null,
        provider_ref: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      });
      sms = 1;
    }
  }
  return { inbox: inbox.length, deliveries: deliveries.length, sms };
}
