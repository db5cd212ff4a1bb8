import type SQLite from 'better-sqlite3';

// Kysely prepares every query afresh; preparing costs more than running a small statement on SQLite.
// Queries built by the query builder repeat the same SQL text, so a bounded cache keyed by that text
// turns each prepare after the first into a map lookup.
const MAX_STATEMENTS = 1000;

/** A `prepare` for better-sqlite3 that reuses statements (bounded, least recently used out). */
export function statementCache(sqlite: SQLite.Database): (sql: string) => SQLite.Statement {
  const cache = new Map<string, SQLite.Statement>();
  return (sql: string) => {
    let stmt = cache.get(sql);
    if (stmt) {
      // refresh its place in the LRU order
      cache.delete(sql);
      cache.set(sql, stmt);
      return stmt;
    }
    stmt = sqlite.prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
    return stmt;
  };
}
