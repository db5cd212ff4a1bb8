/**
 * Ticket numbers after the demo's cases were aged. A number carries the Shanghai day it was taken in
 * (HHX-20261103-0002), but every demo case was reported "now" and only then moved days back (ageTickets), so its
 * number named the seeding day. This documented SQL step gives each of the alliance's cases the number it would have
 * had on its aged day — per day in order of creation, gapless from 0001 — rewrites the numbers that merge events
 * recorded, and sets the alliance's day counters to match, so a case reported later that day continues the sequence.
 * Audit records keep the numbers and times they were written with (the chain must still verify).
 */
import type { Db } from '../../db/index.ts';
import { inPlaceOrder, planRenumber } from './scale/numbers.ts';

/** The event data keys that hold a ticket number (tickets.actions: merge and merged_in). */
const NUMBER_KEYS = ['number', 'targetNumber'] as const;

/** Renumbers the alliance's tickets by their (aged) creation day; runs in the caller's transaction. */
export async function renumberByCreationDay(trx: Db, allianceId: string, code: string): Promise<void> {
  const rows = await trx
    .selectFrom('tickets')
    .select(['id', 'number', 'created_at'])
    .where('alliance_id', '=', allianceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const { moves, renamed, perDay } = planRenumber(
    code,
    rows.map((r) => [r.id, r.number, Number(r.created_at)] as const),
  );
  if (moves.length > 0) {
    // one at a time, so that (alliance, number) stays unique after each update
    for (const [id, number] of inPlaceOrder(moves)) await trx.updateTable('tickets').set({ number }).where('id', '=', id).execute();
    const events = await trx
      .selectFrom('ticket_events')
      .select(['id', 'data'])
      .where('alliance_id', '=', allianceId)
      .where('action', 'in', ['merge', 'merged_in'])
      .execute();
    for (const e of events) {
      const data = renamedData(e.data, renamed);
      if (data !== null) await trx.updateTable('ticket_events').set({ data }).where('id', '=', e.id).execute();
    }
  }
  await trx.deleteFrom('ticket_counters').where('alliance_id', '=', allianceId).execute();
  for (const [day, seq] of perDay) await trx.insertInto('ticket_counters').values({ alliance_id: allianceId, day, seq }).execute();
}

/** The event's JSON with renamed numbers, or null when it holds none of them. */
function renamedData(raw: string | null, renamed: ReadonlyMap<string, string>): string | null {
  if (!raw) return null;
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return null;
  }
  let changed = false;
  for (const k of NUMBER_KEYS) {
    const v = data[k];
    const to = typeof v === 'string' ? renamed.get(v) : undefined;
    if (to !== undefined) {
      data[k] = to;
      changed = true;
    }
  }
  return changed ? JSON.stringify(data) : null;
}
