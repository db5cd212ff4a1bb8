/** The in-app inbox: one user's rows in the current alliance, nobody else's. */
import { InboxFacts, type InboxItem, type InboxQuery } from '@tongxin/domain';
import type { InboxItemTable } from '../../db/tables/notifications.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { forbidden, notFound, unauthenticated } from '../../lib/errors.ts';
import { listParams, paged } from '../access/index.ts';
import * as repo from './notifications.repo.ts';
import { shownText } from '../../lib/freeText.ts';

/** A signed-in user in an alliance (an API key has no inbox). */
export interface InboxOwner {
  userId: string;
  allianceId: string;
}

/** 401 without a session, 403 without a current alliance or user. */
export function inboxOwner(actor: Actor | null): InboxOwner {
  if (!actor) throw unauthenticated();
  if (!actor.allianceId) throw forbidden('no alliance selected');
  if (!actor.userId) throw forbidden('the inbox belongs to a signed-in user');
  return { userId: actor.userId, allianceId: actor.allianceId };
}

/** The stored facts, or null when there are none or they no longer parse (the apps then show the summary as it is). */
function factsFrom(json: string | null | undefined): InboxFacts | null {
  if (!json) return null;
  try {
    const r = InboxFacts.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function toItem(r: InboxItemTable): InboxItem {
  return {
    id: r.id,
    event: r.event,
    reason: r.reason as InboxItem['reason'],
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    // items written before titles were masked at fan-out
    ticketTitle: shownText(r.ticket_title),
    merchantId: r.merchant_id ?? null,
    actorName: shownText(r.actor_name),
    note: r.note,
    summary: shownText(r.summary),
    facts: factsFrom(r.facts),
    createdAt: Number(r.created_at),
    readAt: r.read_at === null ? null : Number(r.read_at),
  };
}

export async function listInbox(deps: Deps, o: InboxOwner, q: InboxQuery) {
  const { offset, limit } = listParams(q);
  const [items, total] = await repo.inboxPage(deps.db, o.allianceId, o.userId, q.unread === 'true', offset, limit);
  return paged(items.map(toItem), total.n);
}

export async function unread(deps: Deps, o: InboxOwner): Promise<{ unread: number }> {
  return { unread: await repo.unreadCount(deps.db, o.allianceId, o.userId) };
}

/** Marks one item read (idempotent); another user's or another alliance's item is 404. */
export async function readOne(deps: Deps, o: InboxOwner, id: string): Promise<InboxItem> {
  const row = await repo.inboxItem(deps.db, o.allianceId, o.userId, id);
  if (!row) throw notFound('inbox item');
  if (row.read_at === null) {
    const now = deps.clock.now();
    await repo.markRead(deps.db, o.allianceId, o.userId, now, id);
    row.read_at = now;
  }
  return toItem(row);
}

export async function readAll(deps: Deps, o: InboxOwner): Promise<{ updated: number }> {
  return { updated: await repo.markRead(deps.db, o.allianceId, o.userId, deps.clock.now()) };
}
