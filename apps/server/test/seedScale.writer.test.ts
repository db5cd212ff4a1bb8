// `seed --scale` on a SQLite file writes its rows from a worker thread (modules/demo/scale/threadSink.ts) while the
// generator makes the next ones. What an operator would notice if that went wrong: rows missing or out of order (a
// foreign key refused), a failed import that hangs or leaves the database locked, or an error that names nothing.
// The generated data itself is checked end to end by seedScale.test.ts, which runs through this writer on SQLite.
import { completeCreditCode } from '@tongxin/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableSpec } from '../src/modules/demo/scale/sink.ts';
import { sqliteThreadSink } from '../src/modules/demo/scale/threadSink.ts';
import { setupEnv, TEST_DB, type TestEnv } from './harness.ts';

// a valid 统一社会信用代码 of an individual business (GB 32100 check characters)
const CREDIT_CODE = completeCreditCode('92330782MA000001') as string;
const NOTICES: TableSpec = {
  table: 'credit_notices',
  cols: [
    ['id', 'text'],
    ['alliance_id', 'text'],
    ['merchant_id', 'text'],
    ['audience', 'text'],
    ['kind', 'text'],
    ['title', 'text'],
    ['body', 'text'],
    ['data', 'text'],
    ['created_at', 'int8'],
  ],
};

describe.skipIf(TEST_DB !== 'sqlite')('the generator writer thread on SQLite', () => {
  let env: TestEnv;
  let allianceId: string;
  let merchantId: string;
  beforeAll(async () => {
    env = await setupEnv();
    const a = await env.alliance('WT');
    allianceId = a.id;
    const admin = await env.member(a.id, a.roles['联盟管理员'] as string);
    merchantId = (await admin.ok('POST', '/api/v1/merchants', { name: '荷花童装', creditCode: CREDIT_CODE, businessType: 'clothing' })).id;
  });
  afterAll(() => env.close());

  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from credit_notices`.execute(env.deps.db)).rows[0]!.n);

  it('writes rows in the order they were added, visible to the app once a forced checkpoint returns', async () => {
    const before = await count();
    const sink = sqliteThreadSink(env.handle.sqlite!);
    for (let i = 0; i < 10_000; i++) {
      sink.add(NOTICES, [`wt-${i}`, allianceId, merchantId, 'merchant', 'flag', `通知 ${i}`, '正文', '{}', 1_790_000_000_000 + i]);
      await sink.checkpoint();
    }
    // the writer's own connection sees what it wrote before the commit (renumbering reads through it)
    const seen = await sink.conn!.all('select count(*) from credit_notices where id like ?', ['wt-%']);
    expect(seen).toEqual([[10_000]]);
    await sink.checkpoint(true);
    expect(await count()).toBe(before + 10_000);
    await sink.conn!.runEach('update credit_notices set title = ? where id = ?', [['改过的通知', 'wt-7']]);
    await sink.finish();
    const row = await sql<{ title: string }>`select title from credit_notices where id = 'wt-7'`.execute(env.deps.db);
    expect(row.rows[0]!.title).toBe('改过的通知');
  });

  it('reports a refused row with the database error, rolls back the batch, and leaves the database writable', async () => {
    const before = await count();
    const sink = sqliteThreadSink(env.handle.sqlite!);
    sink.add(NOTICES, ['wt-ok', allianceId, merchantId, 'merchant', 'flag', '通知', '正文', '{}', 1]);
    // a merchant that does not exist: the foreign key is enforced on the writer's connection too
    sink.add(NOTICES, ['wt-orphan', allianceId, 'no-such-merchant', 'merchant', 'flag', '通知', '正文', '{}', 2]);
    await expect(sink.checkpoint(true)).rejects.toThrow(/generator write failed: FOREIGN KEY constraint failed/);
    // everything after the failure is refused with the same error, not silently dropped — also the batches sent while
    // the generator runs on, which are awaited only when the queue is full (none may go unhandled and crash the process)
    let refused: unknown = null;
    for (let i = 0; i < 50_000 && !refused; i++) {
      sink.add(NOTICES, [`wt-later-${i}`, allianceId, merchantId, 'merchant', 'flag', '通知', '正文', '{}', 3]);
      await sink.checkpoint().catch((e: unknown) => (refused = e));
    }
    expect(String(refused)).toMatch(/FOREIGN KEY/);
    await expect(sink.checkpoint(true)).rejects.toThrow(/FOREIGN KEY/);
    await sink.dispose();
    expect(await count()).toBe(before);
    // no lock is left behind: the app writes at once
    expect((await env.alliance('WU')).id).toBeTruthy();
  });

  it('leaves nothing locked or half-written when the generator itself fails while the writer holds a transaction', async () => {
    const before = await count();
    const sink = sqliteThreadSink(env.handle.sqlite!);
    for (let i = 0; i < 9_000; i++) {
      sink.add(NOTICES, [`wt-stopped-${i}`, allianceId, merchantId, 'merchant', 'flag', '通知', '正文', '{}', 4]);
      await sink.checkpoint();
    }
    // the writer has these rows in its open transaction (its own connection sees them), nothing is committed
    expect(await sink.conn!.all('select count(*) from credit_notices where id like ?', ['wt-stopped-%'])).toEqual([[9_000]]);
    await sink.dispose();
    expect(await count()).toBe(before);
    expect((await env.alliance('WV')).id).toBeTruthy();
  });
});
