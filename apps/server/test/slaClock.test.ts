import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSlaClockOnce, runSlaRules, SLA_LEASE_MS } from '../src/modules/slaClock/index.ts';
import { insertFixture, insertTicket, startPeer, type Fixture, type Peer } from './cluster.ts';
import { setupEnv, TEST_DB, type TestEnv } from './harness.ts';

const H = 3_600_000;
const D = 24 * H;

describe('SLA clock', () => {
  let env: TestEnv;
  let fx: Fixture;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('SLA');
    fx = await insertFixture(env, A.id);
  });
  afterAll(async () => env?.close());

  const events = async (ticketId: string) =>
    (await env.deps.db.selectFrom('ticket_events').select('action').where('ticket_id', '=', ticketId).orderBy('at').execute()).map((e) => e.action);
  const ticket = (id: string) => env.deps.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('warns, flags overdue, escalates, raises 回访 after 7 days and closes as 未评价 after 15 — each once', async () => {
    const now = env.clock.now();
    const lead = fx.unitIds[0] as string;
    const open = { lead_unit_id: lead, dispatched_at: now - 5 * D, accept_due_at: now - 5 * D + 2 * H, accepted_at: now - 5 * D + H };
    const nearDue = await insertTicket(env, fx, { ...open, status: 'accepted', due_at: now + H });
    const farDue = await insertTicket(env, fx, { ...open, status: 'accepted', dispatched_at: now - H, due_at: now + 8 * D });
    const notAccepted = await insertTicket(env, fx, {
      lead_unit_id: lead,
      status: 'dispatched',
      dispatched_at: now - 3 * H,
      accept_due_at: now - H,
      due_at: now + 9 * D,
    });
    const late = await insertTicket(env, fx, { ...open, status: 'accepted', due_at: now - H });
    // urgent: 2-hour window, 110 minutes left — not warned yet (below 4 h but above half the window)
    const urgent = await insertTicket(env, fx, {
      lead_unit_id: lead,
      status: 'dispatched',
      urgent: 1,
      dispatched_at: now - 10 * 60_000,
      accept_due_at: now + 3 * H,
      due_at: now + 110 * 60_000,
    });
    const resolved8 = await insertTicket(env, fx, { ...open, status: 'resolved', due_at: now - 8 * D + H, resolved_at: now - 8 * D });
    const resolved16 = await insertTicket(env, fx, { ...open, status: 'resolved', due_at: now - 16 * D + H, resolved_at: now - 16 * D });
    const rated16 = await insertTicket(env, fx, {
      ...open,
      status: 'closed',
      due_at: now - 16 * D + H,
      resolved_at: now - 16 * D,
      rating_stars: 5,
      rating_solved: 1,
      rated_at: now - 15 * D,
    });
    const resolved2 = await insertTicket(env, fx, { ...open, status: 'resolved', due_at: now - 2 * D, resolved_at: now - 2 * D });

    const r = await runSlaClockOnce(env.deps, 'p1');
    expect(r).toEqual({ warned: 1, acceptOverdue: 1, overdue: 1, escalated: 1, callbacks: 1, closedUnrated: 1 });
    expect(await events(nearDue)).toEqual(['sla_warning']);
    expect(await events(farDue)).toEqual([]);
    expect(await events(notAccepted)).toEqual(['accept_overdue']);
    expect(await events(late)).toEqual(['overdue', 'escalate']);
    expect(await events(urgent)).toEqual([]);
    expect(await events(resolved8)).toEqual(['callback_due']);
    expect(await events(resolved16)).toEqual(['close_unrated']);
    expect(await events(rated16)).toEqual([]);
    expect(await events(resolved2)).toEqual([]);

    expect(await ticket(late)).toMatchObject({ overdue: 1, escalated: 1, status: 'accepted' });
    const agenda = await env.deps.db.selectFrom('agenda_candidates').selectAll().where('ticket_id', '=', late).execute();
    expect(agenda).toHaveLength(1);
    expect(agenda[0]).toMatchObject({ source: 'overdue', alliance_id: fx.allianceId });
    expect(await ticket(resolved16)).toMatchObject({ status: 'closed', closed_unrated: 1, closed_at: now, rating_stars: null });
    expect(await ticket(resolved8)).toMatchObject({ status: 'resolved', callback_due: 1 });
    const topics = (await env.deps.db.selectFrom('outbox').select('topic').where('alliance_id', '=', fx.allianceId).execute()).map((o) => o.topic).sort();
    expect(topics).toEqual(
      ['ticket.accept_overdue', 'ticket.callback_due', 'ticket.close_unrated', 'ticket.escalate', 'ticket.overdue', 'ticket.sla_warning'].sort(),
    );
    const audited = await env.deps.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'ticket').orderBy('seq').execute();
    expect(audited).toEqual([
      { action: 'ticket.escalate', entity_id: late },
      { action: 'ticket.close_unrated', entity_id: resolved16 },
    ]);

    // the same holder renews its lease; another holder is refused while it lasts
    expect(await runSlaClockOnce(env.deps, 'p2')).toEqual({ warned: 0, acceptOverdue: 0, overdue: 0, escalated: 0, callbacks: 0, closedUnrated: 0 });
    expect(await runSlaClockOnce(env.deps, 'p1')).toEqual({ warned: 0, acceptOverdue: 0, overdue: 0, escalated: 0, callbacks: 0, closedUnrated: 0 });

    // an hour later: the urgent case is close to breach; the first warned one turns overdue
    env.clock.advance(H + 1);
    const r2 = await runSlaClockOnce(env.deps, 'p2');
    expect(r2).toMatchObject({ warned: 1, overdue: 1, escalated: 1 });
    expect(await events(urgent)).toEqual(['sla_warning']);
    expect(await events(nearDue)).toEqual(['sla_warning', 'overdue', 'escalate']);
    // the ticket resolved 2 days ago: 回访 after 7 days, 未评价 after 15, never twice
    env.clock.advance(5 * D + H);
    await runSlaClockOnce(env.deps, 'p1');
    expect(await events(resolved2)).toEqual(['callback_due']);
    env.clock.advance(8 * D);
    await runSlaClockOnce(env.deps, 'p2');
    await runSlaClockOnce(env.deps, 'p2');
    expect(await events(resolved2)).toEqual(['callback_due', 'close_unrated']);
  });

  it('a late case whose earlier item still waits for a meeting is not put on the agenda again, nor counted as escalated', async () => {
    const now = env.clock.now();
    const lead = fx.unitIds[0] as string;
    // reopened after an earlier 吹哨 (escalated was cleared), that item not yet taken up by a meeting
    const late = await insertTicket(env, fx, { lead_unit_id: lead, status: 'accepted', dispatched_at: now - 5 * D, accepted_at: now - 5 * D, due_at: now - H });
    await env.deps.db
      .insertInto('agenda_candidates')
      .values({
        id: `ag-${late}`,
        alliance_id: fx.allianceId,
        ticket_id: late,
        reason: '首次吹哨',
        source: 'manual',
        meeting_id: null,
        created_by: null,
        created_at: now - D,
      })
      .execute();
    const r = await runSlaRules(env.deps);
    expect(r).toMatchObject({ overdue: 1, escalated: 0 });
    expect(await events(late)).toEqual(['overdue']);
    expect(await env.deps.db.selectFrom('agenda_candidates').select('id').where('ticket_id', '=', late).execute()).toHaveLength(1);
    // marked, so the next ticks do not try again every minute
    expect(await ticket(late)).toMatchObject({ escalated: 1 });
    expect((await runSlaRules(env.deps)).escalated).toBe(0);
  });

  it('rules raced directly (no lease) still fire each event once', async () => {
    const now = env.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push(
        await insertTicket(env, fx, {
          lead_unit_id: fx.unitIds[1] as string,
          status: 'accepted',
          dispatched_at: now - 2 * D,
          accept_due_at: now - D,
          accepted_at: now - D - H,
          due_at: now - H,
        }),
      );
    const both = await Promise.all([runSlaRules(env.deps), runSlaRules(env.deps)]);
    expect(both[0].overdue + both[1].overdue).toBe(10);
    expect(both[0].escalated + both[1].escalated).toBe(10);
    for (const id of ids) expect(await events(id)).toEqual(['overdue', 'escalate']);
  });
});

describe.runIf(TEST_DB === 'postgres')('SLA clock, two server processes on one PostgreSQL', () => {
  let env: TestEnv;
  let peer: Peer;
  let fx: Fixture;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('SLB');
    fx = await insertFixture(env, A.id);
    peer = await startPeer(env);
  });
  afterAll(async () => {
    await peer?.close();
    await env?.close();
  });

  it('both run the clock every tick; no event fires twice, no double escalation', async () => {
    const now = env.clock.now();
    const ids: string[] = [];
    // 60 open tickets falling due over the next 30 hours, 30 resolved ones reaching 7 and 15 days over the rounds
    for (let i = 0; i < 60; i++) {
      ids.push(
        await insertTicket(env, fx, {
          lead_unit_id: fx.unitIds[i % 2] as string,
          status: i % 3 === 0 ? 'dispatched' : 'accepted',
          dispatched_at: now - 2 * D,
          accept_due_at: now + (i - 30) * H,
          accepted_at: i % 3 === 0 ? null : now - 2 * D + H,
          due_at: now + i * 30 * 60_000,
        }),
      );
    }
    const resolved: string[] = [];
    for (let i = 0; i < 30; i++)
      resolved.push(
        await insertTicket(env, fx, {
          lead_unit_id: fx.unitIds[0] as string,
          status: 'resolved',
          dispatched_at: now - 20 * D,
          due_at: now - 10 * D,
          resolved_at: now - 14 * D + i * H,
        }),
      );

    const totals = { warned: 0, acceptOverdue: 0, overdue: 0, escalated: 0, callbacks: 0, closedUnrated: 0 };
    let bothWon = 0;
    for (let round = 0; round < 25; round++) {
      // the lease has run out: both processes race for it, and for each ticket
      env.clock.advance(SLA_LEASE_MS + 3 * H);
      const rs = await Promise.all([
        runSlaClockOnce(env.deps, 'proc-a'),
        runSlaClockOnce(peer.deps, 'proc-b'),
        runSlaClockOnce(env.deps, 'proc-a'),
        runSlaClockOnce(peer.deps, 'proc-b'),
      ]);
      // the lease goes to one holder per round (a holder may overlap with itself: its passes share the work)
      const worked = rs.map((x) => Object.values(x).some((v) => v > 0));
      if ((worked[0] || worked[2]) && (worked[1] || worked[3])) bothWon++;
      for (const x of rs) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += x[k];
    }
    expect(totals.overdue).toBe(60);
    expect(totals.escalated).toBe(60);
    expect(totals.closedUnrated).toBe(30);
    const cbEvents = await env.deps.db
      .selectFrom('ticket_events')
      .select('ticket_id')
      .where('action', '=', 'callback_due')
      .where('alliance_id', '=', fx.allianceId)
      .execute();
    expect(totals.callbacks).toBe(cbEvents.length);
    expect(cbEvents.length).toBe(30);

    const rows = await env.deps.db
      .selectFrom('ticket_events')
      .select(['ticket_id', 'action'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alliance_id', '=', fx.allianceId)
      .groupBy(['ticket_id', 'action'])
      .execute();
    expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
    for (const id of ids) {
      const acts = rows.filter((r) => r.ticket_id === id).map((r) => r.action);
      expect(acts).toContain('overdue');
      expect(acts).toContain('escalate');
    }
    for (const id of resolved) expect(rows.filter((r) => r.ticket_id === id && r.action === 'close_unrated')).toHaveLength(1);
    const agenda = await env.deps.db
      .selectFrom('agenda_candidates')
      .select('ticket_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alliance_id', '=', fx.allianceId)
      .groupBy('ticket_id')
      .execute();
    expect(agenda).toHaveLength(60);
    expect(agenda.every((a) => Number(a.n) === 1)).toBe(true);
    const outbox = await env.deps.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('alliance_id', '=', fx.allianceId)
      .executeTakeFirstOrThrow();
    const evCount = rows.reduce((s, r) => s + Number(r.n), 0);
    expect(Number(outbox.n)).toBe(evCount);
    expect(bothWon).toBe(0);
    // the audit chain stayed intact under the race
    const { verifyChain, chainOf } = await import('../src/modules/audit/index.ts');
    expect((await verifyChain(env.deps.db, env.deps.keys.audit, chainOf(fx.allianceId))).ok).toBe(true);
  }, 120_000);
});
