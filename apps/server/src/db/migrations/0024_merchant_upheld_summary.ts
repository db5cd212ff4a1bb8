import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

const SHANGHAI = 8 * 3_600_000;

// the columns this migration reads and writes, as they are at this point of the schema's history
type Schema = {
  tickets: { merchant_id: string | null; complaint_verdict: string | null; verdict_at: number | string | null };
  merchants: { id: string; upheld_year: number; upheld_count: number };
};

/**
 * The public integrity page shows how many of a shop's complaints were upheld this year. It counted them in the tickets
 * on every scan: a probe of the tickets index that cost a tenth of the page under load. Each merchant now keeps the
 * count itself — `upheld_year` (the Asia/Shanghai year of its latest upheld verdict, 0 without any) and `upheld_count`
 * (the upheld verdicts of that year) — written with every verdict in the verdict's transaction. Filled here from the
 * verdicts given so far.
 */
export async function up(raw: Kysely<unknown>): Promise<void> {
  const db = raw as unknown as Kysely<Schema>;
  // one transaction on SQLite too (Kysely wraps only PostgreSQL's migrations): a process killed midway leaves neither the
  // columns nor half of the counts, and the next start runs the migration again
  if (db.isTransaction) await fill(db);
  else await db.transaction().execute(fill);
}

async function fill(db: Kysely<Schema>): Promise<void> {
  await db.schema
    .alterTable('merchants')
    .addColumn('upheld_year', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('merchants')
    .addColumn('upheld_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const rows = await db
    .selectFrom('tickets')
    .select(['merchant_id', 'verdict_at'])
    .where('complaint_verdict', '=', 'upheld')
    .where('merchant_id', 'is not', null)
    .where('verdict_at', 'is not', null)
    .execute();
  const byMerchant = new Map<string, number[]>();
  for (const r of rows) {
    const id = r.merchant_id as string;
    const list = byMerchant.get(id) ?? [];
    list.push(Number(r.verdict_at));
    byMerchant.set(id, list);
  }
  for (const [id, times] of byMerchant) {
    const year = new Date(Math.max(...times) + SHANGHAI).getUTCFullYear();
    const start = Date.UTC(year, 0, 1) - SHANGHAI;
    const count = times.filter((t) => t >= start).length;
    await db.updateTable('merchants').set({ upheld_year: year, upheld_count: count }).where('id', '=', id).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('merchants').dropColumn('upheld_count').execute();
  await db.schema.alterTable('merchants').dropColumn('upheld_year').execute();
}
