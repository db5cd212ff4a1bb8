/**
 * `tongxin seed --scale district|city`: a whole city's worth of alliances, merchants, cases and credit ledgers for
 * benchmarks and sizing (docs/OPERATIONS.md "City-scale data"). The alliances, their roles, categories and accounts go
 * through the real services; the bulk (orgs, grids, units, people, merchants, cases, search rows, credit) is an import
 * written straight to the database in large batches, recorded in each alliance's audit chain as one import record.
 */
import { deferIndexes, restoreDeferredIndexes, type DbHandle } from '../../../db/index.ts';
import { sql, type Kysely } from 'kysely';
import type { Deps } from '../../../lib/context.ts';
import { appendAudit } from '../../audit/index.ts';
import { recountAllUpheld } from '../../credit/index.ts';
import { prepareAccount } from '../../users/index.ts';
import { DEMO_PASSWORD } from '../demo.data.ts';
import { writeMerchant, itemPicker } from './merchants.ts';
import { renumberInCreationOrder } from './numbers.ts';
import { applyPlaques, writeRounds, type RankFacts } from './plaques.ts';
import { shopName } from './names.ts';
import { progressBar } from './progress.ts';
import { rng } from './rng.ts';
import { pgSink, sqliteSink, type Sink } from './sink.ts';
import { sqliteThreadSink } from './threadSink.ts';
import { ALL_SPECS } from './specs.ts';
import { createSkeleton, importActor, type Skeleton } from './structure.ts';
import { createdAt, ticketContext, writeCounters, writeTicket } from './tickets.ts';

export type ScaleName = 'district' | 'city';

/** The sizes of each scale. */
export const SCALES: Record<ScaleName, { alliances: number; merchants: number; tickets: number }> = {
  district: { alliances: 2, merchants: 2_000, tickets: 10_000 },
  city: { alliances: 100, merchants: 250_000, tickets: 1_000_000 },
};

/** The password of every generated account (the same public one as the demo's: this is test data). */
export const SCALE_PASSWORD = DEMO_PASSWORD;
const YEAR = 365 * 86_400_000;
// about 8% of the cases concern a named shop (complaints, reports about a shop)
const MERCHANT_CASE_SHARE = 0.08;
/** the tables the bulk fills, whose secondary indexes are built after it (db/deferredIndexes.ts; ticket_search: the GIN index on PostgreSQL) */
const BULK_TABLES = [
  'tickets',
  'ticket_events',
  'ticket_units',
  'returned_dispatches',
  'ticket_search',
  'merchants',
  'credit_accounts',
  'credit_cycles',
  'credit_entries',
  'credit_flags',
  'credit_promises',
  'credit_plaques',
  'credit_notices',
];
/** read while the bulk runs: each alliance's cases in time order, for their numbers (numbers.ts) */
const KEPT_INDEXES = ['tickets_rate_facts'];

export interface ScaleOptions {
  scale: ScaleName | { alliances: number; merchants: number; tickets: number };
  seed?: number;
  /** write into a database that already has alliances, merchants or cases */
  force?: boolean;
  /** where the progress bar goes (null: silent) */
  progress?: NodeJS.WriteStream | null;
  log?: (line: string) => void;
}

export interface ScaleResult {
  alliances: Array<{ id: string; code: string; admin: string }>;
  merchants: number;
  tickets: number;
  rows: number;
  seconds: number;
}

/** Thrown when the database already holds data and force is not set. */
export class NotEmptyError extends Error {}

/** Whether the database already holds alliances, merchants or cases (a fresh one has at most accounts). */
async function existingData(deps: Deps): Promise<string | null> {
  for (const t of ['alliances', 'merchants', 'tickets'] as const) {
    const r = await deps.db.selectFrom(t).select('id').limit(1).executeTakeFirst();
    if (r) return t;
  }
  return null;
}

/** Splits `total` over `parts` with uneven shares (a few big alliances, many small), deterministic from rand. */
function shares(total: number, parts: number, rand: () => number): number[] {
  const w = Array.from({ length: parts }, (_, i) => (0.5 + rand()) / Math.pow(i + 1, 0.35));
  const sum = w.reduce((a, b) => a + b, 0);
  const out = w.map((x) => Math.floor((total * x) / sum));
  let rest = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts, rest--) out[i] = (out[i] as number) + 1;
  return out;
}

/** Generates the data set into the app's database (migrated). Deterministic in content for a given seed and clock. */
export async function seedScale(deps: Deps, handle: DbHandle, opts: ScaleOptions): Promise<ScaleResult> {
  const size = typeof opts.scale === 'string' ? SCALES[opts.scale] : opts.scale;
  const existing = await existingData(deps);
  if (existing && !opts.force)
    throw new NotEmptyError(
      `the database already has ${existing}: generated data would mix with it (and its alliance codes S001… may be taken); use an empty database or pass --force`,
    );
  const started = Date.now();
  const seed = opts.seed ?? 1;
  const rand = rng(seed);
  const now = deps.clock.now();
  const start = now - 2 * YEAR;
  const requestId = `seed-scale-${seed}-${now}`;
  await deferIndexes(deps.db as unknown as Kysely<unknown>, handle.kind, BULK_TABLES, KEPT_INDEXES);
  const sink = bulkSink(deps, handle);
  const bar = progressBar(size.merchants + size.tickets, opts.progress ?? null, 'records');
  // one password hash for every generated account: hashing is deliberately slow, and the password is the same
  const account = await prepareAccount({ username: 'seed-scale', displayName: 'seed', password: SCALE_PASSWORD });
  const merchantsOf = shares(size.merchants, size.alliances, rand);
  const ticketsOf = shares(size.tickets, size.alliances, rand);
  const result: ScaleResult = { alliances: [], merchants: 0, tickets: 0, rows: 0, seconds: 0 };
  const first = existing
    ? await deps.db
        .selectFrom('alliances')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    : { n: 0 };
  try {
    let n = 0;
    for (let i = 0; i < size.alliances; i++) {
      bar.phase(`alliance ${i + 1}/${size.alliances}`);
      const sk: Skeleton = await createSkeleton(deps, sink, rand, Number(first.n) + i, merchantsOf[i] as number, now, account, requestId);
      const shops = Array.from({ length: 40 }, () => shopName(rand, 'catering'));
      const ctx = ticketContext(sk, shops);
      const merchants = merchantsOf[i] as number;
      const ticketsWanted = ticketsOf[i] as number;
      const job = {
        deps,
        sink,
        rand,
        ctx,
        n: 0,
        now,
        start,
        casesPerMerchant: merchants ? (ticketsWanted * MERCHANT_CASE_SHARE) / merchants : 0,
        items: sk.items,
        pickItem: itemPicker(sk.items),
        ranked: [] as RankFacts[],
      };
      let linked = 0;
      for (let m = 0; m < merchants; m++) {
        job.n = n++;
        const written = writeMerchant(job);
        linked += written;
        bar.tick(1 + written);
        await sink.checkpoint();
      }
      const rest = Math.max(0, ticketsWanted - linked);
      for (let t = 0; t < rest; t++) {
        writeTicket(sink, rand, ctx, createdAt(rand, start, now), now, null);
        if ((t & 255) === 0) {
          bar.tick(256);
          await sink.checkpoint();
        }
      }
      await sink.checkpoint(true);
      const renamed = await renumberInCreationOrder(handle, sink.conn, sk.id, sk.code);
      const plaques = writeRounds(sink, rand, sk.id, job.ranked, now, renamed);
      writeCounters(sink, ctx);
      await sink.checkpoint(true);
      await applyPlaques(deps.db, plaques);
      result.merchants += merchants;
      result.tickets += linked + rest;
      // the import in the alliance's audit chain: what was written, by which command (no per-row records)
      await deps.db.transaction().execute((trx) =>
        appendAudit(
          trx,
          deps,
          { ...importActor(requestId), allianceId: sk.id },
          {
            action: 'import.scale_data',
            entity: 'alliance',
            entityId: sk.id,
            after: { seed, merchants, tickets: linked + rest, generatedAt: now },
          },
        ),
      );
      result.alliances.push({ id: sk.id, code: sk.code, admin: sk.usernames.admin });
    }
    await sink.finish();
  } catch (e) {
    await sink.dispose();
    throw e;
  }
  bar.phase('building indexes');
  await restoreDeferredIndexes(deps.db as unknown as Kysely<unknown>);
  // the cases went in as rows: each shop's upheld-complaint summary (what its public page shows) from its verdicts
  await recountAllUpheld(deps.db);
  bar.done();
  if (handle.sqlite) handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  else await analyze(deps);
  result.rows = sink.rows;
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/**
 * Where the bulk rows go: on a SQLite file, a writer thread (threadSink.ts) so that writing and generating share the
 * machine's cores; an in-memory SQLite database cannot be opened twice, so it is written in this thread.
 */
function bulkSink(deps: Deps, handle: DbHandle): Sink {
  if (!handle.sqlite) return pgSink(deps.db, ALL_SPECS);
  return handle.sqlite.memory ? sqliteSink(handle.sqlite) : sqliteThreadSink(handle.sqlite);
}

/** Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would get there, later). */
async function analyze(deps: Deps): Promise<void> {
  await sql`analyze`.execute(deps.db);
}
