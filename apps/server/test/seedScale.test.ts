import { isValidCreditCode, isValidMobile, isValidResidentId, shanghaiDate, upheldSummary } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChains } from '../src/modules/audit/index.ts';
import { refreshMerchantCredit } from '../src/modules/credit/index.ts';
import { RECOUNTERS } from '../src/modules/recount/index.ts';
import { NotEmptyError, SCALE_PASSWORD, seedScale, type ScaleResult } from '../src/modules/demo/scale/index.ts';
import { setupEnv, type TestEnv } from './harness.ts';

// `tongxin seed --scale district` end to end: the generated data is what the app itself would have written
describe('seed --scale district', () => {
  let env: TestEnv;
  let r: ScaleResult;
  beforeAll(async () => {
    env = await setupEnv();
    r = await seedScale(env.deps, env.handle, { scale: 'district', seed: 7 });
  }, 60_000);
  afterAll(() => env.close());

  it('writes the sizes of the district scale', async () => {
    expect(r.alliances).toHaveLength(2);
    expect(r.merchants).toBe(2000);
    expect(r.tickets).toBe(10_000);
    const n = async (t: 'tickets' | 'merchants' | 'ticket_search') =>
      Number(
        (
          await env.deps.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await n('tickets')).toBe(10_000);
    expect(await n('merchants')).toBe(2000);
    expect(await n('ticket_search')).toBe(10_000);
  });

  it('refuses a database that already has data unless forced', async () => {
    await expect(seedScale(env.deps, env.handle, { scale: { alliances: 1, merchants: 1, tickets: 1 } })).rejects.toBeInstanceOf(NotEmptyError);
  });

  it('lets a generated admin log in and list cases, merchants and the 三率', async () => {
    const a = r.alliances[0]!;
    const admin = await env.login(a.admin, SCALE_PASSWORD);
    await admin.ok('POST', '/api/v1/auth/switch', { allianceId: a.id });
    const tickets = await admin.ok('GET', '/api/v1/tickets?pageSize=5');
    const own = await env.deps.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alliance_id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(tickets.total).toBe(Number(own.n));
    expect(tickets.items).toHaveLength(5);
    const detail = await admin.ok('GET', `/api/v1/tickets/${tickets.items[0].id}`);
    expect(detail.number).toMatch(/^S001-\d{8}-\d{4}$/);
    const search = await admin.ok('GET', `/api/v1/tickets?q=${encodeURIComponent('占道经营')}&pageSize=1`);
    expect(search.total).toBeGreaterThan(0);
    const merchants = await admin.ok('GET', '/api/v1/merchants?pageSize=5');
    expect(merchants.total).toBeGreaterThan(100);
    expect(merchants.items[0].contactPhone ?? '138****0000').toMatch(/^\d{3}\*{4}\d{4}$/);
    const rates = await admin.ok('GET', '/api/v1/stats/rates?groupBy=category');
    expect(rates.total.dispatched).toBeGreaterThan(1000);
    for (const k of ['responseRate', 'resolutionRate', 'satisfactionRate'] as const) {
      expect(rates.total[k]).toBeGreaterThan(0.5);
      expect(rates.total[k]).toBeLessThan(1);
    }
    // the other alliance's cases stay out of reach
    const other = await env.deps.db.selectFrom('tickets').select('id').where('alliance_id', '=', r.alliances[1]!.id).limit(1).executeTakeFirstOrThrow();
    expect((await admin.get(`/api/v1/tickets/${other.id}`)).statusCode).toBe(404);
  });

  it('gives recent and open cases a timeline from 提交 to their present status, in time order', async () => {
    const a = r.alliances[0]!;
    const admin = await env.login(a.admin, SCALE_PASSWORD);
    await admin.ok('POST', '/api/v1/auth/switch', { allianceId: a.id });
    for (const status of ['closed', 'accepted', 'cancelled']) {
      const list = await admin.ok('GET', `/api/v1/tickets?status=${status}&pageSize=3`);
      expect(list.items.length, status).toBeGreaterThan(0);
      for (const t of list.items as { id: string }[]) {
        const d = await admin.ok('GET', `/api/v1/tickets/${t.id}`);
        const times = (d.timeline as { at: number | string }[]).map((e) => new Date(e.at).getTime());
        expect(d.timeline[0].action, t.id).toBe('create');
        expect(d.timeline.at(-1).toStatus, t.id).toBe(d.status);
        expect([...times].sort((x, y) => x - y)).toEqual(times);
      }
    }
  });

  it('sends a few cases to a wrong unit first, which returned them, and 响应率 counts the late returns', async () => {
    const db = env.deps.db;
    const rows = await db
      .selectFrom('returned_dispatches as r')
      .innerJoin('tickets as t', 't.id', 'r.ticket_id')
      .select(['r.id', 'r.unit_id', 'r.dispatched_at', 'r.accept_due_at', 'r.returned_at', 't.lead_unit_id', 't.dispatched_at as redispatched_at'])
      .execute();
    const dispatched = Number(
      (
        await db
          .selectFrom('tickets')
          .where('dispatched_at', 'is not', null)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // about 4 % of the dispatched cases
    expect(rows.length).toBeGreaterThan(dispatched * 0.02);
    expect(rows.length).toBeLessThan(dispatched * 0.06);
    for (const x of rows) {
      expect(x.unit_id).not.toBe(x.lead_unit_id);
      expect(Number(x.dispatched_at)).toBeLessThan(Number(x.returned_at));
      expect(Number(x.returned_at)).toBeLessThan(Number(x.redispatched_at));
    }
    const late = rows.filter((x) => Number(x.returned_at) > Number(x.accept_due_at));
    expect(late.length).toBeGreaterThan(rows.length * 0.2);
    expect(late.length).toBeLessThan(rows.length * 0.5);
    // where the case has a timeline, the return is its event: dispatch to the wrong unit, 退单, dispatch again
    const events = await db.selectFrom('ticket_events').select(['id', 'ticket_id', 'alliance_id']).where('action', '=', 'return').execute();
    expect(events.length).toBeGreaterThan(0);
    const byId = new Set(rows.map((x) => x.id));
    for (const e of events) expect(byId.has(e.id), e.id).toBe(true);
    const a = r.alliances[0]!;
    const admin = await env.login(a.admin, SCALE_PASSWORD);
    await admin.ok('POST', '/api/v1/auth/switch', { allianceId: a.id });
    const own = events.find((e) => e.alliance_id === a.id);
    expect(own).toBeDefined();
    const d = await admin.ok('GET', `/api/v1/tickets/${own!.ticket_id}`);
    expect(d.timeline.slice(1, 4).map((e: { action: string }) => e.action)).toEqual(['dispatch', 'return', 'dispatch']);
    // 三率 of all time: every dispatch on the case rows, and the returns that came after their accept deadline
    const count = async (q: Promise<{ n: number | string }>) => Number((await q).n);
    const current = await count(
      db
        .selectFrom('tickets')
        .where('alliance_id', '=', a.id)
        .where('dispatched_at', 'is not', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const lateHere = await count(
      db
        .selectFrom('returned_dispatches')
        .where('alliance_id', '=', a.id)
        .whereRef('returned_at', '>', 'accept_due_at')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(lateHere).toBeGreaterThan(0);
    const rates = await admin.ok('GET', '/api/v1/stats/rates?groupBy=lead_unit');
    expect(rates.total.dispatched).toBe(current + lateHere);
  });

  it('keeps each merchant summary equal to what the credit module computes from the ledger', async () => {
    const db = env.deps.db;
    // points: the last entry of the account's cycle, or 12
    const rows = await db
      .selectFrom('merchants as m')
      .innerJoin('credit_accounts as a', 'a.merchant_id', 'm.id')
      .select(['m.id', 'm.credit_points', 'a.cycle_id'])
      .execute();
    expect(rows).toHaveLength(2000);
    const last = await db.selectFrom('credit_entries').select(['cycle_id', 'seq', 'balance_after']).orderBy('seq').execute();
    const balance = new Map<string, number>();
    for (const e of last) balance.set(e.cycle_id, Number(e.balance_after));
    for (const m of rows) expect(Number(m.credit_points)).toBe(balance.get(m.cycle_id) ?? 12);
    // the credit module's own refresh changes nothing (points, stars, flag), for merchants with and without entries
    const sample = await db
      .selectFrom('merchants')
      .select(['id', 'credit_points', 'credit_stars', 'credit_flag', 'plaques'])
      .where((eb) =>
        eb.or([
          eb('id', 'in', eb.selectFrom('credit_plaques').select('merchant_id')),
          eb('id', 'in', eb.selectFrom('credit_entries').select('merchant_id')),
          eb('id', 'in', eb.selectFrom('tickets').select('merchant_id').where('rating_stars', 'is not', null)),
        ]),
      )
      .limit(150)
      .execute();
    const plain = await db.selectFrom('merchants').select(['id', 'credit_points', 'credit_stars', 'credit_flag', 'plaques']).limit(30).execute();
    expect(sample.length).toBeGreaterThan(100);
    for (const m of [...sample, ...plain]) {
      await refreshMerchantCredit(env.deps, { userId: null, name: 'test', requestId: 't', ip: null, allianceId: '' }, m.id);
      const after = await db
        .selectFrom('merchants')
        .select(['credit_points', 'credit_stars', 'credit_flag', 'plaques'])
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      expect({ id: m.id, ...after }).toEqual({
        id: m.id,
        credit_points: m.credit_points,
        credit_stars: m.credit_stars,
        credit_flag: m.credit_flag,
        plaques: m.plaques,
      });
    }
  }, 30_000);

  it('runs evaluation rounds whose plaques the merchants hold, and takes plaques down after an upheld complaint', async () => {
    const db = env.deps.db;
    const rounds = await db.selectFrom('credit_rounds').selectAll().where('alliance_id', '=', r.alliances[0]!.id).execute();
    // four quarterly 联盟推荐商家 rounds and this year's four, all decided
    expect(rounds.filter((x) => x.plaque_kind === 'recommended')).toHaveLength(4);
    expect(new Set(rounds.map((x) => x.plaque_kind))).toEqual(new Set(['recommended', 'trusted', 'demonstration', 'pioneer', 'party_member']));
    expect(rounds.every((x) => x.status === 'finished' && Number(x.finished_at) > Number(x.created_at) && Number(x.finished_at) < env.clock.now())).toBe(true);
    const candidates = await db.selectFrom('credit_round_candidates').selectAll().where('alliance_id', '=', r.alliances[0]!.id).execute();
    const approved = candidates.filter((c) => c.decision === 'approved');
    expect(approved.length).toBeGreaterThan(20);
    expect(approved.every((c) => Number(c.points) >= 10 && Number(c.upheld_complaints) === 0)).toBe(true);
    // 党员经营户 plaques go to party-member operators only
    const party = await db
      .selectFrom('credit_plaques as p')
      .innerJoin('merchants as m', 'm.id', 'p.merchant_id')
      .select(['m.party_member_operator'])
      .where('p.kind', '=', 'party_member')
      .execute();
    expect(party.length).toBeGreaterThan(0);
    expect(party.every((x) => Number(x.party_member_operator) === 1)).toBe(true);
    // what the rows say is held is what the plaques table holds now (the refresh check above compares per merchant)
    const holders = await db.selectFrom('merchants').select(['plaques']).where('plaques', '!=', '[]').execute();
    expect(holders.length).toBeGreaterThan(30);
    expect(holders.some((h) => (JSON.parse(h.plaques) as string[]).length > 1)).toBe(true);
    const revoked = await db.selectFrom('credit_plaques').selectAll().where('revoked_at', 'is not', null).execute();
    expect(revoked.length).toBeGreaterThan(0);
    for (const p of revoked) {
      const number = /^消费投诉属实（([A-Z][A-Z0-9]*-\d{8}-\d{4})）$/.exec(p.revoke_reason ?? '')?.[1];
      expect(number, p.revoke_reason ?? '').toBeTruthy();
      // the reason names an upheld complaint about that shop, decided after the plaque was granted
      const t = await db
        .selectFrom('tickets')
        .select(['merchant_id', 'complaint_verdict', 'verdict_at'])
        .where('number', '=', number!)
        .executeTakeFirstOrThrow();
      expect(t).toMatchObject({ merchant_id: p.merchant_id, complaint_verdict: 'upheld' });
      expect(Number(t.verdict_at)).toBeGreaterThan(Number(p.granted_at));
      const n = await db.selectFrom('credit_notices').select('id').where('merchant_id', '=', p.merchant_id).where('kind', '=', 'plaque_revoked').execute();
      expect(n.length).toBeGreaterThan(0);
    }
  });

  it("keeps each shop's upheld-complaint summary (what its public page counts) true to its cases", async () => {
    const db = env.deps.db;
    const upheld = await db
      .selectFrom('tickets')
      .select(['merchant_id', 'verdict_at'])
      .where('complaint_verdict', '=', 'upheld')
      .where('merchant_id', 'is not', null)
      .execute();
    expect(upheld.length).toBeGreaterThan(10);
    const times = new Map<string, number[]>();
    for (const t of upheld) times.set(t.merchant_id as string, [...(times.get(t.merchant_id as string) ?? []), Number(t.verdict_at)]);
    const rows = await db.selectFrom('merchants').select(['id', 'upheld_year', 'upheld_count']).execute();
    const wrong = rows.filter((m) => {
      const want = upheldSummary(times.get(m.id) ?? []);
      return Number(m.upheld_year) !== want.year || Number(m.upheld_count) !== want.count;
    });
    expect(wrong).toEqual([]);
    expect(rows.some((m) => Number(m.upheld_count) > 0)).toBe(true);
  });

  it('gives most operating shops a promise, shown with the operator masked on the public page', async () => {
    const db = env.deps.db;
    const rows = await db
      .selectFrom('merchants')
      .select(['id', 'promise', 'public_code', 'operator_name', 'party_member_operator'])
      .where('status', '=', 'operating')
      .execute();
    const promised = rows.filter((m) => m.promise !== null);
    expect(promised.length / rows.length).toBeGreaterThan(0.3);
    const history = await db.selectFrom('credit_promises').select(['merchant_id', 'text']).execute();
    expect(history).toHaveLength(promised.length);
    const text = new Map(history.map((h) => [h.merchant_id, h.text]));
    for (const m of promised) expect(text.get(m.id)).toBe(m.promise);
    const member = promised.find((m) => Number(m.party_member_operator) === 1 && m.operator_name && [...m.operator_name].length > 1)!;
    expect(member.promise).toContain(`中共党员 ${member.operator_name}`);
    const page = await env.app.inject({ method: 'GET', url: `/m/${member.public_code}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('亮身份：中共党员 ');
    expect(page.body).not.toContain(member.operator_name!);
  });

  it('spreads the cases over two years with the volume growing, the latest month the busiest', async () => {
    const DAY = 86_400_000;
    const now = env.clock.now();
    const count = async (from: number, to: number) =>
      Number(
        (
          await env.deps.db
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('created_at', '>=', from)
            .where('created_at', '<', to)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const last = await count(now - 30 * DAY, now);
    const first = await count(now - 730 * DAY, now - 700 * DAY);
    // about 5 % of two years' cases in the last 30 days, against about 3 % in the first 30 (60 % growth)
    expect(last / 10_000).toBeGreaterThan(0.035);
    expect(last / 10_000).toBeLessThan(0.07);
    expect(last).toBeGreaterThan(first * 1.2);
  });

  it('numbers the cases of each day in the order they were reported, gapless from 0001', async () => {
    const rows = await env.deps.db
      .selectFrom('tickets')
      .select(['number', 'created_at'])
      .where('alliance_id', '=', r.alliances[0]!.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const perDay = new Map<string, number>();
    for (const t of rows) {
      const [, day, seq] = /^[A-Z0-9]+-(\d{8})-(\d{4})$/.exec(t.number)!;
      expect(day).toBe(shanghaiDate(Number(t.created_at)).replace(/-/g, ''));
      const expected = (perDay.get(day!) ?? 0) + 1;
      perDay.set(day!, expected);
      expect(Number(seq), t.number).toBe(expected);
    }
    // the day counters continue after them
    const counters = await env.deps.db.selectFrom('ticket_counters').select(['day', 'seq']).where('alliance_id', '=', r.alliances[0]!.id).execute();
    for (const c of counters) expect(Number(c.seq), c.day).toBe(perDay.get(c.day));
  });

  it('gives `tongxin recount` nothing to change: every stored summary is what its sources derive', async () => {
    // a reopened case carries its reopen rounds on its timeline (a count without them was reported by recount)
    const reopened = await env.deps.db.selectFrom('tickets').select('id').where('reopen_count', '>', 0).execute();
    expect(reopened.length).toBeGreaterThan(100);
    // the credit summaries are checked above on a sample: derived for all 2,000 shops they take a minute on a loaded PostgreSQL
    const recounters = RECOUNTERS.filter((x) => !x.name.startsWith('merchants.credit_points'));
    expect(recounters.length).toBe(RECOUNTERS.length - 1);
    for (const a of r.alliances) {
      const found: string[] = [];
      for (const x of recounters) for (const d of await x.check(env.deps, env.deps.db, a.id, env.clock.now())) found.push(`${x.name} ${d.id}`);
      expect(found, a.code).toEqual([]);
    }
  }, 120_000);

  it('passes audit verification', async () => {
    const verdicts = await verifyChains(env.deps.db, env.deps.keys.audit);
    expect(verdicts.length).toBeGreaterThanOrEqual(3);
    for (const v of verdicts) expect(v.ok).toBe(true);
    const imports = await env.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'import.scale%').execute();
    expect(imports).toHaveLength(4);
  });

  it('writes valid credit codes, phones and ID numbers', async () => {
    const db = env.deps.db;
    const ms = await db.selectFrom('merchants').select(['credit_code', 'contact_phone_enc', 'alliance_id']).execute();
    for (const m of ms) {
      expect(isValidCreditCode(m.credit_code), m.credit_code).toBe(true);
      const p = env.deps.cipher.decrypt(m.contact_phone_enc);
      if (p !== null) expect(isValidMobile(p), p).toBe(true);
    }
    const codes = new Set(ms.map((m) => `${m.alliance_id}/${m.credit_code}`));
    expect(codes.size).toBe(ms.length);
    const people = await db.selectFrom('people').select(['phone_enc', 'phone_bidx', 'id_number_enc']).execute();
    expect(people.length).toBeGreaterThan(20);
    for (const p of people) {
      const phone = env.deps.cipher.decrypt(p.phone_enc) as string;
      expect(isValidMobile(phone), phone).toBe(true);
      expect(p.phone_bidx).toBe(env.deps.cipher.blindIndex(phone));
      const idn = env.deps.cipher.decrypt(p.id_number_enc);
      if (idn !== null) expect(isValidResidentId(idn), idn).toBe(true);
    }
  });

  it('is deterministic for a seed', async () => {
    const again = await setupEnv();
    try {
      await seedScale(again.deps, again.handle, { scale: { alliances: 1, merchants: 50, tickets: 200 }, seed: 3 });
      const third = await setupEnv();
      try {
        await seedScale(third.deps, third.handle, { scale: { alliances: 1, merchants: 50, tickets: 200 }, seed: 3 });
        const shape = (e: TestEnv) =>
          e.deps.db.selectFrom('merchants').select(['name', 'credit_code', 'address', 'credit_points', 'credit_stars']).orderBy('credit_code').execute();
        expect(await shape(again)).toEqual(await shape(third));
      } finally {
        await third.close();
      }
    } finally {
      await again.close();
    }
  });
});
