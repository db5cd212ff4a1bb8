import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type SQLite from 'better-sqlite3';

// Group commit for the embedded database.
//
// SQLite has one writer and a commit costs an fsync (synchronous=FULL), far more than the few inserts of a
// request. Here every Kysely transaction runs as a SAVEPOINT inside one shared outer transaction; when the
// event loop has run every transaction that was ready, one COMMIT makes them all durable together, and only
// then do their callers' `transaction().execute()` promises resolve — so nothing is acknowledged before it is
// on disk. A failing transaction rolls back to its own savepoint and leaves the others intact. A write outside
// any transaction first commits the pending group, then runs on its own (auto-commit).

/** trigger statement text → SQL that runs once before the COMMIT of a group in which the trigger ran (flushAtCommit) */
const commitFlushes = new Map<string, string>();

/**
 * Work a group does once before its COMMIT, inside it, rather than in each transaction: after a statement with exactly
 * the text `trigger` ran in a group, `flush` (one or more statements) runs just before that group's COMMIT. A trigger
 * outside any transaction is followed by its flush at once. Used for the ticket search index (tickets.tokens.ts).
 */
export function flushAtCommit(trigger: string, flush: string): void {
  commitFlushes.set(trigger, flush);
}

/** Runs every registered flush once (at open: nothing should wait in a committed database, but nothing may stay). */
export function runCommitFlushes(db: SQLite.Database): void {
  for (const flush of new Set(commitFlushes.values())) runAtomically(db, flush);
}

/** Runs statements all or none, outside any group. */
function runAtomically(db: SQLite.Database, statements: string): void {
  db.exec(`savepoint commit_flush; ${statements}; release commit_flush`);
}

/** Commits and the transactions they made durable since start (for `bench/profile-http.ts`). */
export const groupCommitStats = { commits: 0, transactions: 0 };

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One acquisition of the single connection; reused from a free list because Kysely remembers every connection object. */
export class Lease implements DatabaseConnection {
  savepoint: string | null = null;
  /** the mutex was handed on at commit, before Kysely's releaseConnection */
  unlocked = false;
  /** counts the releases: a transaction that kept this lease knows whether it still holds it */
  generation = 0;
  constructor(private readonly driver: GroupCommitDriver) {}
  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.driver.run<R>(compiled.sql, compiled.parameters as unknown[], this.savepoint !== null));
  }
  /** Runs one statement of the transaction holding this lease at once: fastSql's way around Kysely's promise chain. */
  rowsNow<R>(sql: string, params: unknown[]): R[] {
    return this.driver.run<R>(sql, params, this.savepoint !== null).rows;
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }
}

class Mutex {
  #locked = false;
  #queue: Array<() => void> = [];
  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }
  unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#locked = false;
  }
}

/** The Kysely driver over one better-sqlite3 connection with savepoint transactions and group commit. */
export class GroupCommitDriver implements Driver {
  readonly #db: SQLite.Database;
  readonly #prepare: (sql: string) => SQLite.Statement;
  readonly #mutex = new Mutex();
  readonly #free: Lease[] = [];
  #outerOpen = false;
  #waiters: Waiter[] = [];
  #flushScheduled = false;
  #seq = 0;
  /** the flushes (flushAtCommit) the open group owes before its COMMIT */
  readonly #owed = new Set<string>();

  constructor(db: SQLite.Database, prepare: (sql: string) => SQLite.Statement) {
    this.#db = db;
    this.#prepare = prepare;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    const lease = this.#free.pop() ?? new Lease(this);
    lease.unlocked = false;
    lease.savepoint = null;
    return lease;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    if (!this.#outerOpen) {
      this.#db.exec('begin immediate');
      this.#outerOpen = true;
    }
    lease.savepoint = `tx${++this.#seq}`;
    this.#db.exec(`savepoint ${lease.savepoint}`);
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    this.#db.exec(`release ${lease.savepoint}`);
    lease.savepoint = null;
    // let the next transaction in while this one waits for the group's COMMIT
    lease.unlocked = true;
    this.#mutex.unlock();
    await new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#scheduleFlush();
    });
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    if (lease.savepoint === null) return;
    try {
      this.#db.exec(`rollback to ${lease.savepoint}`);
      this.#db.exec(`release ${lease.savepoint}`);
    } catch {
      // SQLite rolled the whole outer transaction back itself (e.g. a full disk): start over
      this.#abortGroup(new Error('the group transaction was rolled back'));
    }
    lease.savepoint = null;
  }

  async savepoint(conn: DatabaseConnection, name: string): Promise<void> {
    void conn;
    this.#db.exec(`savepoint ${quoteName(name)}`);
  }

  async rollbackToSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    void conn;
    this.#db.exec(`rollback to ${quoteName(name)}`);
  }

  async releaseSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
    void conn;
    this.#db.exec(`release ${quoteName(name)}`);
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    lease.generation++;
    if (!lease.unlocked) this.#mutex.unlock();
    lease.unlocked = false;
    this.#free.push(lease);
  }

  async destroy(): Promise<void> {
    await this.#mutex.lock();
    try {
      this.#commitGroup();
    } finally {
      this.#db.close();
    }
  }

  /** Runs one statement; called with the mutex held. */
  run<R>(sql: string, params: unknown[], inTransaction: boolean): QueryResult<R> {
    const stmt = this.#prepare(sql);
    // a write outside any transaction must not join (and later lose) the pending group
    if (!inTransaction && this.#outerOpen && !stmt.readonly) this.#commitGroup();
    if (stmt.reader) return { rows: readRows<R>(stmt, params) };
    const { changes, lastInsertRowid } = stmt.run(params);
    const flush = commitFlushes.get(sql);
    if (flush !== undefined) {
      if (inTransaction) this.#owed.add(flush);
      else runAtomically(this.#db, flush);
    }
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // setImmediate runs after every transaction that was already waiting for the mutex has had its turn
    setImmediate(() => {
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    await this.#mutex.lock();
    this.#flushScheduled = false;
    try {
      this.#commitGroup();
    } finally {
      this.#mutex.unlock();
    }
  }

  /** COMMITs the open group and answers its waiters; called with the mutex held. */
  #commitGroup(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    if (!this.#outerOpen) {
      for (const w of waiters) w.resolve();
      return;
    }
    try {
      for (const flush of this.#owed) this.#db.exec(flush);
      this.#owed.clear();
      this.#db.exec('commit');
      groupCommitStats.commits++;
      groupCommitStats.transactions += waiters.length;
      this.#outerOpen = false;
      for (const w of waiters) w.resolve();
    } catch (err) {
      this.#waiters = waiters;
      this.#abortGroup(err);
    }
  }

  /** Rolls the open group back; every transaction waiting in it fails (none of them was acknowledged). */
  #abortGroup(err: unknown): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    this.#owed.clear();
    if (this.#db.inTransaction) {
      try {
        this.#db.exec('rollback');
      } catch {
        // nothing left to roll back
      }
    }
    this.#outerOpen = false;
    for (const w of waiters) w.reject(err);
  }
}

type RowFactory = (raw: unknown[]) => unknown;
const factories = new WeakMap<SQLite.Statement, { width: number; make: RowFactory }>();

/** A function that builds a statement's row object from its raw values as one object literal. */
function rowFactory(stmt: SQLite.Statement): { width: number; make: RowFactory } {
  const names = stmt.columns().map((c) => c.name);
  // column names come from our own SQL; JSON.stringify quotes them as property keys (a repeated name keeps the last value,
  // as better-sqlite3's objects do)
  const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`;
  return { width: names.length, make: new Function('r', body) as RowFactory };
}

/**
 * A statement's rows as objects. better-sqlite3 sets each property of a row object one by one (~0.15 µs per value); the
 * rows are read as arrays and each becomes one fixed-shape object literal instead: a page of tickets (62 columns) reads
 * in half the time. The statement is shared (statement cache), so its raw mode is restored at once.
 */
function readRows<R>(stmt: SQLite.Statement, params: unknown[]): R[] {
  let f = factories.get(stmt);
  if (!f) {
    f = rowFactory(stmt);
    factories.set(stmt, f);
  }
  stmt.raw(true);
  let raw: unknown[][];
  try {
    raw = stmt.all(params) as unknown[][];
  } finally {
    stmt.raw(false);
  }
  // a schema change re-prepares the statement and may widen `select *`: build the factory again
  if (raw.length > 0 && (raw[0] as unknown[]).length !== f.width) {
    f = rowFactory(stmt);
    factories.set(stmt, f);
  }
  const rows = new Array<R>(raw.length);
  for (let i = 0; i < raw.length; i++) rows[i] = f.make(raw[i] as unknown[]) as R;
  return rows;
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * SQLite's schema changes are transactional, which Kysely's adapter does not claim: its Migrator then ran each SQLite
 * migration statement by statement, and a process killed midway left a half-applied migration that the next start
 * could not apply again. Claimed here, the pending migrations run in one transaction, as on PostgreSQL.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** A Kysely dialect for better-sqlite3 with group commit (see the file comment). */
export class GroupCommitSqliteDialect implements Dialect {
  constructor(
    private readonly db: SQLite.Database,
    private readonly prepare: (sql: string) => SQLite.Statement,
  ) {}
  createDriver(): Driver {
    return new GroupCommitDriver(this.db, this.prepare);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}
