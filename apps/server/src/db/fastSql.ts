import { CompiledQuery, PostgresAdapter } from 'kysely';
import type pg from 'pg';
import type { Db } from './index.ts';
import { Lease } from './groupCommit.ts';

// The query builder costs more CPU than SQLite spends running a small statement. The few statements of the
// hottest paths (ticket intake, the audit chain, the outbox, the integrity page) are written here once as SQL text
// with `?` placeholders and run as compiled queries on either database; everything else keeps using the builder.
// On PostgreSQL these texts also run as named prepared statements (preparedStatements below).

const pgText = new Map<string, string>();
/** PostgreSQL text of a runSql statement → the name it is prepared under on each connection */
const prepared = new Map<string, string>();
/** a bound on the statements each connection keeps prepared (the texts here are a fixed few; this only guards) */
const MAX_PREPARED = 200;

/** `?` placeholders rewritten to `$1…` for PostgreSQL (cached per text), and the text named for preparing. */
function forDialect(db: Db, text: string): string {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return text;
  let out = pgText.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    pgText.set(text, out);
    if (prepared.size < MAX_PREPARED) prepared.set(out, `tx_${prepared.size}`);
  }
  return out;
}

/**
 * Makes a PostgreSQL connection run the texts of runSql and insertRows as named prepared statements: the server parses
 * and plans each once per connection instead of at every run (the integrity page went from 2,545 to 5,723 req/s on one
 * PostgreSQL, measured). Every other statement, Kysely's builder included, runs unnamed as before. Applied by openDb to
 * each new pooled connection, so it holds in transactions too.
 */
export function preparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown, callback?: unknown) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof config === 'string' && typeof values !== 'function' ? prepared.get(config) : undefined;
    return name ? query({ name, text: config, values }, callback) : query(config, values, callback);
  }) as typeof client.query;
}

/** A transaction's embedded-database lease with the generation it was taken at; null: not an embedded transaction. */
type KnownLease = { lease: Lease; generation: number } | null;
const leases = new WeakMap<Db, KnownLease>();

/** Finds and remembers the connection a transaction holds (once per transaction: Kysely hands it over asynchronously). */
async function findLease(trx: Db): Promise<KnownLease> {
  const conn = await trx.getExecutor().provideConnection(async (c) => c);
  const known = conn instanceof Lease ? { lease: conn, generation: conn.generation } : null;
  leases.set(trx, known);
  return known;
}

/**
 * Runs one SQL statement with `?` parameters in the given database or transaction; returns its rows. In a SQLite
 * transaction the statement runs at once on the transaction's lease: through Kysely each statement passes ~10 promises
 * (query id, connection provider, result transform), 5 % of a ticket intake's CPU. Kysely gives a transaction one
 * connection from begin to end; the generation check refuses a lease the transaction no longer holds.
 */
export async function runSql<R = Record<string, unknown>>(db: Db, text: string, params: readonly unknown[]): Promise<R[]> {
  if (db.isTransaction) {
    const known = leases.get(db) ?? (leases.has(db) ? null : await findLease(db));
    if (known && known.lease.generation === known.generation) return known.lease.rowsNow<R>(text, params as unknown[]);
  }
  const r = await db.executeQuery<R>(CompiledQuery.raw(forDialect(db, text), params as unknown[]));
  return r.rows;
}

/** Insert texts by table and row count, each with the columns it was built for. */
const insertTexts = new Map<string, { cols: string[]; text: string }[]>();

/** The insert text for these columns and row count, found by comparing the column names rather than joining them (a ticket has 62). */
function insertTextFor(table: string, cols: string[], count: number, conflict: string): string {
  const key = `${table}\u0000${count}\u0000${conflict}`;
  let texts = insertTexts.get(key);
  const hit = texts?.find((t) => t.cols.length === cols.length && t.cols.every((c, i) => c === cols[i]));
  if (hit) return hit.text;
  const one = `(${cols.map(() => '?').join(', ')})`;
  const text = `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: count }, () => one).join(', ')}${conflict}`;
  if (insertTexts.size > 500) insertTexts.clear();
  if (!texts) insertTexts.set(key, (texts = []));
  if (texts.length >= 20) texts.shift();
  texts.push({ cols, text });
  return text;
}

/**
 * Inserts rows that all have the same columns (those of the first row) in one statement; with `skipOnConflict`, a row
 * that would repeat that unique key is left out (`on conflict (…) do nothing`).
 */
export async function insertRows(db: Db, table: string, rows: readonly Record<string, unknown>[], skipOnConflict?: readonly string[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const params: unknown[] = [];
  for (const r of rows) for (const c of cols) params.push(r[c]);
  const conflict = skipOnConflict ? ` on conflict (${skipOnConflict.map((c) => `"${c}"`).join(', ')}) do nothing` : '';
  await runSql(db, insertTextFor(table, cols, rows.length, conflict), params);
}
