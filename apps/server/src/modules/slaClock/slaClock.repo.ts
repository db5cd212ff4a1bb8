import { SLA_CLOCK_ACTOR_NAME } from '@tongxin/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { TicketEventTable } from '../../db/types.ts';
import { newId } from '../../lib/ids.ts';

export const OPEN = ['dispatched', 'accepted'] as const;
const HOUR = 3_600_000;

export { claimLease } from '../../db/leases.ts';

export interface DueTicket {
  id: string;
  alliance_id: string;
  number: string;
  status: string;
  lead_unit_id: string | null;
  due_at: number | null;
  accept_due_at: number | null;
  resolved_at: number | null;
}

const cols = ['id', 'alliance_id', 'number', 'status', 'lead_unit_id', 'due_at', 'accept_due_at', 'resolved_at'] as const;

/**
 * Open tickets close to breach and not warned yet: time left below 20 % of the SLA window, or below 4 hours
 * provided that is also below half the window (so a 2-hour urgent case is not warned the minute it is dispatched).
 */
export function toWarn(db: Db, now: number, limit: number): Promise<DueTicket[]> {
  return db
    .selectFrom('tickets')
    .select(cols)
    .where('status', 'in', OPEN)
    .where('warned', '=', 0)
    .where('overdue', '=', 0)
    .where('due_at', 'is not', null)
    .where('due_at', '>=', now)
    .where((eb) =>
      eb.or([
        sql<boolean>`(due_at - ${now}) * 5 < (due_at - coalesce(dispatched_at, created_at))`,
        eb.and([eb('due_at', '<', now + 4 * HOUR), sql<boolean>`(due_at - ${now}) * 2 < (due_at - coalesce(dispatched_at, created_at))`]),
      ]),
    )
    .orderBy('due_at')
    .limit(limit)
    .execute() as Promise<DueTicket[]>;
}

export function toAcceptOverdue(db: Db, now: number, limit: number): Promise<DueTicket[]> {
  return db
    .selectFrom('tickets')
    .select(cols)
    .where('status', '=', 'dispatched')
    .where('accept_overdue', '=', 0)
    .where('accept_due_at', '<', now)
    .orderBy('accept_due_at')
    .limit(limit)
    .execute() as Promise<DueTicket[]>;
}

export function toOverdue(db: Db, now: number, limit: number): Promise<DueTicket[]> {
  return db
    .selectFrom('tickets')
    .select(cols)
    .where('status', 'in', OPEN)
    .where('overdue', '=', 0)
    .where('due_at', '<', now)
    .orderBy('due_at')
    .limit(limit)
    .execute() as Promise<DueTicket[]>;
}

/** Overdue open tickets not yet on the committee's agenda. */
export function toEscalate(db: Db, limit: number): Promise<DueTicket[]> {
  return db
    .selectFrom('tickets')
    .select(cols)
    .where('status', 'in', OPEN)
    .where('overdue', '=', 1)
    .where('escalated', '=', 0)
    .orderBy('due_at')
    .limit(limit)
    .execute() as Promise<DueTicket[]>;
}

export function toCallback(db: Db, before: number, limit: number): Promise<DueTicket[]> {
  return db
    .selectFrom('tickets')
    .select(cols)
    .where('status', '=', 'resolved')
    .where('rating_stars', 'is', null)
    .where('callback_due', '=', 0)
    .where('resolved_at', '<', before)
    .orderBy('resolved_at')
    .limit(limit)
    .execute() as Promise<DueTicket[]>;
}

export function toCloseUnrated(db: Db, before: number, limit: number): Promise<DueTicket[]> {
  return db
    .selectFrom('tickets')
    .select(cols)
    .where('status', '=', 'resolved')
    .where('rating_stars', 'is', null)
    .where('resolved_at', '<', before)
    .orderBy('resolved_at')
    .limit(limit)
    .execute() as Promise<DueTicket[]>;
}

type Flag = 'warned' | 'overdue' | 'accept_overdue' | 'escalated' | 'callback_due';

/** Sets a 0/1 flag only if it is still 0 (and the ticket still in one of the statuses): true for the one caller that wins. */
export async function setFlag(db: Db, id: string, flag: Flag, statuses: readonly string[], now: number): Promise<boolean> {
  const r = await db
    .updateTable('tickets')
    .set({ [flag]: 1, updated_at: now })
    .where('id', '=', id)
    .where(flag, '=', 0)
    .where('status', 'in', statuses)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvent(db: Db, e: Omit<TicketEventTable, 'id' | 'photos' | 'actor_user_id' | 'actor_unit_id' | 'actor_name'>): Promise<void> {
  await db
    .insertInto('ticket_events')
    .values({ ...e, id: newId(e.at), photos: '[]', actor_user_id: null, actor_unit_id: null, actor_name: SLA_CLOCK_ACTOR_NAME })
    .execute();
}

export async function insertOutbox(db: Db, allianceId: string, topic: string, payload: unknown, now: number): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: newId(now),
      alliance_id: allianceId,
      topic,
      payload: JSON.stringify(payload),
      created_at: now,
      available_at: now,
      attempts: 0,
      claimed_by: null,
      claimed_until: null,
      delivered_at: null,
      last_error: null,
    })
    .execute();
}
