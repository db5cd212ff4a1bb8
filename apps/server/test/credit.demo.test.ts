import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/modules/demo/index.ts';
import { setupEnv, TEST_DB, type TestEnv } from './harness.ts';

// the demo's credit part, seeded through the API after the merchants: ledgers, flags, stars, plaques, an objection
describe(`demo credit (${TEST_DB})`, () => {
  let env: TestEnv;
  const logs: string[] = [];
  beforeAll(async () => {
    env = await setupEnv();
    await seedDemo(env.app, env.deps, (m) => logs.push(m));
  }, 180_000);
  afterAll(async () => env?.close());

  it('gives every demo alliance ledgers, plaques from finished rounds, promises and one pending objection', async () => {
    const lines = logs.filter((l) => l.includes('credit'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l).toMatch(/\d+ ledger entries, \d+ promises, \d+ finished rounds \(\d+ plaques\), 1 pending objection/);
    const db = env.deps.db;
    const hhx = await db.selectFrom('alliances').select('id').where('code', '=', 'HHX').executeTakeFirstOrThrow();
    const ms = await db.selectFrom('merchants').selectAll().where('alliance_id', '=', hhx.id).execute();
    expect(ms.every((m) => m.credit_stars !== null && m.credit_stars >= 1 && m.credit_stars <= 5)).toBe(true);
    expect(ms.some((m) => m.credit_points < 12)).toBe(true);
    expect(ms.some((m) => m.credit_flag === 'yellow')).toBe(true);
    // long-standing shops (registered a year or more ago), so a shop clean all last month flies the red flag
    expect(ms.every((m) => env.deps.clock.now() - Number(m.created_at) > 365 * 86_400_000)).toBe(true);
    expect(ms.some((m) => m.credit_flag === 'red')).toBe(true);
    expect(ms.some((m) => JSON.parse(m.plaques).includes('recommended'))).toBe(true);
    expect(ms.some((m) => m.promise?.startsWith('亮身份'))).toBe(true);
    const entries = await db.selectFrom('credit_entries').select(['at']).where('alliance_id', '=', hhx.id).execute();
    const now = env.deps.clock.now();
    // spread over past months, not all "now"
    expect(new Set(entries.map((e) => Math.floor((now - Number(e.at)) / (7 * 86_400_000)))).size).toBeGreaterThan(2);
    const pending = await db.selectFrom('credit_objections').select('id').where('alliance_id', '=', hhx.id).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    // every merchant's history reads as days of work (its chart is a line, not one vertical drop), in ledger order
    const rows = await db.selectFrom('credit_entries').select(['merchant_id', 'seq', 'at']).where('alliance_id', '=', hhx.id).orderBy('seq').execute();
    const byMerchant = new Map<string, number[]>();
    for (const e of rows) byMerchant.set(e.merchant_id, [...(byMerchant.get(e.merchant_id) ?? []), Number(e.at)]);
    for (const [id, times] of byMerchant) {
      if (times.length < 2) continue;
      expect(new Set(times.map((t) => Math.floor(t / 86_400_000))).size, id).toBeGreaterThan(1);
      expect(times, id).toEqual([...times].sort((x, y) => x - y));
    }
    // the ledger stays consistent: each merchant's summary equals its last entry's balance
    for (const m of ms) {
      const last = await db
        .selectFrom('credit_entries')
        .select('balance_after')
        .where('merchant_id', '=', m.id)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last) expect(m.credit_points).toBe(Number(last.balance_after));
    }
  });
});
