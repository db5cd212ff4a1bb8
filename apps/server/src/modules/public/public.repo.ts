import type { Db } from '../../db/index.ts';

/**
 * Adds fields to the data of a ticket's 'create' timeline event (the sensitive-word flag of a public report).
 * TODO: move into createPublicTicket's transaction once it takes extra event data.
 */
export async function mergeCreateEventData(db: Db, ticketId: string, extra: Record<string, unknown>): Promise<void> {
  const e = await db.selectFrom('ticket_events').select(['id', 'data']).where('ticket_id', '=', ticketId).where('action', '=', 'create').executeTakeFirst();
  if (!e) return;
  let data: Record<string, unknown> = {};
  try {
    data = e.data ? (JSON.parse(e.data) as Record<string, unknown>) : {};
  } catch {
    data = {};
  }
  await db
    .updateTable('ticket_events')
    .set({ data: JSON.stringify({ ...data, ...extra }) })
    .where('id', '=', e.id)
    .execute();
}
