// The ticket search index: what a create wrote is found by its words as soon as the create answered, however many
// creates shared its group commit; a transaction rolled back inside a group leaves no search row; and on SQLite a row
// still waiting for its group's COMMIT (ticket_search_pending) never outlives a restart. Both databases.
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMigratedDb } from '../src/db/index.ts';
import { indexTicket } from '../src/modules/tickets/tickets.tokens.ts';
import { setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

let env: TestEnv;
let A: { id: string; roles: Record<string, string> };
let staff: Client;
let categoryId: string;
beforeAll(async () => {
  env = await setupEnv();
  A = await env.alliance('SRCH');
  staff = await env.member(A.id, A.roles['联盟管理员'] as string);
  categoryId = (await staff.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
});
afterAll(async () => env?.close());

const TREES = ['梧桐', '银杏', '香樟', '玉兰', '桂花', '海棠', '紫薇', '樱花', '枫杨', '水杉', '雪松', '垂柳'];

/** Ids of the tickets the search box finds for `q`. */
const found = async (q: string): Promise<string[]> =>
  (await staff.ok('GET', `/api/v1/tickets?pageSize=50&q=${encodeURIComponent(q)}`)).items.map((t: { id: string }) => t.id);

/** The search rows of the index that hold the token, straight from the database. */
async function indexRows(token: string): Promise<string[]> {
  const r =
    TEST_DB === 'sqlite'
      ? await sql<{ ticket_id: string }>`select ticket_id from ticket_search where ticket_search match ${`"${token}"`}`.execute(env.deps.db)
      : await sql<{ ticket_id: string }>`select ticket_id from ticket_search where tokens @> ${[token]}::text[]`.execute(env.deps.db);
  return r.rows.map((x) => x.ticket_id);
}

describe('ticket search index', () => {
  it('finds every case of a burst of creates by its words once each create has answered', async () => {
    const made = await Promise.all(
      TREES.map((tree) => staff.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId, description: `人民路${tree}树枝折断，压住了人行道` }, 201)),
    );
    for (const [i, tree] of TREES.entries()) expect(await found(tree)).toEqual([made[i].id]);
    if (TEST_DB === 'sqlite') expect((await sql<{ n: number }>`select count(*) as n from ticket_search_pending`.execute(env.deps.db)).rows[0]?.n).toBe(0);
  });

  it('keeps no search row of a transaction rolled back beside others that commit', async () => {
    const rolledBack = env.deps.db
      .transaction()
      .execute(async (trx) => {
        await indexTicket(trx, env.deps.dbKind, A.id, 'rolled-back-ticket', ['芭蕉']);
        throw new Error('fails after its search row');
      })
      .catch((e: Error) => e.message);
    const kept = env.deps.db.transaction().execute((trx) => indexTicket(trx, env.deps.dbKind, A.id, 'kept-ticket', ['芭蕉', '棕榈']));
    expect(await rolledBack).toBe('fails after its search row');
    await kept;
    expect(await indexRows('芭蕉')).toEqual(['kept-ticket']);
    expect(await indexRows('棕榈')).toEqual(['kept-ticket']);
  });

  it.runIf(TEST_DB === 'sqlite')('moves a row left waiting in ticket_search_pending into the index when the database opens', async () => {
    const file = env.config.db.url;
    const raw = new SQLite(file);
    raw.prepare('insert into ticket_search_pending (ticket_id, alliance_id, tokens) values (?, ?, ?)').run('left-behind', A.id, '铁树 苏铁');
    raw.close();
    const again = await openMigratedDb('sqlite', file);
    try {
      const rows = await sql<{ ticket_id: string }>`select ticket_id from ticket_search where ticket_search match '"苏铁"'`.execute(again.db);
      expect(rows.rows.map((r) => r.ticket_id)).toEqual(['left-behind']);
      expect((await sql<{ n: number }>`select count(*) as n from ticket_search_pending`.execute(again.db)).rows[0]?.n).toBe(0);
    } finally {
      await again.close();
    }
  });
});
