/**
 * Bulk writing for the generator. SQLite: prepared statements straight on better-sqlite3 inside large transactions
 * (committed every ~200,000 rows). PostgreSQL: rows are buffered per table and written as one
 * `insert … select from unnest($1::text[], …)` per table and batch — one round trip for thousands of rows — each
 * batch in one transaction.
 * Parents are always flushed before children (tables flush in the declared order), so foreign keys hold.
 */
import type SQLite from 'better-sqlite3';
import type { Db } from '../../../db/index.ts';
import { runSql } from '../../../db/fastSql.ts';

export type ColType = 'text' | 'int8' | 'float8';

/** A table and the columns the generator writes, in row order; `pg` overrides a column's select expression there. */
export interface TableSpec {
  table: string;
  cols: ReadonlyArray<readonly [string, ColType]>;
  pg?: Record<string, string>;
}

/**
 * Rows go in with add(); checkpoint() commits (SQLite) or flushes (PostgreSQL) once enough are pending, and with force
 * returns only once everything added is committed; finish() ends; dispose() lets go after a failure.
 */
export interface Sink {
  add(spec: TableSpec, row: unknown[]): void;
  checkpoint(force?: boolean): Promise<void>;
  finish(): Promise<void>;
  dispose(): Promise<void>;
  rows: number;
  /** SQLite: the connection the rows go through, for the generator's own reads and updates of them */
  conn?: SqliteConn;
}

/** Statements on a SQLite sink's connection, after the rows added so far (its page cache holds them). */
export interface SqliteConn {
  /** the rows of a query, as arrays */
  all(text: string, params: unknown[]): Promise<unknown[][]>;
  /** runs the statement once per parameter row, in the sink's transaction (committed by the next forced checkpoint) */
  runEach(text: string, rows: unknown[][]): Promise<void>;
}

/** The single-row SQLite insert of a table spec's columns. */
export function sqliteInsert(spec: TableSpec): string {
  return `insert into ${spec.table} (${spec.cols.map((c) => c[0]).join(', ')}) values (${spec.cols.map(() => '?').join(', ')})`;
}

const SQLITE_COMMIT_EVERY = 200_000;
const PG_FLUSH_EVERY = 20_000;

/** A sink writing through one better-sqlite3 connection (the app's own; nothing else may write meanwhile). */
export function sqliteSink(sqlite: SQLite.Database): Sink {
  // an import into a fresh database: no fsync per commit (a crash means running it again) and a large page cache,
  // so the secondary indexes are maintained in memory instead of rewriting pages through the WAL; both restored after
  const saved = { synchronous: sqlite.pragma('synchronous', { simple: true }), cache: sqlite.pragma('cache_size', { simple: true }) };
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  const stmts = new Map<TableSpec, SQLite.Statement>();
  let pending = 0;
  let open = false;
  const begin = () => {
    if (!open) sqlite.exec('begin');
    open = true;
  };
  const sink: Sink = {
    rows: 0,
    conn: {
      async all(text, params) {
        return sqlite
          .prepare(text)
          .raw()
          .all(...params) as unknown[][];
      },
      async runEach(text, rows) {
        const st = sqlite.prepare(text);
        begin();
        for (const r of rows) st.run(r);
      },
    },
    add(spec, row) {
      let st = stmts.get(spec);
      if (!st) {
        st = sqlite.prepare(sqliteInsert(spec));
        stmts.set(spec, st);
      }
      begin();
      st.run(row);
      pending++;
      sink.rows++;
    },
    async checkpoint(force = false) {
      if (open && (force || pending >= SQLITE_COMMIT_EVERY)) {
        sqlite.exec('commit');
        open = false;
        pending = 0;
      }
    },
    async finish() {
      await sink.checkpoint(true);
      await sink.dispose();
    },
    async dispose() {
      if (open) sqlite.exec('rollback');
      open = false;
      sqlite.pragma(`synchronous = ${Number(saved.synchronous)}`);
      sqlite.pragma(`cache_size = ${Number(saved.cache)}`);
    },
  };
  return sink;
}

/** A sink writing to PostgreSQL through the app's pool with unnest-array inserts. */
export function pgSink(db: Db, order: readonly TableSpec[]): Sink {
  // declared up front in dependency order, so a child table never flushes before its parent
  const buffers = new Map<TableSpec, unknown[][]>(order.map((s) => [s, []]));
  let pending = 0;
  let superuser: boolean | undefined;
  const flushOne = async (db: Db, spec: TableSpec, rows: unknown[][]) => {
    const cols = spec.cols;
    const arrays: unknown[][] = cols.map(() => new Array<unknown>(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r] as unknown[];
      for (let c = 0; c < cols.length; c++) (arrays[c] as unknown[])[r] = row[c];
    }
    const names = cols.map((c) => c[0]);
    const exprs = names.map((n) => spec.pg?.[n] ?? `u.${n}`);
    const text = `insert into ${spec.table} (${names.join(', ')}) select ${exprs.join(', ')} from unnest(${cols
      .map(([, t]) => `?::${t}[]`)
      .join(', ')}) as u(${names.join(', ')})`;
    await runSql(db, text, arrays);
  };
  const sink: Sink = {
    rows: 0,
    add(spec, row) {
      let b = buffers.get(spec);
      if (!b) {
        b = [];
        buffers.set(spec, b);
      }
      b.push(row);
      pending++;
      sink.rows++;
    },
    async checkpoint(force = false) {
      if (pending === 0 || (!force && pending < PG_FLUSH_EVERY)) return;
      const batches: Array<[TableSpec, unknown[][]]> = [];
      for (const [spec, rows] of buffers) {
        if (rows.length === 0) continue;
        buffers.set(spec, []);
        batches.push([spec, rows]);
      }
      // like pg_restore --disable-triggers: as a superuser, the foreign-key triggers stay off for the batch (~20 % of
      // the city run). The rows are consistent by construction, and the same generator runs with SQLite's foreign keys
      // enforced in the tests. Any other role keeps the checks.
      superuser ??= (await runSql<{ s: string }>(db, "select current_setting('is_superuser') as s", []))[0]?.s === 'on';
      await db.transaction().execute(async (trx) => {
        if (superuser) await runSql(trx, 'set local session_replication_role = replica', []);
        for (const [spec, rows] of batches) await flushOne(trx, spec, rows);
      });
      pending = 0;
    },
    async finish() {
      await sink.checkpoint(true);
    },
    async dispose() {},
  };
  return sink;
}

/**
 * A sink for a few thousand rows through the app's own connection while it serves (the demo's history): PostgreSQL as
 * pgSink; SQLite row by row, all in one transaction when flushed, parents first as pgSink orders them.
 */
export function smallSink(db: Db, kind: 'sqlite' | 'postgres', order: readonly TableSpec[]): Sink {
  if (kind !== 'sqlite') return pgSink(db, order);
  let pending: Array<[TableSpec, unknown[]]> = [];
  const flush = async () => {
    // a table outside `order` goes last, as pgSink adds its buffer after the declared ones
    const rank = (spec: TableSpec) => (order.includes(spec) ? order.indexOf(spec) : order.length);
    const batch = pending.sort((a, b) => rank(a[0]) - rank(b[0]));
    pending = [];
    await db.transaction().execute(async (trx) => {
      for (const [spec, row] of batch) await runSql(trx, sqliteInsert(spec), row);
    });
  };
  const sink: Sink = {
    rows: 0,
    add(spec, row) {
      pending.push([spec, row]);
      sink.rows++;
    },
    async checkpoint(force = false) {
      if (force && pending.length) await flush();
    },
    async finish() {
      await sink.checkpoint(true);
    },
    async dispose() {
      pending = [];
    },
  };
  return sink;
}
