/**
 * Case numbers in the order the cases were reported. The generator writes a case the moment it draws it, shop by shop
 * and then the rest, so the day's counter handed out numbers in drawing order, not in time order: a list sorted by
 * time showed HHX-20260311-0412 at 09:05 above HHX-20260311-0017 at 09:12. Once an alliance's cases are written,
 * this gives every case of a day its number by time (ties: id), gapless from 0001 — the same numbers, permuted within
 * each day, so the day counters stand. The demo's aged cases are renumbered with the same plan (demo.tickets.numbers.ts).
 */
import { shanghaiDate } from '@tongxin/domain';
import { sql } from 'kysely';
import type { DbHandle } from '../../../db/index.ts';
import type { SqliteConn } from './sink.ts';

/**
 * Renumbers the alliance's cases by creation time within each day; returns old → new for the numbers that moved.
 * On SQLite it reads and updates through the sink's connection (`conn`), whose page cache still holds the cases.
 */
export async function renumberInCreationOrder(handle: DbHandle, conn: SqliteConn | undefined, allianceId: string, code: string): Promise<Map<string, string>> {
  const { moves, renamed } = planRenumber(code, await casesInTimeOrder(handle, conn, allianceId));
  if (moves.length === 0) return renamed;
  if (conn) {
    await conn.runEach(
      'update tickets set number = ? where id = ?',
      inPlaceOrder(moves).map(([id, number]) => [number, id]),
    );
    return renamed;
  }
  const ids = moves.map((m) => m.id);
  const numbers = moves.map((m) => m.to);
  await handle.db.transaction().execute(async (trx) => {
    await sql`update tickets set number = '~' || id where id = any(${ids}::text[])`.execute(trx);
    await sql`update tickets t set number = u.number from unnest(${ids}::text[], ${numbers}::text[]) as u(id, number) where t.id = u.id`.execute(trx);
  });
  return renamed;
}

/**
 * The numbers an alliance's cases (oldest first: [id, number, created at]) should carry: CODE-YYYYMMDD-NNNN with the
 * Shanghai day of creation and the place in that day, gapless from 0001. Returns the cases whose number changes, old →
 * new, and each day's last number (for the day counters).
 */
export function planRenumber(
  code: string,
  cases: Iterable<readonly [id: string, number: string, createdAt: number]>,
): { moves: Move[]; renamed: Map<string, string>; perDay: Map<string, number> } {
  const perDay = new Map<string, number>();
  const moves: Move[] = [];
  const renamed = new Map<string, string>();
  for (const [id, number, createdAt] of cases) {
    const day = shanghaiDate(createdAt).replace(/-/g, '');
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const to = `${code}-${day}-${String(seq).padStart(4, '0')}`;
    if (to === number) continue;
    moves.push({ id, from: number, to });
    renamed.set(number, to);
  }
  return { moves, renamed, perDay };
}

/** A case whose number changes. */
export interface Move {
  id: string;
  from: string;
  to: string;
}

/**
 * The single-row updates that apply the moves one at a time without two cases ever holding one number: along each
 * chain of "wants the number another one holds" from its free end, and around each cycle with one parking step.
 * About one update per case instead of two for a park-everything-then-place pass (measured: ~10 µs each on SQLite).
 */
export function inPlaceOrder(moves: readonly Move[]): Array<[id: string, number: string]> {
  const holding = new Map(moves.map((m) => [m.from, m]));
  const wantedBy = new Map(moves.map((m) => [m.to, m]));
  const done = new Set<Move>();
  const out: Array<[string, string]> = [];
  const follow = (first: Move) => {
    // the moves whose numbers are wanted one after another: first wants what the next holds, and so on
    const run = [first];
    for (let next = holding.get(first.to); next && next !== first && !done.has(next); next = holding.get(next.to)) run.push(next);
    return run;
  };
  // chains first: start where a move's own number is wanted by nobody, so the end of the run takes a free number
  for (const m of moves) {
    if (done.has(m) || wantedBy.has(m.from)) continue;
    const run = follow(m);
    for (let i = run.length - 1; i >= 0; i--) {
      out.push([run[i]!.id, run[i]!.to]);
      done.add(run[i]!);
    }
  }
  // what is left are cycles: park the first, place the rest from the end, then the first
  for (const m of moves) {
    if (done.has(m)) continue;
    const run = follow(m);
    out.push([m.id, `~${m.id}`]);
    for (let i = run.length - 1; i >= 0; i--) {
      out.push([run[i]!.id, run[i]!.to]);
      done.add(run[i]!);
    }
  }
  return out;
}

/** [id, number, created at] of the alliance's cases, oldest first. */
async function casesInTimeOrder(handle: DbHandle, conn: SqliteConn | undefined, allianceId: string): Promise<Array<[string, string, number]>> {
  const text = 'select id, number, created_at from tickets where alliance_id = ? order by created_at, id';
  if (conn) return (await conn.all(text, [allianceId])) as Array<[string, string, number]>;
  const r = await sql<{
    id: string;
    number: string;
    created_at: number;
  }>`select id, number, created_at from tickets where alliance_id = ${allianceId} order by created_at, id`.execute(handle.db);
  return r.rows.map((x) => [x.id, x.number, Number(x.created_at)]);
}
