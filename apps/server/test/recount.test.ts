// `tongxin recount`: every stored summary re-derived from its source rows — in process (the service, on the test clock)
// and as the real command spawned against the same database (exit codes, dry run, --fix, audit).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECOUNT_ACTOR_NAME } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../src/modules/audit/index.ts';
import { recount, type AllianceRecount } from '../src/modules/recount/index.ts';
import { countRows, insertPhoto, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';
import { insertMerchantRow } from './merchantRow.ts';
import { tongxin } from './tongxinCli.ts';

/** Runs the real `tongxin` command on the test's database. */
const cli = (env: TestEnv, args: string[], dataDir: string) =>
  tongxin(args, { DATA_DIR: dataDir, DATABASE_URL: env.config.db.url, TONGXIN_SECRET: env.config.secret ?? undefined });

/** name → ids (or days) of what one alliance's recount found. */
const found = (r: AllianceRecount | undefined) => Object.fromEntries((r?.parts ?? []).map((p) => [p.name, p.drifts.map((d) => d.id)]));

describe(`tongxin recount (${TEST_DB})`, { timeout: 120_000 }, () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let B: { id: string; roles: Record<string, string> };
  let admin: Client;
  let h1: Client;
  let reporter: Client;
  let merchantId: string;
  let publicCode: string;
  let complaintId: string;
  let reopenedId: string;
  let searchedId: string;
  let parentId: string;
  let resourceId: string;
  let personId: string;
  let day: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'tongxin-recount-'));

  const db = () => env.deps.db;
  const merchant = () => db().selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirstOrThrow();
  const ticket = (id: string) => db().selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const counter = async () =>
    Number((await db().selectFrom('ticket_counters').select('seq').where('alliance_id', '=', A.id).where('day', '=', day).executeTakeFirst())?.seq ?? -1);
  const parent = () => db().selectFrom('projects').select(['progress', 'status']).where('id', '=', parentId).executeTakeFirstOrThrow();
  const searchIds = async (q: string) =>
    (await admin.ok('GET', `/api/v1/tickets?pageSize=50&q=${encodeURIComponent(q)}`)).items.map((t: { id: string }) => t.id) as string[];
  /** The 属实投诉 count on the merchant's public integrity page. */
  const upheldOnPage = async (): Promise<number> => {
    const body = (await env.app.inject({ method: 'GET', url: `/m/${publicCode}` })).body;
    return Number(/<b>(\d+)<\/b><span>\d{4}年属实投诉/.exec(body)?.[1]);
  };
  const auditsOfA = async () =>
    Number(
      (
        await db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('chain', '=', `alliance:${A.id}`)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const act = (c: Client, id: string, action: string, body: unknown = {}) => c.ok('POST', `/api/v1/tickets/${id}/actions/${action}`, body);

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('RCA', '荷花芯联盟');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    const unit = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城市场监管所' })).id as string;
    h1 = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: unit });
    reporter = await env.member(A.id, A.roles['商户'] as string);
    const catId = (await admin.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id as string;
    ({ id: merchantId, code: publicCode } = await insertMerchantRow(env, { allianceId: A.id, gridId: null }));

    // an upheld complaint with its 消费投诉属实 deduction: the upheld summary and the credit summary (9 points)
    const c = await admin.ok('POST', '/api/v1/tickets', { kind: 'complaint', categoryId: catId, description: '商品缺斤少两，要求退款' }, 201);
    complaintId = c.id;
    day = (c.number as string).split('-')[1] as string;
    await db().updateTable('tickets').set({ merchant_id: merchantId }).where('id', '=', complaintId).execute();
    await admin.ok('POST', `/api/v1/tickets/${complaintId}/verdict`, { upheld: true, deduct: true });
    await admin.ok('POST', `/api/v1/merchants/${merchantId}/credit/promise`, { identity: '个体经营者 王小明', duty: '诚信经营', pledge: '明码标价，假一赔十' });

    // a case reopened once by a low rating
    const r = await reporter.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: catId, description: '商铺门口垃圾堆放' }, 201);
    reopenedId = r.id;
    await act(admin, reopenedId, 'dispatch', { leadUnitId: unit });
    await act(h1, reopenedId, 'accept');
    await act(h1, reopenedId, 'resolve', { feedback: '已清理' });
    await act(reporter, reopenedId, 'rate', { stars: 2, solved: false, comment: '又堆上了' });

    searchedId = (await admin.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: catId, description: '夜市摊位油烟扰民严重' }, 201)).id;

    // a project whose progress is its children's weighted mean: (1 × 80 + 3 × 0) / 4 = 20
    const rootProject = await admin.ok('POST', '/api/v1/projects', { title: '营商环境提升工程', ownerUnitId: unit });
    parentId = rootProject.id;
    const leaf = await admin.ok('POST', '/api/v1/projects', { parentId, title: '童趣市集场地改造', ownerUnitId: unit, weight: 1 });
    await admin.ok('POST', '/api/v1/projects', { parentId, title: '诚信消费示范点', ownerUnitId: unit, weight: 3 });
    await admin.ok('POST', `/api/v1/projects/${leaf.id}/progress`, { progress: 80 });

    resourceId = (
      await admin.ok('POST', '/api/v1/resources', {
        unitId: unit,
        category: 'venue',
        title: '中庭活动场地',
        description: '银泰一楼中庭，可承接童趣市集、公益活动。',
        capacity: 200,
      })
    ).id;

    personId = (await admin.ok('POST', '/api/v1/people', { name: '座机联系人', phone: '0579-85551234' })).id;

    // a second alliance, left alone: it reports nothing
    B = await env.alliance('RCB', '港市红联盟');
    await insertMerchantRow(env, { allianceId: B.id, gridId: null });
    await insertPhoto(env, B.id);
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds nothing to change in data the live code wrote', async () => {
    expect(await merchant()).toMatchObject({ upheld_count: 1, credit_points: 9 });
    expect(Number((await ticket(reopenedId)).reopen_count)).toBe(1);
    expect(await parent()).toMatchObject({ progress: 20, status: 'in_progress' });
    const results = await recount(env.deps, { fix: false });
    expect(results.map((r) => [r.code, r.differences])).toEqual([
      ['RCA', 0],
      ['RCB', 0],
    ]);
  });

  it('reports every corrupted summary without writing, then rewrites them through the live code with one audit record', async () => {
    const tokens = async () => (await db().selectFrom('resources').select('tokens').where('id', '=', resourceId).executeTakeFirstOrThrow()).tokens;
    const good = { m: await merchant(), reopen: await ticket(reopenedId), seq: await counter(), parent: await parent(), tokens: await tokens() };
    expect(JSON.parse(good.tokens)).toContain('中庭');
    expect(good.seq).toBeGreaterThanOrEqual(3);
    expect(await searchIds('油烟扰民')).toEqual([searchedId]);
    expect(await upheldOnPage()).toBe(1);

    await db()
      .updateTable('merchants')
      .set({ upheld_count: 4, credit_points: 2, credit_stars: 1, plaques: '["trusted"]', promise: '（空）' })
      .where('id', '=', merchantId)
      .execute();
    await db().updateTable('tickets').set({ reopen_count: 0 }).where('id', '=', reopenedId).execute();
    await db().updateTable('ticket_counters').set({ seq: 1 }).where('alliance_id', '=', A.id).where('day', '=', day).execute();
    await db().deleteFrom('ticket_search').where('ticket_id', '=', searchedId).execute();
    await db().updateTable('projects').set({ progress: 65 }).where('id', '=', parentId).execute();
    await db().updateTable('resources').set({ tokens: '[]' }).where('id', '=', resourceId).execute();
    // indexed as it was spelt, before the index dropped a landline's hyphen: not found typed without it
    await db()
      .updateTable('people')
      .set({ phone_bidx: env.deps.cipher.blindIndex('0579-85551234') })
      .where('id', '=', personId)
      .execute();
    const byPhone = async (phone: string) => (await admin.ok('GET', `/api/v1/people?phone=${phone}`)).items.map((p: { id: string }) => p.id);
    expect(await byPhone('057985551234')).toEqual([]);
    expect(await upheldOnPage()).toBe(4);
    expect(await searchIds('油烟扰民')).toEqual([]);

    const audits = await auditsOfA();
    const dry = await recount(env.deps, { fix: false });
    expect(found(dry[0])).toEqual({
      'merchants.upheld_year/upheld_count': [merchantId],
      'merchants.credit_points/credit_stars/credit_flag/plaques': [merchantId],
      'merchants.promise': [merchantId],
      'tickets.reopen_count': [reopenedId],
      'ticket_counters.seq': [day],
      ticket_search: [searchedId],
      'projects.progress/status': [parentId],
      'resources.tokens': [resourceId],
      'people.phone_bidx': [personId],
    });
    const drift = (name: string) => dry[0]?.parts.find((p) => p.name === name)?.drifts[0];
    expect(drift('merchants.upheld_year/upheld_count')).toMatchObject({ stored: `${good.m.upheld_year}/4`, derived: `${good.m.upheld_year}/1` });
    expect(drift('tickets.reopen_count')).toMatchObject({ stored: 0, derived: 1 });
    expect(drift('ticket_counters.seq')).toMatchObject({ stored: 1, derived: good.seq });
    expect(dry[0]?.fixed).toBe(false);
    expect(dry[1]?.differences).toBe(0);
    // a dry run writes nothing
    expect(await merchant()).toMatchObject({ upheld_count: 4, credit_points: 2, promise: '（空）' });
    expect(await counter()).toBe(1);
    expect(await auditsOfA()).toBe(audits);

    const fixed = await recount(env.deps, { fix: true });
    expect([fixed[0]?.differences, fixed[0]?.fixed, fixed[1]?.fixed]).toEqual([9, true, false]);
    const m = await merchant();
    expect(m).toMatchObject({
      upheld_year: good.m.upheld_year,
      upheld_count: 1,
      credit_points: 9,
      credit_stars: good.m.credit_stars,
      plaques: '[]',
      promise: good.m.promise,
    });
    expect(Number((await ticket(reopenedId)).reopen_count)).toBe(1);
    expect(await counter()).toBe(good.seq);
    expect(await parent()).toMatchObject({ progress: 20, status: 'in_progress' });
    expect(await tokens()).toBe(good.tokens);
    expect(await byPhone('057985551234')).toEqual([personId]);
    // what people see is right again: the public page's count, the search, the next case number of the day
    expect(await upheldOnPage()).toBe(1);
    expect(await searchIds('油烟扰民')).toEqual([searchedId]);
    const next = await admin.ok(
      'POST',
      '/api/v1/tickets',
      { kind: 'report', categoryId: (await ticket(searchedId)).category_id, description: '占道经营' },
      201,
    );
    expect(next.number).toBe(`RCA-${day}-${String(good.seq + 1).padStart(4, '0')}`);

    const records = await db().selectFrom('audit_log').selectAll().where('chain', '=', `alliance:${A.id}`).where('action', '=', 'system.recount').execute();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor_id: null, actor_name: RECOUNT_ACTOR_NAME, entity: 'alliance', entity_id: A.id });
    const after = JSON.parse(records[0]?.after_json ?? '{}') as { counts: Record<string, number>; rows: Array<{ what: string; id: string }> };
    expect(after.counts).toMatchObject({ 'tickets.reopen_count': 1, 'ticket_counters.seq': 1, ticket_search: 1 });
    expect(after.rows).toContainEqual(expect.objectContaining({ what: 'tickets.reopen_count', id: reopenedId }));
    expect((await verifyChains(env.deps.db, env.deps.keys.audit)).every((v) => v.ok)).toBe(true);

    expect((await recount(env.deps, { fix: false })).map((r) => r.differences)).toEqual([0, 0]);
  });

  it('never lowers a day counter above the numbers taken (a rolled-back intake); keeps a promise nobody recorded and the reopen count of a case without a timeline', async () => {
    const seq = await counter();
    await db()
      .updateTable('ticket_counters')
      .set({ seq: seq + 5 })
      .where('alliance_id', '=', A.id)
      .where('day', '=', day)
      .execute();
    const [b] = await db().selectFrom('merchants').select(['id', 'promise']).where('alliance_id', '=', B.id).execute();
    expect(b?.promise).toBeTruthy();
    // bulk-generated history keeps the timelines of recent cases only: an old case's count is all there is
    await db().deleteFrom('ticket_events').where('ticket_id', '=', searchedId).execute();
    await db().updateTable('tickets').set({ reopen_count: 2 }).where('id', '=', searchedId).execute();
    const results = await recount(env.deps, { fix: true });
    expect(results.map((r) => r.differences)).toEqual([0, 0]);
    expect(await counter()).toBe(seq + 5);
    expect(Number((await ticket(searchedId)).reopen_count)).toBe(2);
    await db().updateTable('ticket_counters').set({ seq }).where('alliance_id', '=', A.id).where('day', '=', day).execute();
  });

  it('runs as `tongxin recount`: a dry run exits 1 and writes nothing, --fix rewrites and audits, then it exits 0', async () => {
    await db().updateTable('merchants').set({ upheld_count: 7 }).where('id', '=', merchantId).execute();
    await db().updateTable('tickets').set({ reopen_count: 3 }).where('id', '=', reopenedId).execute();
    const audits = await countRows(env, 'audit_log');

    const dry = await cli(env, ['recount'], dataDir);
    expect(dry.code, dry.stderr).toBe(1);
    expect(dry.stdout).toMatch(/DIFF alliance RCA 荷花芯联盟: \d+ differences/);
    expect(dry.stdout).toContain(`${merchantId}: stored ${(await merchant()).upheld_year}/7 → derived`);
    expect(dry.stdout).toContain(`${reopenedId}: stored 3 → derived 1`);
    expect(dry.stdout).toMatch(/OK {3}alliance RCB 港市红联盟: nothing differs/);
    expect(dry.stderr).toMatch(/nothing written \(run `tongxin recount --fix`/);
    expect(await merchant()).toMatchObject({ upheld_count: 7 });
    expect(await countRows(env, 'audit_log')).toBe(audits);

    const onlyB = await cli(env, ['recount', '--alliance', 'rcb'], dataDir);
    expect([onlyB.code, onlyB.stdout]).toEqual([0, expect.not.stringContaining('RCA')]);
    const unknown = await cli(env, ['recount', '--alliance', 'NOPE'], dataDir);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('no such alliance')]);

    const fix = await cli(env, ['recount', '--fix'], dataDir);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toMatch(/FIXED alliance RCA/);
    expect(fix.stdout).toMatch(/rewrote \d+ differences? in 1 of 2 alliances/);
    expect(await merchant()).toMatchObject({ upheld_count: 1 });
    expect(Number((await ticket(reopenedId)).reopen_count)).toBe(1);
    expect(await countRows(env, 'audit_log')).toBe(audits + 1);

    const again = await cli(env, ['recount'], dataDir);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/OK {3}alliance RCA .*\n.*OK {3}alliance RCB/)]);
  }, 300_000); // five spawned commands, each building the app
});
