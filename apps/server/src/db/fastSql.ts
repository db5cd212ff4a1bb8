import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Db } from './index.ts';

// The query builder costs more CPU than SQLite spends running a small statement. The few statements of the
// hottest writes (ticket intake, the audit chain, the outbox) are written here once as SQL text with `?`
// placeholders and run as compiled queries on either database; everything else keeps using the builder.

const pgText = new Map<string, string>();

/** `?` placeholders rewritten to `$1…` for PostgreSQL (cached per text). */
function forDialect(db: Db, text: string): string {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return text;
  let out = pgText.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    pgText.set(text, out);
  }
  return out;
}

/** Runs one SQL statement with `?` parameters in the given database or transaction; returns its rows. */
export async function runSql<R = Record<string, unknown>>(db: Db, text: string, params: readonly unknown[]): Promise<R[]> {
  const r = await db.executeQuery<R>(CompiledQuery.raw(forDialect(db, text), params as unknown[]));
  return r.rows;
}

const insertText = new Map<string, string>();

/** Inserts rows that all have the same columns (those of the first row) in one statement. */
export async function insertRows(db: Db, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const key = `${table}\u0000${cols.join(',')}\u0000${rows.length}`;
  let text = insertText.get(key);
  if (text === undefined) {
    const one = `(${cols.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) values ${Array.from({ length: rows.length }, () => one).join(', ')}`;
    if (insertText.size > 500) insertText.clear();
    insertText.set(key, text);
  }
  const params: unknown[] = [];
  for (const r of rows) for (const c of cols) params.push(r[c]);
  await runSql(db, text, params);
}
