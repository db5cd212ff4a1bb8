/**
 * The SQLite sink on a second core. Writing the rows (binding, B-tree inserts, commits) was more than half of a city
 * run, all on the one thread that also makes them, while the machine's other core idled. Here a worker thread with its
 * own connection to the same file does the writing, in the order the rows were added, while the generator goes on
 * making the next ones. The generator's own statements (the real services for each alliance's skeleton, plaques,
 * audit) run on the app's connection only after `checkpoint(true)`, which waits until the worker has committed
 * everything sent: the two connections never write at the same time, and each sees the other's rows. Renumbering goes
 * through the worker's connection (`conn`), whose page cache still holds the alliance's cases.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { sqliteInsert, type Sink, type TableSpec } from './sink.ts';

/** rows per message to the worker */
const BATCH_ROWS = 4_000;
/** messages the worker may have queued before the generator waits (bounds the memory rows take in flight) */
const MAX_IN_FLIGHT = 8;
/** the worker commits after this many rows (an import: no fsync, see below) */
const COMMIT_EVERY = 200_000;

// The worker's code, run with `eval` so that it works from the TypeScript sources and from the esbuild bundle alike
// (a worker file would have to be shipped next to the bundle). Messages, answered in order:
//   ['rows', seq, newStatements, flat]  flat: [statement index, row, statement index, row, …] in add() order
//   ['all', seq, text, params]          answers the rows, as arrays
//   ['runEach', seq, text, rows]        the statement once per row, in the open transaction
//   ['commit', seq] and ['close', seq]
// Each is answered ['ack', seq, result], or ['error', seq, message] once a statement failed: the open transaction is
// rolled back, and everything after it is refused with the same error.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
// an import into a fresh database, as the in-thread sink: no fsync per commit (a crash means running it again) and a
// large page cache; foreign keys are enforced, as on the app's connection
db.pragma('synchronous = OFF');
db.pragma('cache_size = -262144');
db.pragma('temp_store = MEMORY');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
const stmts = [];
let open = false;
let pending = 0;
let failed = null;
const begin = () => {
  if (!open) db.exec('begin immediate');
  open = true;
};
const commit = () => {
  if (open) db.exec('commit');
  open = false;
  pending = 0;
};
parentPort.on('message', ([kind, seq, a, b]) => {
  if (failed) return parentPort.postMessage(['error', seq, failed]);
  try {
    let result = null;
    if (kind === 'rows') {
      for (const text of a) stmts.push(db.prepare(text));
      begin();
      for (let i = 0; i < b.length; i += 2) stmts[b[i]].run(b[i + 1]);
      pending += b.length / 2;
      if (pending >= workerData.commitEvery) commit();
    } else if (kind === 'all') result = db.prepare(a).raw().all(...b);
    else if (kind === 'runEach') {
      const st = db.prepare(a);
      begin();
      for (const r of b) st.run(r);
    } else if (kind === 'commit') commit();
    else if (kind === 'close') {
      commit();
      db.close();
    }
    parentPort.postMessage(['ack', seq, result]);
  } catch (e) {
    failed = String(e && e.message ? e.message : e);
    try { if (open) db.exec('rollback'); } catch {}
    open = false;
    parentPort.postMessage(['error', seq, failed]);
  }
});
`;

/** A sink writing through a worker thread's connection to the app's SQLite file (not for `:memory:`). */
export function sqliteThreadSink(sqlite: SQLite.Database): Sink {
  // the app's connection writes between checkpoints (each alliance's skeleton, plaques, audit): no fsync either
  const saved = sqlite.pragma('synchronous', { simple: true });
  sqlite.pragma('synchronous = OFF');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: sqlite.name, commitEvery: COMMIT_EVERY },
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  worker.on('message', ([kind, seq, result]: ['ack' | 'error', number, unknown]) => {
    if (kind === 'error') return fail(new Error(`generator write failed: ${String(result)}`));
    const w = waiting.get(seq);
    waiting.delete(seq);
    w?.resolve(result);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`generator writer thread exited (${code})`)));

  const index = new Map<TableSpec, number>();
  let news: string[] = [];
  let flat: unknown[] = [];
  let seq = 0;
  let inFlight: Array<Promise<unknown>> = [];
  const send = (kind: 'rows' | 'all' | 'runEach' | 'commit' | 'close', a?: unknown, b?: unknown): Promise<unknown> => {
    const n = ++seq;
    const done = failure ? Promise.reject(failure) : new Promise<unknown>((resolve, reject) => waiting.set(n, { resolve, reject }));
    // a failure rejects every message in flight; the one awaited reports it, the others must not go unhandled
    done.catch(() => {});
    if (!failure) worker.postMessage([kind, n, a, b]);
    return done;
  };
  const sendRows = async () => {
    if (flat.length === 0) return;
    inFlight.push(send('rows', news, flat));
    news = [];
    flat = [];
    // back-pressure: the generator makes rows faster than one connection writes them
    if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
  };
  /** sends what is pending, then `kind`; resolves with its answer once everything before it is written */
  const after = async (kind: 'all' | 'runEach' | 'commit' | 'close', a?: unknown, b?: unknown): Promise<unknown> => {
    await sendRows();
    const last = send(kind, a, b);
    const all = [...inFlight, last];
    inFlight = [];
    await Promise.all(all);
    return last;
  };

  const sink: Sink = {
    rows: 0,
    conn: {
      all: (text, params) => after('all', text, params) as Promise<unknown[][]>,
      runEach: async (text, rows) => void (await after('runEach', text, rows)),
    },
    add(spec, row) {
      let i = index.get(spec);
      if (i === undefined) {
        i = index.size;
        index.set(spec, i);
        news.push(sqliteInsert(spec));
      }
      flat.push(i, row);
      sink.rows++;
    },
    async checkpoint(force = false) {
      if (force) await after('commit');
      else if (flat.length >= 2 * BATCH_ROWS) await sendRows();
    },
    async finish() {
      await after('close');
      await sink.dispose();
    },
    async dispose() {
      worker.removeAllListeners('exit');
      await worker.terminate();
      sqlite.pragma(`synchronous = ${Number(saved)}`);
    },
  };
  return sink;
}
