import type { Db } from '../../db/index.ts';
import { insertRows, runSql } from '../../db/fastSql.ts';
import type { TicketTable } from '../../db/types.ts';
import { indexTicket } from './tickets.tokens.ts';

/** What one intake writes besides its audit record; the ticket's `number` is assigned here. */
export interface IntakeRows {
  code: string;
  /** today in Asia/Shanghai, YYYYMMDD */
  day: string;
  ticket: Omit<TicketTable, 'number'>;
  tokens: string[];
  event: Record<string, unknown>;
  outbox: { id: string; topic: string; payload: Record<string, unknown>; at: number };
}

const COUNTER =
  'insert into ticket_counters (alliance_id, day, seq) values (?, ?, 1) on conflict (alliance_id, day) do update set seq = ticket_counters.seq + 1 returning seq';

/** One outbox row (a notification to deliver), as every transition writes it. */
export function outboxRow(allianceId: string, o: { id: string; topic: string; at: number }, payload: Record<string, unknown>): Record<string, unknown> {
  return { id: o.id, alliance_id: allianceId, topic: o.topic, payload: JSON.stringify(payload), created_at: o.at, available_at: o.at, attempts: 0 };
}

/**
 * Numbers the ticket and writes it with its search row, 'create' event and outbox row; returns the number.
 *
 * The day's counter row is a lock per alliance held until COMMIT. SQLite has one writer and runs the statements one by
 * one. On PostgreSQL, intakes of one alliance queue on that lock, and the holder waits between statements for the event
 * loop (busy with other requests) — so everything from the counter on is one statement there (data-modifying CTEs;
 * foreign keys are checked at its end), and the lock is held for that statement, the audit record and COMMIT only.
 */
export async function writeIntake(trx: Db, dbKind: 'sqlite' | 'postgres', w: IntakeRows): Promise<string> {
  const allianceId = w.ticket.alliance_id;
  if (dbKind === 'sqlite') {
    const [c] = await runSql<{ seq: number }>(trx, COUNTER, [allianceId, w.day]);
    // `<CODE>-YYYYMMDD-NNNN`, the sequence growing past 4 digits (the PostgreSQL text below builds the same)
    const number = `${w.code}-${w.day}-${String(Number(c?.seq)).padStart(4, '0')}`;
    await insertRows(trx, 'tickets', [{ ...w.ticket, number } as unknown as Record<string, unknown>]);
    await indexTicket(trx, dbKind, allianceId, w.ticket.id, w.tokens);
    await insertRows(trx, 'ticket_events', [w.event]);
    await insertRows(trx, 'outbox', [outboxRow(allianceId, w.outbox, { ...w.outbox.payload, number })]);
    return number;
  }
  // placeholders are numbered in the order they appear in the text: counter (alliance, day), number (code, day), then
  // the rows in the order of the CTEs below
  const params: unknown[] = [allianceId, w.day, w.code, w.day];
  const p = (v: unknown) => (params.push(v), '?');
  const cols = (names: string[]) => names.map((c) => `"${c}"`).join(', ');
  const ticketCols = Object.keys(w.ticket) as (keyof IntakeRows['ticket'])[];
  const ticket = `t as (insert into tickets (${cols(ticketCols)}, "number") select ${ticketCols.map((c) => p(w.ticket[c])).join(', ')}, n.number from n returning id)`;
  const search =
    w.tokens.length > 0
      ? `, s as (insert into ticket_search (ticket_id, alliance_id, tokens) select ${p(w.ticket.id)}, ${p(allianceId)}, ${p(w.tokens)} from t)`
      : '';
  const eventCols = Object.keys(w.event);
  const event = `e as (insert into ticket_events (${cols(eventCols)}) select ${eventCols.map((c) => p(w.event[c])).join(', ')} from t)`;
  const box = outboxRow(allianceId, w.outbox, w.outbox.payload);
  const boxCols = Object.keys(box);
  const boxValues = boxCols.map((c) => (c === 'payload' ? `(${p(box.payload)}::jsonb || jsonb_build_object('number', n.number))::text` : p(box[c])));
  const outbox = `o as (insert into outbox (${cols(boxCols)}) select ${boxValues.join(', ')} from n)`;
  const text = `with c as (${COUNTER}),
n as (select ?::text || '-' || ?::text || '-' || lpad(c.seq::text, greatest(4, length(c.seq::text)), '0') as number from c),
${ticket}${search},
${event},
${outbox}
select number from n`;
  const [r] = await runSql<{ number: string }>(trx, text, params);
  if (!r) throw new Error('intake wrote no ticket');
  return r.number;
}
