import { DEFAULT_CREDIT_ITEMS, DEFAULT_CREDIT_SETTINGS, completeCreditCode, shanghaiMonth } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MerchantTable } from '../src/db/types.ts';
import { newId } from '../src/lib/ids.ts';
import { up as catalogueDefaults } from '../src/db/migrations/0032_credit_catalogue_defaults.ts';
import { runCreditClockOnce } from '../src/modules/credit/index.ts';
import { runNotificationsOnce } from '../src/modules/notifications/index.ts';
import { countRows, expectNoChangeEdit, insertPhoto, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

const DAY = 86_400_000;
const SH = (iso: string) => Date.parse(`${iso}+08:00`);

describe(`credit 十二分制 (${TEST_DB})`, () => {
  let env: TestEnv;
  let A: { id: string; roles: Record<string, string> };
  let staff: Client;
  let leader: Client;
  let officer: Client;
  let operator: Client;
  let operatorPersonId: string;
  let staffB: Client;
  let items: Record<string, string>;
  let catA: string;
  let seq = 0;
  let allianceB: string;
  /** an evidence photo of alliance A: every new deduction needs one */
  let photoA: string;
  const accounts: Array<{ c: Client; username: string; allianceId: string }> = [];

  /** A member whose session survives clock jumps: relogAll() logs every such member in again. */
  async function member(allianceId: string, role: string, extra: Record<string, string> = {}) {
    const username = `cr_${accounts.length}_${Math.random().toString(36).slice(2, 8)}`;
    const c = await env.member(allianceId, role, { ...extra, username });
    accounts.push({ c, username, allianceId });
    return c;
  }
  async function relogAll() {
    for (const a of accounts) {
      const n = await env.login(a.username);
      a.c.cookie = n.cookie;
      await a.c.ok('POST', '/api/v1/auth/switch', { allianceId: a.allianceId });
    }
  }
  /** Moves the test clock to an instant (forward only) and logs everyone in again. */
  async function setClock(at: number) {
    env.clock.advance(at - env.clock.now());
    await relogAll();
  }
  async function advance(ms: number) {
    await setClock(env.clock.now() + ms);
  }

  // merchants are written straight to the table: the registry's own routes belong to the merchants module
  async function merchant(allianceId: string, extra: Partial<MerchantTable> = {}): Promise<string> {
    const id = newId();
    const now = env.clock.now();
    seq++;
    await env.deps.db
      .insertInto('merchants')
      .values({
        id,
        alliance_id: allianceId,
        credit_code: `91330782MA2E${String(seq).padStart(6, '0')}`,
        name: `测试商户${seq}`,
        business_type: 'catering',
        address: null,
        lng: null,
        lat: null,
        crs: null,
        wgs_lng: null,
        wgs_lat: null,
        grid_id: null,
        operator_person_id: null,
        operator_name: null,
        party_member_operator: 0,
        contact_phone_enc: null,
        contact_phone_bidx: null,
        status: 'operating',
        public_code: `pc${id}`,
        monitoring_point: 0,
        liaison_person_id: null,
        credit_points: 12,
        credit_stars: null,
        credit_flag: null,
        plaques: '[]',
        upheld_year: 0,
        upheld_count: 0,
        promise: null,
        created_at: now,
        updated_at: now,
        ...extra,
      })
      .execute();
    return id;
  }
  const row = (id: string) => env.deps.db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** The 属实投诉 count on the merchant's public integrity page. */
  const upheldOnPage = async (id: string): Promise<number> => {
    const body = (await env.app.inject({ method: 'GET', url: `/m/${(await row(id)).public_code}` })).body;
    return Number(/<b>(\d+)<\/b><span>\d{4}年属实投诉/.exec(body)?.[1]);
  };
  /** A plaque held since now, written straight to the table (rounds grant them through the API elsewhere). */
  const grantPlaque = (allianceId: string, merchantId: string, kind: string) =>
    env.deps.db
      .insertInto('credit_plaques')
      .values({
        id: newId(),
        alliance_id: allianceId,
        merchant_id: merchantId,
        kind,
        round_id: null,
        granted_at: env.clock.now(),
        valid_until: null,
        revoked_at: null,
        revoke_reason: null,
        revoked_by_name: null,
      })
      .execute();
  const deduct = (c: Client, m: string, code: string, extra: Record<string, unknown> = {}) =>
    // each deduction its own fresh evidence photo: a photo another record holds is not lent on (files.takePhotos)
    insertPhoto(env, A.id).then((photo) =>
      c.post(`/api/v1/merchants/${m}/credit/entries`, { kind: 'deduction', itemId: items[code], place: '荷花街 12 号门前', photos: [photo], ...extra }),
    );
  const complaint = async (m: string) => {
    const t = await staff.ok('POST', '/api/v1/tickets', { kind: 'complaint', categoryId: catA, description: '商品缺斤少两，要求退款' }, 201);
    // the integrity page's complaint form links the merchant; here the link is written directly
    await env.deps.db.updateTable('tickets').set({ merchant_id: m }).where('id', '=', t.id).execute();
    return t.id as string;
  };

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('CRA', '荷花芯联盟');
    photoA = await insertPhoto(env, A.id);
    staff = await member(A.id, A.roles['党委工作人员'] as string);
    leader = await member(A.id, A.roles['领导（只读）'] as string);
    const unit = await staff.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城市场监管所' }, 201);
    officer = await member(A.id, A.roles['成员单位经办人'] as string, { unitId: unit.id });
    // a shop operator's own account (made here: later tests move the clock past the city admin's session)
    operatorPersonId = (await staff.ok('POST', '/api/v1/people', { name: '何老板' }, 201)).id;
    operator = await member(A.id, A.roles['商户'] as string, { personId: operatorPersonId });
    const B = await env.alliance('CRB', '港市红联盟');
    allianceB = B.id;
    staffB = await member(B.id, B.roles['党委工作人员'] as string);
    const cat = await staff.ok('GET', '/api/v1/credit/catalogue');
    items = Object.fromEntries(cat.items.map((i: { code: string; id: string }) => [i.code, i.id]));
    catA = (await staff.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  });
  afterAll(async () => env?.close());

  it('seeds the default catalogue per alliance and lets the committee edit it', async () => {
    const cat = await staff.ok('GET', '/api/v1/credit/catalogue');
    expect(cat.items.map((i: { name: string }) => i.name)).toEqual(
      expect.arrayContaining(['占道经营', '油烟扰民', '噪音扰民', '门前三包不落实', '消费投诉属实', '价格欺诈']),
    );
    const added = await staff.ok('POST', '/api/v1/credit/catalogue', { code: 'night_noise', name: '夜间施工噪音', points: 3 }, 201);
    expect(added).toMatchObject({ code: 'night_noise', points: 3, active: true });
    expect((await staff.post('/api/v1/credit/catalogue', { code: 'night_noise', name: 'x', points: 1 })).json().error.details[0].path).toBe('code');
    expect((await staff.patch(`/api/v1/credit/catalogue/${added.id}`, { points: 4, active: false })).json()).toMatchObject({ points: 4, active: false });
    expect((await officer.post('/api/v1/credit/catalogue', { code: 'x_y', name: 'x', points: 1 })).statusCode).toBe(403);
    // the other alliance has its own catalogue
    const catB = await staffB.ok('GET', '/api/v1/credit/catalogue');
    expect(catB.items.find((i: { code: string }) => i.code === 'night_noise')).toBeUndefined();
    expect((await staffB.patch(`/api/v1/credit/catalogue/${added.id}`, { points: 1 })).statusCode).toBe(404);
  });

  it('writes nothing for a catalogue edit that changes nothing', async () => {
    const item = await staff.ok('POST', '/api/v1/credit/catalogue', { code: 'same_form', name: '原样保存', points: 2 }, 201);
    const at = { url: `/api/v1/credit/catalogue/${item.id}`, table: 'credit_items' as const, id: item.id };
    await expectNoChangeEdit(env, staff, at, item, { name: item.name, points: 2, active: true }, { points: 3 });
  });

  it("has the default catalogue from the alliance's creation: reading it writes nothing, two first reads agree", async () => {
    const C = await env.alliance('CRC', '红星德百联盟');
    const db = env.deps.db;
    const rows = () => db.selectFrom('credit_items').selectAll().where('alliance_id', '=', C.id).orderBy('id').execute();
    const created = await rows();
    expect(created.map((r) => r.code)).toEqual(expect.arrayContaining(['road_occupation', 'consumer_complaint', 'food_safety']));
    expect(created).toHaveLength(10);
    const staffC = await member(C.id, C.roles['党委工作人员'] as string);
    const leaderC = await member(C.id, C.roles['领导（只读）'] as string);
    const audited = await countRows(env, 'audit_log');
    // two first reads at once (on PostgreSQL two connections): both answer the same catalogue, and neither wrote a row
    const [a, b] = await Promise.all([staffC.ok('GET', '/api/v1/credit/catalogue'), leaderC.ok('GET', '/api/v1/credit/catalogue')]);
    expect(a).toEqual(b);
    expect(a.items.map((i: { id: string }) => i.id).sort()).toEqual(created.map((r) => r.id).sort());
    expect(await rows()).toEqual(created);
    expect(await countRows(env, 'audit_log')).toBe(audited);
  });

  it('migration 0032 gives the defaults to an alliance without a catalogue and leaves the others alone', async () => {
    const D = await env.alliance('CRD', '六角井联盟');
    const db = env.deps.db;
    // an alliance created before the catalogue was seeded on creation, never read since
    await db.deleteFrom('credit_items').where('alliance_id', '=', D.id).execute();
    const others = await db.selectFrom('credit_items').selectAll().where('alliance_id', '!=', D.id).orderBy('id').execute();
    await catalogueDefaults(db as never);
    const seeded = await db
      .selectFrom('credit_items')
      .select(['code', 'name', 'points', 'active', 'sort_order'])
      .where('alliance_id', '=', D.id)
      .orderBy('sort_order')
      .execute();
    expect(seeded.map((r) => [r.code, r.name, Number(r.points), Number(r.active), Number(r.sort_order)])).toEqual(
      DEFAULT_CREDIT_ITEMS.map((it, i) => [it.code, it.name, it.points, 1, (i + 1) * 10]),
    );
    expect(await db.selectFrom('credit_items').selectAll().where('alliance_id', '!=', D.id).orderBy('id').execute()).toEqual(others);
    // run again, it changes nothing
    await catalogueDefaults(db as never);
    expect(await countRows(env, 'credit_items', D.id)).toBe(DEFAULT_CREDIT_ITEMS.length);
  });

  it('never goes below 0 and fires each consequence once per cycle', async () => {
    const m = await merchant(A.id);
    // a plaque the revoke_plaques consequence (threshold 3) takes down
    await grantPlaque(A.id, m, 'trusted');
    let e = (await deduct(officer, m, 'price_fraud')).json();
    expect(e).toMatchObject({
      kind: 'deduction',
      itemName: '价格欺诈',
      pointsAsked: 6,
      pointsApplied: 6,
      delta: -6,
      balanceAfter: 6,
      place: '荷花街 12 号门前',
    });
    expect(await row(m)).toMatchObject({ credit_points: 6, credit_flag: 'yellow' });
    e = (await deduct(officer, m, 'food_safety', { points: 5 })).json();
    expect(e).toMatchObject({ pointsAsked: 5, pointsApplied: 5, balanceAfter: 1 });
    expect(JSON.parse((await row(m)).plaques)).toEqual([]);
    e = (await deduct(officer, m, 'road_occupation')).json();
    expect(e).toMatchObject({ pointsAsked: 2, pointsApplied: 1, balanceAfter: 0 });
    e = (await deduct(officer, m, 'noise')).json();
    expect(e).toMatchObject({ pointsAsked: 2, pointsApplied: 0, balanceAfter: 0 });
    expect((await row(m)).credit_points).toBe(0);
    const fires = await env.deps.db.selectFrom('credit_fires').select('threshold').where('merchant_id', '=', m).orderBy('threshold').execute();
    expect(fires.map((f) => Number(f.threshold))).toEqual([0, 3, 6]);
    const committee = await staff.ok('GET', '/api/v1/credit/notices?audience=committee&pageSize=100');
    expect(committee.items.filter((n: { merchantId: string; kind: string }) => n.merchantId === m && n.kind === 'threshold')).toHaveLength(2);
    // the committee's staff find them in their message centre
    await runNotificationsOnce(env.deps, 'credit-test');
    const staffInbox = (await staff.ok('GET', '/api/v1/inbox?pageSize=100')).items.filter((i: { event: string }) => i.event === 'credit_threshold');
    expect(staffInbox.length).toBeGreaterThanOrEqual(2);
    expect(staffInbox[0]).toMatchObject({ reason: 'committee', ticketId: null, summary: expect.stringContaining('信用分降至') });
    // restore above the thresholds and fall again: nothing fires a second time in this cycle
    e = (await officer.post(`/api/v1/merchants/${m}/credit/entries`, { kind: 'restoration', points: 8, note: '已整改，拆除占道货架' })).json();
    expect(e).toMatchObject({ kind: 'restoration', pointsApplied: 8, balanceAfter: 8 });
    await deduct(officer, m, 'price_fraud');
    expect(await countRows(env, 'credit_fires', A.id)).toBeGreaterThanOrEqual(3);
    expect((await env.deps.db.selectFrom('credit_fires').select('threshold').where('merchant_id', '=', m).execute()).length).toBe(3);
    const again = await staff.ok('GET', '/api/v1/credit/notices?audience=committee&pageSize=100');
    expect(again.items.filter((n: { merchantId: string; kind: string }) => n.merchantId === m && n.kind === 'threshold')).toHaveLength(2);
    // restorations stop at 12
    e = (await officer.post(`/api/v1/merchants/${m}/credit/entries`, { kind: 'restoration', points: 12 })).json();
    expect(e).toMatchObject({ pointsAsked: 12, pointsApplied: 10, balanceAfter: 12 });
    const rec = await leader.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(rec.points).toBe(12);
    expect(rec.entries.map((x: { balanceAfter: number }) => x.balanceAfter)).toEqual([12, 2, 8, 0, 0, 1, 6]);
    expect(rec.history[0]).toMatchObject({ points: 12 });
    expect(rec.history.length).toBe(8);
    expect(rec.plaqueRecords[0]).toMatchObject({ kind: 'trusted', revokedAt: expect.any(Number) });
  });

  it('corrects an entry with a new one that references it, within what it took', async () => {
    const m = await merchant(A.id);
    const d = (await deduct(officer, m, 'fume')).json();
    const over = await officer.post(`/api/v1/merchants/${m}/credit/entries`, { kind: 'restoration', points: 3, correctsEntryId: d.id });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details[0].path).toBe('points');
    const same = await officer.post(`/api/v1/merchants/${m}/credit/entries`, { kind: 'deduction', points: 1, correctsEntryId: d.id });
    expect(same.json().error.details[0].path).toBe('correctsEntryId');
    const c = await officer.ok(
      'POST',
      `/api/v1/merchants/${m}/credit/entries`,
      { kind: 'restoration', points: 2, correctsEntryId: d.id, note: '误录：该店不属油烟扰民' },
      201,
    );
    expect(c).toMatchObject({ kind: 'correction', correctsEntryId: d.id, delta: 2, balanceAfter: 12, itemName: '油烟扰民' });
    // the original entry stays as it was (append-only)
    const rec = await staff.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(rec.entries.find((x: { id: string }) => x.id === d.id)).toMatchObject({ delta: -2, balanceAfter: 10 });
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const m = await merchant(A.id);
    const before = await countRows(env, 'credit_entries', A.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'deduction' }, 'itemId'],
      [{ kind: 'deduction', itemId: 'nope', photos: [photoA] }, 'itemId'],
      [{ kind: 'deduction', itemId: items.noise, points: 5, photos: [photoA] }, 'points'],
      [{ kind: 'deduction', itemId: items.noise, photos: ['no-such-file'] }, 'photos'],
      // 十二分制: no deduction without evidence
      [{ kind: 'deduction', itemId: items.noise }, 'photos'],
      [{ kind: 'deduction', itemId: items.noise, photos: [] }, 'photos'],
      [{ kind: 'restoration' }, 'points'],
      [{ kind: 'restoration', points: 2, itemId: items.noise }, 'itemId'],
      [{ kind: 'restoration', points: 13 }, 'points'],
      [{ kind: 'penalty', points: 1 }, 'kind'],
      [{ kind: 'restoration', points: 1, correctsEntryId: 'nope' }, 'correctsEntryId'],
    ];
    for (const [body, field] of cases) {
      const r = await officer.post(`/api/v1/merchants/${m}/credit/entries`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await countRows(env, 'credit_entries', A.id)).toBe(before);
    expect((await row(m)).credit_points).toBe(12);
    const bad = await staff.req('PUT', '/api/v1/credit/settings', { cycle: { startMonth: 13 } });
    expect(bad.statusCode).toBe(400);
  });

  it('records evidence photos of this alliance only', async () => {
    const m = await merchant(A.id);
    const file = await insertPhoto(env, A.id);
    const e = (await deduct(officer, m, 'frontage_duties', { photos: [file] })).json();
    expect(e.photos).toEqual([{ id: file, url: `/api/v1/files/${file}`, thumbUrl: `/api/v1/files/${file}/thumb` }]);
    expect(e.inspectorName).toBeTruthy();
    const mB = await merchant(allianceB);
    expect(
      (
        await staffB.post(`/api/v1/merchants/${mB}/credit/entries`, {
          kind: 'deduction',
          itemId: (await staffB.ok('GET', '/api/v1/credit/catalogue')).items[0].id,
          photos: [file],
        })
      ).statusCode,
    ).toBe(400);
  });

  it('answers 403 without the permission and 404 across alliances', async () => {
    const m = await merchant(A.id);
    expect((await deduct(leader, m, 'noise')).statusCode).toBe(403);
    expect((await leader.req('PUT', `/api/v1/credit/settings`, DEFAULT_CREDIT_SETTINGS)).statusCode).toBe(403);
    expect((await officer.get('/api/v1/credit/objections')).statusCode).toBe(403);
    expect((await env.anon.get(`/api/v1/merchants/${m}/credit`)).statusCode).toBe(401);
    expect((await staffB.get(`/api/v1/merchants/${m}/credit`)).statusCode).toBe(404);
    expect((await staffB.post(`/api/v1/merchants/${m}/credit/entries`, { kind: 'restoration', points: 1 })).statusCode).toBe(404);
    expect((await staffB.req('POST', `/api/v1/merchants/${m}/credit/promise`, { identity: 'a', duty: 'b', pledge: 'c' })).statusCode).toBe(404);
    expect(await countRows(env, 'credit_entries')).toBeGreaterThan(0);
    expect((await env.deps.db.selectFrom('credit_entries').select('id').where('merchant_id', '=', m).execute()).length).toBe(0);
  });

  it('keeps the promise and its history', async () => {
    const m = await merchant(A.id);
    await staff.ok('POST', `/api/v1/merchants/${m}/credit/promise`, {
      identity: '中共党员 王丽',
      duty: '诚信经营、维护公共卫生',
      pledge: '明码标价，不缺斤短两',
    });
    await staff.ok('POST', `/api/v1/merchants/${m}/credit/promise`, { identity: '中共党员 王丽', duty: '诚信经营、门前三包', pledge: '明码标价，假一赔十' });
    expect((await row(m)).promise).toBe('亮身份：中共党员 王丽\n亮职责：诚信经营、门前三包\n亮承诺：明码标价，假一赔十');
    const rec = await staff.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(rec.promises).toHaveLength(2);
    expect(rec.promises[1].pledge).toBe('明码标价，不缺斤短两');
    expect((await staff.req('POST', `/api/v1/merchants/${m}/credit/promise`, { identity: '', duty: 'x', pledge: 'y' })).json().error.details[0].path).toBe(
      'identity',
    );
  });

  it('masks numbers in the promise and the ledger, and a promise form sent back as shown keeps the stored numbers', async () => {
    const m = await merchant(A.id);
    const identity = '中共党员 王丽，服务电话13712340001';
    await staff.ok('POST', `/api/v1/merchants/${m}/credit/promise`, { identity, duty: '诚信经营', pledge: '明码标价' });
    const items = await staff.ok('GET', '/api/v1/credit/catalogue');
    await staff.ok(
      'POST',
      `/api/v1/merchants/${m}/credit/entries`,
      { kind: 'deduction', itemId: items.items[0].id, place: '店门口', note: '店主电话13812345678', photos: [photoA] },
      201,
    );
    const rec = await staff.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(rec.promises[0].identity).toBe('中共党员 王丽，服务电话137****0001');
    expect(rec.promise).toContain('137****0001');
    expect(rec.entries[0].note).toBe('店主电话138****5678');
    // the console's form starts from the promise as shown: an unchanged part keeps its number, a changed one is stored as typed
    await staff.ok('POST', `/api/v1/merchants/${m}/credit/promise`, { identity: rec.promises[0].identity, duty: '诚信经营、门前三包', pledge: '明码标价' });
    const [last] = await env.deps.db.selectFrom('credit_promises').selectAll().where('merchant_id', '=', m).orderBy('created_at', 'desc').execute();
    expect([last?.identity, last?.duty]).toEqual([identity, '诚信经营、门前三包']);
    expect((await row(m)).promise).toContain('13712340001');
  });

  it('applies the 消费投诉属实 deduction with an upheld verdict, once, and takes plaques down with a notice', async () => {
    const person = await staff.ok('POST', '/api/v1/people', { name: '郭经理' }, 201);
    const m = await merchant(A.id, { operator_person_id: person.id, plaques: '["demonstration"]' });
    await grantPlaque(A.id, m, 'demonstration');
    const t = await complaint(m);
    expect((await staff.post(`/api/v1/tickets/${t}/verdict`, { upheld: false, deduct: true })).json().error.details[0].path).toBe('deduct');
    expect((await officer.post(`/api/v1/tickets/${t}/verdict`, { upheld: true, deduct: true })).statusCode).toBe(403);
    expect((await staffB.post(`/api/v1/tickets/${t}/verdict`, { upheld: true, deduct: true })).statusCode).toBe(404);
    expect(await staff.ok('GET', `/api/v1/tickets/${t}/verdict`)).toMatchObject({ kind: 'complaint', merchantId: m, verdict: null });
    expect((await staffB.get(`/api/v1/tickets/${t}/verdict`)).statusCode).toBe(404);
    const v = await staff.ok('POST', `/api/v1/tickets/${t}/verdict`, { upheld: true, deduct: true, note: '经市场监管所核实' });
    expect(await staff.ok('GET', `/api/v1/tickets/${t}/verdict`)).toMatchObject({ verdict: 'upheld', verdictAt: expect.any(Number) });
    expect(v).toMatchObject({ verdict: 'upheld', points: 9, plaques: [], entry: { itemName: '消费投诉属实', pointsApplied: 3, ticketId: t } });
    const again = await staff.post(`/api/v1/tickets/${t}/verdict`, { upheld: true, deduct: true });
    expect(again.statusCode).toBe(409);
    expect(await row(m)).toMatchObject({ credit_points: 9, plaques: '[]' });
    const tk = await env.deps.db.selectFrom('tickets').select(['complaint_verdict', 'verdict_at']).where('id', '=', t).executeTakeFirstOrThrow();
    expect(tk.complaint_verdict).toBe('upheld');
    expect((await staff.ok('GET', `/api/v1/tickets/${t}`)).timeline.map((e: { action: string }) => e.action)).toContain('verdict');
    // the merchant's operator reads the 摘牌 notice
    const op = await member(A.id, A.roles['商户'] as string, { personId: person.id });
    const notices = await op.ok('GET', `/api/v1/merchants/${m}/credit/notices`);
    expect(notices.items[0]).toMatchObject({ kind: 'plaque_revoked', title: '摘牌通知：示范户' });
    // …and finds it in the message centre (消息中心) once the notification worker has run
    await runNotificationsOnce(env.deps, 'credit-test');
    const inbox = await op.ok('GET', '/api/v1/inbox');
    expect(inbox.items).toEqual([expect.objectContaining({ event: 'credit_plaque_revoked', reason: 'merchant', summary: '摘牌通知：示范户', ticketId: null })]);
    expect(inbox.items[0].note).toContain('根据优进绌退机制');
    // the committee is not told of the notice of a merchant that has an account (only of those that have none)
    const shop = (await row(m)).name;
    const toCommittee = (await staff.ok('GET', '/api/v1/inbox?pageSize=100')).items as Array<{ event: string; reason: string; summary: string }>;
    expect(toCommittee.filter((i) => i.event === 'credit_plaque_revoked' && (i.reason === 'merchant' || i.summary.startsWith(`${shop}：`)))).toEqual([]);
    // …and only its own merchant
    expect((await op.get(`/api/v1/merchants/${await merchant(A.id)}/credit`)).statusCode).toBe(404);
    // a report is not a complaint
    const report = await staff.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: catA, description: '门前堆物' }, 201);
    expect((await staff.post(`/api/v1/tickets/${report.id}/verdict`, { upheld: true })).statusCode).toBe(409);
    // a rejected verdict changes nothing on the ledger
    const t2 = await complaint(m);
    expect(await staff.ok('POST', `/api/v1/tickets/${t2}/verdict`, { upheld: false })).toMatchObject({ verdict: 'rejected', entry: null, points: 9 });
  });

  it("hands a 摘牌 notice to the committee when the shop's operator has no account, naming the shop", async () => {
    // the operator is a name on the registry only: nobody of the shop can log in
    const m = await merchant(A.id, { operator_name: '孙老板', plaques: '["trusted"]' });
    await grantPlaque(A.id, m, 'trusted');
    const name = (await row(m)).name as string;
    await runNotificationsOnce(env.deps, 'credit-test');
    const before = (await staff.ok('GET', '/api/v1/inbox?pageSize=100')).items.length;
    await staff.ok('POST', `/api/v1/tickets/${await complaint(m)}/verdict`, { upheld: true, deduct: true });
    await runNotificationsOnce(env.deps, 'credit-test');
    const items = (await staff.ok('GET', '/api/v1/inbox?pageSize=100')).items as Array<{ event: string; reason: string; summary: string }>;
    expect(items.length).toBeGreaterThan(before);
    expect(items).toContainEqual(
      expect.objectContaining({
        event: 'credit_plaque_revoked',
        reason: 'merchant_offline',
        summary: `${name}：摘牌通知：放心店`,
        ticketId: null,
        merchantId: m,
      }),
    );
  });

  it('takes objections within the window only; an upheld one reverses the entry in the ledger', async () => {
    const person = await staff.ok('POST', '/api/v1/people', { name: '陈老板' }, 201);
    const m = await merchant(A.id, { operator_person_id: person.id });
    const op = await member(A.id, A.roles['商户'] as string, { personId: person.id });
    const old = (await deduct(officer, m, 'noise')).json();
    await advance(16 * DAY);
    const late = await op.post(`/api/v1/merchants/${m}/credit/objections`, { entryId: old.id, reason: '当晚并未营业' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details.reason).toBe('objection_window_closed');
    const d = (await deduct(officer, m, 'road_occupation')).json();
    await advance(15 * DAY);
    expect((await op.post(`/api/v1/merchants/${m}/credit/objections`, { reason: '缺少对象' })).json().error.details[0].path).toBe('entryId');
    const o = await op.ok('POST', `/api/v1/merchants/${m}/credit/objections`, { entryId: d.id, reason: '货架在店内红线以内，附照片' }, 201);
    expect(o).toMatchObject({ status: 'pending', entryId: d.id });
    expect((await op.post(`/api/v1/merchants/${m}/credit/objections`, { entryId: d.id, reason: '再次申诉' })).statusCode).toBe(409);
    expect((await op.post(`/api/v1/credit/objections/${o.id}/decision`, { upheld: true, note: 'x' })).statusCode).toBe(403);
    const queue = await staff.ok('GET', '/api/v1/credit/objections?status=pending');
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(o.id);
    // the committee's queue names what is contested: the item, its points, when and by whom
    const queued = queue.items.find((x: { id: string }) => x.id === o.id);
    expect(queued.contested).toMatchObject({ itemName: d.itemName, points: d.pointsApplied, at: d.at, inspectorName: d.inspectorName });
    expect(queued.ticketTitle).toBeNull();
    const decided = await staff.ok('POST', `/api/v1/credit/objections/${o.id}/decision`, { upheld: true, note: '经复核，货架未超出店面' });
    expect(decided).toMatchObject({ status: 'upheld', reversalEntryId: expect.any(String) });
    expect((await staff.post(`/api/v1/credit/objections/${o.id}/decision`, { upheld: false, note: 'x' })).statusCode).toBe(409);
    const rec = await op.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(rec.points).toBe(10);
    expect(rec.entries[0]).toMatchObject({ kind: 'reversal', correctsEntryId: d.id, delta: 2, objectionId: o.id });
    expect((await staffB.post(`/api/v1/credit/objections/${o.id}/decision`, { upheld: true, note: 'x' })).statusCode).toBe(404);
    // an objection to an upheld complaint overturns the verdict and gives the points back
    const t = await complaint(m);
    expect(await upheldOnPage(m)).toBe(0);
    await staff.ok('POST', `/api/v1/tickets/${t}/verdict`, { upheld: true, deduct: true });
    expect((await row(m)).credit_points).toBe(7);
    // the public page counts the upheld complaint at once, and no longer once it is overturned
    expect(await upheldOnPage(m)).toBe(1);
    const o2 = await op.ok('POST', `/api/v1/merchants/${m}/credit/objections`, { ticketId: t, reason: '顾客已撤回投诉' }, 201);
    await staff.ok('POST', `/api/v1/credit/objections/${o2.id}/decision`, { upheld: true, note: '投诉人撤回，证据不足' });
    expect((await row(m)).credit_points).toBe(10);
    expect(await upheldOnPage(m)).toBe(0);
    const tk = await env.deps.db.selectFrom('tickets').select('complaint_verdict').where('id', '=', t).executeTakeFirstOrThrow();
    expect(tk.complaint_verdict).toBe('rejected');
  });

  it('the migration fills the upheld-complaint summary of existing merchants from their verdicts', async () => {
    const m = await merchant(A.id);
    for (const upheld of [true, true, false]) await staff.ok('POST', `/api/v1/tickets/${await complaint(m)}/verdict`, { upheld });
    const summary = async () => {
      const r = await row(m);
      return [r.upheld_year, r.upheld_count];
    };
    const live = await summary();
    expect(live).toEqual([Number(shanghaiMonth(env.clock.now()).slice(0, 4)), 2]);
    expect(await upheldOnPage(m)).toBe(2);
    // as a database of before the change: no summary columns, the verdicts only on the tickets
    const mig = await import('../src/db/migrations/0024_merchant_upheld_summary.ts');
    await mig.down(env.deps.db as never);
    await mig.up(env.deps.db as never);
    expect(await summary()).toEqual(live);
  });

  it('counts verdicts given at the same moment on one shop, each of them', async () => {
    for (let round = 0; round < 3; round++) {
      const m = await merchant(A.id);
      const tickets = await Promise.all([complaint(m), complaint(m), complaint(m), complaint(m)]);
      await Promise.all(tickets.map((t) => staff.ok('POST', `/api/v1/tickets/${t}/verdict`, { upheld: true })));
      expect(Number((await row(m)).upheld_count)).toBe(4);
      expect(await upheldOnPage(m)).toBe(4);
    }
  });

  it('starts a new cycle at 12 through the clock, keeping the old cycle in the history', async () => {
    const m = await merchant(A.id);
    const lazy = await merchant(A.id);
    await deduct(officer, m, 'price_fraud');
    await deduct(officer, lazy, 'fume');
    expect((await row(m)).credit_points).toBe(6);
    await setClock(SH('2027-01-01T00:00:05'));
    const r = await runCreditClockOnce(env.deps, 'test-holder');
    expect(r?.rolled).toBeGreaterThanOrEqual(2);
    expect(await row(m)).toMatchObject({ credit_points: 12 });
    expect(await row(lazy)).toMatchObject({ credit_points: 12 });
    const rec = await staff.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(rec.cycle).toMatchObject({ label: '2027', openingPoints: 12, closingPoints: null });
    expect(rec.cycles[1]).toMatchObject({ label: '2026', closingPoints: 6 });
    // a second process finds the lease taken; the same holder finds nothing left to roll
    expect(await runCreditClockOnce(env.deps, 'another-holder')).toBeNull();
    expect((await runCreditClockOnce(env.deps, 'test-holder'))?.rolled).toBe(0);
    // consequences fire again in the new cycle
    await deduct(officer, m, 'price_fraud');
    expect((await env.deps.db.selectFrom('credit_fires').select('threshold').where('merchant_id', '=', m).execute()).length).toBe(2);
  });

  it('rolls a stale merchant lazily on read, and follows a configured cycle', async () => {
    const m = await merchant(A.id);
    await deduct(officer, m, 'noise');
    const s = await staff.ok('GET', '/api/v1/credit/settings');
    await staff.ok('PUT', '/api/v1/credit/settings', { ...s, cycle: { startMonth: 4, lengthMonths: 12 } });
    await setClock(SH('2028-02-01T09:00:00'));
    const rec = await staff.ok('GET', `/api/v1/merchants/${m}/credit`);
    // the 2027 calendar-year cycle ran out; the next one starts where it ended and ends on the configured boundary
    expect(rec.points).toBe(12);
    expect(rec.cycle).toMatchObject({ startsAt: SH('2028-01-01T00:00:00'), endsAt: SH('2028-04-01T00:00:00') });
    await staff.ok('PUT', '/api/v1/credit/settings', s);
  });

  it('raises the monthly flags by the rules at the month boundary', async () => {
    await setClock(SH('2028-05-20T10:00:00'));
    const cleanM = await merchant(A.id);
    const fresh = SH('2028-06-10T10:00:00');
    const badM = await merchant(A.id);
    await deduct(officer, badM, 'fume');
    await deduct(officer, badM, 'frontage_duties'); // 3 points in May
    await setClock(SH('2028-06-01T00:00:30'));
    await runCreditClockOnce(env.deps, 'test-holder');
    // May's 3 deducted points make June yellow; a clean part of May is not yet a red flag
    expect((await row(badM)).credit_flag).toBe('yellow');
    expect((await row(cleanM)).credit_flag).toBe(null);
    await setClock(fresh);
    const newcomer = await merchant(A.id);
    await setClock(SH('2028-07-01T00:10:00'));
    await runCreditClockOnce(env.deps, 'test-holder');
    expect((await row(cleanM)).credit_flag).toBe('red');
    expect((await row(newcomer)).credit_flag).toBe(null);
    // June had no deductions, so no yellow in July; 9 points are short of red's 12
    expect((await row(badM)).credit_flag).toBe(null);
    const rec = await staff.ok('GET', `/api/v1/merchants/${badM}/credit`);
    expect(rec.flags.slice(0, 3)).toEqual([
      { month: '2028-07', flag: null, reasons: [] },
      { month: '2028-06', flag: 'yellow', reasons: ['previous_month_deduction'] },
      { month: '2028-05', flag: 'yellow', reasons: ['current_month_deduction'] },
    ]);
    // a yellow consequence in the running month shows at once
    await setClock(SH('2028-07-03T10:00:00'));
    await deduct(officer, cleanM, 'price_fraud');
    expect((await row(cleanM)).credit_flag).toBe('yellow');
    expect(await row(cleanM)).toMatchObject({ credit_points: 6 });
  });

  it('ranks candidates of an evaluation round; approved ones get the plaque, rejected holders lose it', async () => {
    await setClock(SH('2028-08-01T10:00:00'));
    const good = await merchant(A.id, { name: '五里海沙餐饮' });
    const ok = await merchant(A.id, { name: '永嘉茶庄' });
    const holder = await merchant(A.id, { name: '老字号福盐' });
    await grantPlaque(A.id, holder, 'recommended');
    await staff.ok('GET', `/api/v1/merchants/${holder}/credit`);
    await deduct(officer, ok, 'noise');
    await deduct(officer, holder, 'price_fraud');
    const round = await staff.ok(
      'POST',
      '/api/v1/credit/rounds',
      { name: '2028年第三季度联盟推荐商家', plaqueKind: 'recommended', validUntil: SH('2028-10-01T00:00:00') },
      201,
    );
    const names = round.items.map((c: { merchantName: string }) => c.merchantName);
    expect(names.indexOf('五里海沙餐饮')).toBeLessThan(names.indexOf('永嘉茶庄'));
    // the holder is below minPoints but stays on the list so the committee can decide on it
    expect(round.items.find((c: { merchantId: string }) => c.merchantId === holder)).toMatchObject({ holder: true, points: 6 });
    expect((await officer.post('/api/v1/credit/rounds', { name: 'x', plaqueKind: 'recommended' })).statusCode).toBe(403);
    const rounds = await countRows(env, 'credit_rounds');
    const past = await staff.post('/api/v1/credit/rounds', { name: '有效期已过', plaqueKind: 'trusted', validUntil: env.clock.now() - 1 });
    expect([past.statusCode, past.json().error.details[0].path]).toEqual([400, 'validUntil']);
    expect(await countRows(env, 'credit_rounds')).toBe(rounds);
    await staff.ok('POST', `/api/v1/credit/rounds/${round.id}/candidates/${good}/decision`, { approve: true });
    await staff.ok('POST', `/api/v1/credit/rounds/${round.id}/candidates/${ok}/decision`, { approve: false, note: '本季度有噪音扣分' });
    await staff.ok('POST', `/api/v1/credit/rounds/${round.id}/candidates/${holder}/decision`, { approve: false, note: '群众测评不满意' });
    const done = await staff.ok('POST', `/api/v1/credit/rounds/${round.id}/finish`);
    expect(done).toMatchObject({ status: 'finished', approved: 1, rejected: 2 });
    expect(JSON.parse((await row(good)).plaques)).toEqual(['recommended']);
    expect(JSON.parse((await row(ok)).plaques)).toEqual([]);
    expect(JSON.parse((await row(holder)).plaques)).toEqual([]);
    expect((await staff.post(`/api/v1/credit/rounds/${round.id}/finish`)).statusCode).toBe(409);
    expect((await staff.post(`/api/v1/credit/rounds/${round.id}/candidates/${good}/decision`, { approve: false })).statusCode).toBe(409);
    expect((await staffB.get(`/api/v1/credit/rounds/${round.id}`)).statusCode).toBe(404);
    // the quarterly plaque expires with its round
    await setClock(SH('2028-10-01T00:00:30'));
    const r = await runCreditClockOnce(env.deps, 'test-holder');
    expect(r?.expired).toBe(1);
    expect(JSON.parse((await row(good)).plaques)).toEqual([]);
  });

  it('gives a new registration its opening stars at once, and counts a new rating within a clock tick', async () => {
    // registered through the registry's API: the stars show before the credit clock ever opens the account
    const created = await staff.ok(
      'POST',
      '/api/v1/merchants',
      { creditCode: completeCreditCode('92330782MA2F0001'), name: '新开张的面馆', businessType: 'catering' },
      201,
    );
    expect(created.creditStars).toBe(3);
    const page = await env.app.inject({ method: 'GET', url: `/m/${created.publicCode}` });
    expect(page.body).toContain('★★★☆☆');
    // three cases about the shop, each rated 5 stars: the score goes 70 → 80, four stars
    await runCreditClockOnce(env.deps, 'test-holder');
    for (let i = 0; i < 3; i++) {
      const t = await complaint(created.id);
      await env.deps.db
        .updateTable('tickets')
        .set({ status: 'closed', rating_stars: 5, rating_solved: 1, rated_at: env.clock.now(), closed_at: env.clock.now() })
        .where('id', '=', t)
        .execute();
    }
    await advance(60_000);
    const r = await runCreditClockOnce(env.deps, 'test-holder');
    expect(r?.rated).toBe(1);
    expect((await row(created.id)).credit_stars).toBe(4);
    expect((await env.app.inject({ method: 'GET', url: `/m/${created.publicCode}` })).body).toContain('★★★★☆');
    // counted once: the next tick finds nothing new
    expect((await runCreditClockOnce(env.deps, 'test-holder'))?.rated).toBe(0);
  });

  it('counts a case the operator reports in the stars within a clock tick, once', async () => {
    const m = await merchant(A.id, { operator_person_id: operatorPersonId });
    // another shop, whose operator reports nothing, must not be touched
    const other = await merchant(A.id);
    await runCreditClockOnce(env.deps, 'test-holder');
    expect((await row(m)).credit_stars).toBe(3);
    const otherUpdated = (await env.deps.db.selectFrom('credit_accounts').select('updated_at').where('merchant_id', '=', other).executeTakeFirstOrThrow())
      .updated_at;
    await advance(60_000);
    // a 随手拍 by the operator: participation 5 → the score goes 70 → 75, four stars
    await operator.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: catA, description: '店门口井盖松动，行人容易绊倒' }, 201);
    await advance(60_000);
    const r = await runCreditClockOnce(env.deps, 'test-holder');
    expect(r?.participated).toBe(1);
    expect((await row(m)).credit_stars).toBe(4);
    const credit = await staff.ok('GET', `/api/v1/merchants/${m}/credit`);
    expect(credit.starFacts.participation).toBe(1);
    expect((await env.deps.db.selectFrom('credit_accounts').select('updated_at').where('merchant_id', '=', other).executeTakeFirstOrThrow()).updated_at).toBe(
      otherUpdated,
    );
    expect((await runCreditClockOnce(env.deps, 'test-holder'))?.participated).toBe(0);
  });
});
