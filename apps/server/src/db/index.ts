import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DbKind } from '../config.ts';
import { migrateToLatest } from './migrate.ts';
import { restoreDeferredIndexes } from './deferredIndexes.ts';
import { GroupCommitSqliteDialect, runCommitFlushes } from './groupCommit.ts';
import { statementCache } from './statementCache.ts';
import { preparedStatements } from './fastSql.ts';
import type { Database } from './types.ts';

export type { Database } from './types.ts';
export { migrateToLatest } from './migrate.ts';
export { deferIndexes, restoreDeferredIndexes } from './deferredIndexes.ts';
export { flushAtCommit, groupCommitStats } from './groupCommit.ts';
export { containsText } from './like.ts';

// PostgreSQL returns int8 (our epoch-ms columns, count(*)) as strings; every value we store fits a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type Db = Kysely<Database>;

/** An open database: the Kysely instance plus what only some callers need (the raw SQLite handle for backup). */
export interface DbHandle {
  db: Db;
  kind: DbKind;
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolSize?: number;
  /** PostgreSQL: run fastSql's statements as named prepared statements (default; off behind a pooler that cannot keep them) */
  preparedStatements?: boolean;
}

/** Opens SQLite (WAL, foreign keys, fsync on commit, group commit, statement cache) or a PostgreSQL pool. */
export function openDb(kind: DbKind, url: string, opts: OpenOptions = {}): DbHandle {
  if (kind === 'sqlite') {
    if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
    const sqlite = openSqliteFile(url);
    // FULL: an acknowledged commit survives a power cut, not only a killed process; group commit
    // (groupCommit.ts) shares one fsync among every transaction that is ready at the same time
    sqlite.pragma('synchronous = FULL');
    // each transaction of a group is a SAVEPOINT whose journal of changed pages would spill to a temp file past
    // 64 KB (about a dozen pages, less than one ticket intake touches): in memory, intake costs ~20 % less CPU
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // planner statistics for tables that grew since the last start (bounded, so a start never stalls on a big file)
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize = 0x10002');
    dropStat4Samples(sqlite);
    const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(sqlite, statementCache(sqlite)) });
    return { db, kind, sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  // an idle client losing its connection must not crash the process
  pool.on('error', () => {});
  if (opts.preparedStatements !== false) pool.on('connect', preparedStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind, sqlite: null, close: () => db.destroy() };
}

/** The file's inode, or null when there is none. */
function inodeOf(file: string): number | null {
  return statSync(file, { throwIfNoEntry: false })?.ino ?? null;
}

/**
 * Opens an SQLite file in WAL mode and makes sure it is still the file at `url` once this connection holds a lock on
 * it. `tongxin restore` swaps the file while it holds the exclusive lock (db/restore.ts): a process that opened the old
 * file just before waits on that lock, and would then write into the replaced database; it opens again instead.
 * `afterOpen` lets a test swap the file at the worst moment.
 */
export function openSqliteFile(url: string, afterOpen?: () => void): SQLite.Database {
  for (let attempt = 1; ; attempt++) {
    const before = url === ':memory:' ? null : inodeOf(url);
    const sqlite = new SQLite(url, { timeout: 5000 });
    afterOpen?.();
    try {
      // the first access: it waits while a restore holds the file
      sqlite.pragma('journal_mode = WAL');
      if (url === ':memory:' || (before !== null && inodeOf(url) === before)) return sqlite;
    } catch (e) {
      // SQLite refuses to write a file that moved since it was opened: the restore's swap, seen from this side
      if ((e as { code?: string }).code !== 'SQLITE_READONLY_DBMOVED') {
        sqlite.close();
        throw e;
      }
    }
    sqlite.close();
    if (attempt >= 5) throw new Error(`${url} was replaced while it was being opened (a restore?): start again`);
  }
}

/**
 * Keeps SQLite's planner on sqlite_stat1 alone. ANALYZE (run by `PRAGMA optimize` above) also writes stat4 samples
 * with this build, and a statement whose parameter meets a sampled column is then compiled again on every run, its
 * plan depending on the bound value: measured, that doubled the cost of an indexed count and cost a tenth of the
 * integrity page's CPU. Any ANALYZE reloads the statistics of the connection; analysing sqlite_schema is the cheapest.
 */
function dropStat4Samples(sqlite: SQLite.Database): void {
  const has = sqlite.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get();
  if (!has || !sqlite.prepare('select 1 from sqlite_stat4 limit 1').get()) return;
  sqlite.exec('delete from sqlite_stat4; analyze sqlite_schema');
}

/** Opens and migrates, and builds any index a bulk import left deferred (it died midway). */
export async function openMigratedDb(kind: DbKind, url: string, opts: OpenOptions = {}): Promise<DbHandle> {
  const h = openDb(kind, url, opts);
  await migrateToLatest(h.db as unknown as Kysely<unknown>, kind);
  await restoreDeferredIndexes(h.db as unknown as Kysely<unknown>);
  if (h.sqlite) runCommitFlushes(h.sqlite);
  return h;
}

/** True when the database answers. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
