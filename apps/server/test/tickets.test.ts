import ExcelJS from 'exceljs';
import { TICKET_RULES, TICKET_STATUSES, gcj02ToWgs84, type TicketStatus } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HTTP_ACTIONS,
  createPublicTicket,
  rateByTrackingToken,
  systemTransition,
  ticketByTrackingToken,
  type HttpAction,
} from '../src/modules/tickets/index.ts';
import { invalidateWorkCalendar } from '../src/modules/calendar/index.ts';
import { runSlaRules } from '../src/modules/slaClock/index.ts';
import { countRows, insertPhoto, setupEnv, type Client, type TestEnv } from './harness.ts';

type Alli = { id: string; roles: Record<string, string> };
const DAY = 86_400_000;

describe('tickets: the closed loop', () => {
  let env: TestEnv;
  let A: Alli;
  let B: Alli;
  let admin: Client;
  let leader: Client;
  let merchant: Client & { userId: string };
  let h1: Client;
  let h2: Client;
  let h3: Client;
  let officer: Client;
  let adminB: Client;
  let U1: string;
  let U2: string;
  let U3: string;
  let G1: string;
  let G1a: string;
  let G2: string;
  let cat: Record<string, string>;
  let catB: string;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('TKA');
    B = await env.alliance('TKB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    leader = await env.member(A.id, A.roles['领导（只读）'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    U1 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '市场监管所' })).id;
    U2 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id;
    U3 = (await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '物业公司' })).id;
    G1 = (await admin.ok('POST', '/api/v1/grids', { name: '荷花社区' })).id;
    G1a = (await admin.ok('POST', '/api/v1/grids', { name: '一网格', parentId: G1 })).id;
    G2 = (await admin.ok('POST', '/api/v1/grids', { name: '二社区' })).id;
    const handlerRole = A.roles['成员单位经办人'] as string;
    const gridRole = A.roles['网格员'] as string;
    h1 = await env.member(A.id, handlerRole, { unitId: U1 });
    h2 = await env.member(A.id, handlerRole, { unitId: U2 });
    h3 = await env.member(A.id, handlerRole, { unitId: U3 });
    officer = await env.member(A.id, gridRole, { scopeGridId: G1 });
    merchant = await env.member(A.id, A.roles['商户'] as string);
    const cats = await admin.ok('GET', '/api/v1/categories?pageSize=100');
    cat = Object.fromEntries(cats.items.map((c: { code: string; id: string }) => [c.code, c.id]));
    catB = (await adminB.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  });
  afterAll(async () => env?.close());

  const report = (by: Client = merchant, extra: Record<string, unknown> = {}) =>
    by.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '商铺门口垃圾堆放', gridId: G1a, ...extra }, 201);
  const act = (c: Client, id: string, action: string, body: unknown = {}) => c.post(`/api/v1/tickets/${id}/actions/${action}`, body);
  const must = async (c: Client, id: string, action: string, body: unknown = {}) => {
    const r = await act(c, id, action, body);
    if (r.statusCode !== 200) throw new Error(`${action} → ${r.statusCode} ${r.body}`);
    return r.json();
  };
  /** Moves the clock; sessions would expire after 30 idle minutes, so they are kept fresh. */
  const travel = async (ms: number) => {
    env.clock.advance(ms);
    await env.deps.db.updateTable('sessions').set({ last_seen_at: env.clock.now() }).execute();
  };
  const written = async () =>
    Promise.all([
      countRows(env, 'ticket_events'),
      countRows(env, 'audit_log'),
      countRows(env, 'outbox'),
      countRows(env, 'agenda_candidates'),
      countRows(env, 'ticket_extensions'),
    ]);

  /** A new ticket driven to the given status along the legal path. */
  async function ticketIn(status: TicketStatus): Promise<string> {
    const t = await report();
    const id = t.id as string;
    if (status === 'submitted') return id;
    if (status === 'cancelled') return (await must(merchant, id, 'cancel', { reason: '已自行解决' })).id;
    if (status === 'merged') {
      const target = await report();
      return (await must(admin, id, 'merge', { targetId: target.id })).id;
    }
    await must(admin, id, 'dispatch', { leadUnitId: U1 });
    if (status === 'dispatched') return id;
    await must(h1, id, 'accept');
    if (status === 'accepted') return id;
    await must(h1, id, 'resolve', { feedback: '已清理' });
    if (status === 'resolved') return id;
    await must(merchant, id, 'rate', { stars: 5, solved: true });
    return id;
  }

  /** A valid body for each action (the merge target is an open ticket). */
  async function bodyFor(action: HttpAction): Promise<unknown> {
    switch (action) {
      case 'dispatch':
        return { leadUnitId: U1 };
      case 'return':
      case 'escalate':
      case 'cancel':
        return { reason: '原因' };
      case 'resolve':
        return { feedback: '已处理' };
      case 'rate':
      case 'callback':
        return { stars: 5, solved: true };
      case 'merge':
        return { targetId: (await report()).id };
      case 'request_extension':
        return { until: env.clock.now() + 60 * DAY, reason: '需协调' };
      case 'decide_extension':
        return { approve: true };
      case 'comment':
        return { note: '备注' };
      default:
        return {};
    }
  }

  it('sets or corrects the grid at dispatch: its grid officer then sees the case; an unknown grid is 400 and writes nothing', async () => {
    const t = await report(merchant, { gridId: undefined });
    expect(t.gridId).toBeNull();
    expect((await officer.get(`/api/v1/tickets/${t.id}`)).statusCode).toBe(404);
    const bad = await act(admin, t.id, 'dispatch', { leadUnitId: U1, gridId: G2.replace(/.$/, (c) => (c === '0' ? '1' : '0')) });
    expect([bad.statusCode, bad.json().error.details[0].path]).toEqual([400, 'gridId']);
    expect((await admin.ok('GET', `/api/v1/tickets/${t.id}`)).status).toBe('submitted');
    const foreign = await act(admin, t.id, 'dispatch', { leadUnitId: U1, gridId: (await adminB.ok('POST', '/api/v1/grids', { name: '别的联盟社区' })).id });
    expect(foreign.statusCode).toBe(400);
    const d = await must(admin, t.id, 'dispatch', { leadUnitId: U1, gridId: G1a });
    expect(d).toMatchObject({ gridId: G1a, status: 'dispatched' });
    expect(d.timeline.at(-1).data).toMatchObject({ gridId: G1a, previousGridId: null });
    expect((await officer.ok('GET', `/api/v1/tickets/${t.id}`)).gridId).toBe(G1a);
  });

  it('creates a ticket with a number, timeline, audit, outbox and masked personal data', async () => {
    const t = await report(merchant, { description: '门口占道，老板电话13812345678，身份证330782199001011234', reporterPhone: '13912345678' });
    expect(t).toMatchObject({ status: 'submitted', kind: 'report', categoryName: '市容环境', gridId: G1a, gridName: '一网格', reporterPhone: '139****5678' });
    expect(t.number).toMatch(/^TKA-\d{8}-\d{4}$/);
    // the reporter reads what they typed
    expect(t.description).toContain('13812345678');
    expect(t.timeline.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(t.allowedActions).toEqual(['cancel', 'comment']);
    // anyone else reads it masked
    for (const c of [admin, leader]) {
      const d = await c.ok('GET', `/api/v1/tickets/${t.id}`);
      expect(d.description).toContain('138****5678');
      expect(d.description).toContain('330782********1234');
      expect(JSON.stringify(d)).not.toContain('13812345678');
      expect(JSON.stringify(d)).not.toContain('13912345678');
      const list = await c.ok('GET', `/api/v1/tickets?q=${encodeURIComponent(t.number)}`);
      expect(list.total).toBe(1);
      expect(JSON.stringify(list)).not.toContain('13812345678');
    }
    expect((await admin.ok('GET', `/api/v1/tickets/${t.id}`)).allowedActions).toEqual(['dispatch', 'cancel', 'merge', 'comment']);
    const raw = await env.deps.db.selectFrom('tickets').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(raw.reporter_phone_enc).not.toContain('13912345678');
    expect(raw.reporter_phone_bidx).toBe(env.deps.cipher.blindIndex('13912345678'));
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', t.id).execute();
    expect(audit.map((x) => x.action)).toEqual(['ticket.create']);
    expect(JSON.stringify(audit)).not.toContain('13812345678');
    expect(JSON.stringify(audit)).not.toContain('13912345678');
    const ob = await env.deps.db.selectFrom('outbox').selectAll().where('topic', '=', 'ticket.created').execute();
    expect(ob.map((o) => JSON.parse(o.payload))).toContainEqual({ ticketId: t.id, number: t.number, allianceId: A.id, eventId: t.timeline[0].id });
    // phone numbers never enter the search index
    const search = await env.deps.db.selectFrom('ticket_search').select('tokens').where('ticket_id', '=', t.id).execute();
    expect(search).toHaveLength(1);
    expect(JSON.stringify(search)).not.toContain('13812345678');
  });

  it('numbers tickets per alliance and Shanghai day, with at least four digits and growing', async () => {
    const C = await env.alliance('NUM');
    const adminC = await env.member(C.id, C.roles['联盟管理员'] as string);
    const catC = (await adminC.ok('GET', '/api/v1/categories')).items[0].id;
    const mk = async () => (await adminC.ok('POST', '/api/v1/tickets', { kind: 'need', categoryId: catC, description: '需求' }, 201)).number as string;
    // 2026-11-20 10:00 in Shanghai
    expect(env.clock.now()).toBeLessThan(Date.UTC(2026, 10, 20, 16));
    const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    const d0 = day(env.clock.now());
    expect([await mk(), await mk(), await mk()]).toEqual([`NUM-${d0}-0001`, `NUM-${d0}-0002`, `NUM-${d0}-0003`]);
    // another alliance counts on its own
    const other = await report();
    expect(other.number).not.toMatch(/^NUM-/);
    await env.deps.db.updateTable('ticket_counters').set({ seq: 9998 }).where('alliance_id', '=', C.id).execute();
    expect(await mk()).toBe(`NUM-${d0}-9999`);
    expect(await mk()).toBe(`NUM-${d0}-10000`);
    // past midnight in Shanghai (16:00 UTC) the count starts over
    const save = env.clock.now();
    try {
      await travel(Date.UTC(2026, 10, 20, 16, 0, 1) - save);
      expect(await mk()).toBe(`NUM-${day(env.clock.now())}-0001`);
      expect(day(env.clock.now())).not.toBe(d0);
    } finally {
      await travel(save - env.clock.now());
    }
  });

  it('runs every legal transition with its party, writing one event, one audit record and one outbox row', async () => {
    const party: Record<HttpAction, Client> = {
      dispatch: admin,
      accept: h1,
      return: h1,
      resolve: h1,
      rate: merchant,
      callback: admin,
      escalate: admin,
      cancel: merchant,
      merge: admin,
      request_extension: h1,
      decide_extension: admin,
      urge: admin,
      comment: merchant,
    };
    for (const action of HTTP_ACTIONS) {
      const rule = TICKET_RULES[action];
      for (const from of rule.from) {
        const id = await ticketIn(from);
        if (action === 'decide_extension') await must(h1, id, 'request_extension', { until: env.clock.now() + 60 * DAY, reason: '需协调' });
        const body = await bodyFor(action);
        const before = await written();
        const t = await must(party[action], id, action, body);
        const expected = rule.to === 'same' ? from : rule.to === 'by_rating' ? 'closed' : rule.to;
        expect(t.status, `${action} from ${from}`).toBe(expected);
        const after = await written();
        expect(after[0] - before[0], `${action} events`).toBe(action === 'merge' ? 2 : 1);
        expect(after[1] - before[1], `${action} audit`).toBe(1);
        expect(after[2] - before[2], `${action} outbox`).toBe(1);
        const last = t.timeline[t.timeline.length - 1];
        expect(last).toMatchObject({ action, fromStatus: from, toStatus: expected });
        const ob = await env.deps.db
          .selectFrom('outbox')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .where('topic', '=', `ticket.${action}`)
          .execute();
        expect(ob.some((o) => JSON.parse(o.payload).ticketId === id)).toBe(true);
      }
    }
  });

  it('refuses every illegal transition with 409 ILLEGAL_TRANSITION and writes nothing', async () => {
    const byStatus = new Map<TicketStatus, string>();
    for (const s of TICKET_STATUSES) byStatus.set(s, await ticketIn(s));
    let checked = 0;
    for (const status of TICKET_STATUSES) {
      const id = byStatus.get(status) as string;
      for (const action of HTTP_ACTIONS) {
        if (TICKET_RULES[action].from.includes(status) && action !== 'decide_extension') continue;
        const body = await bodyFor(action);
        const rowBefore = await env.deps.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const before = await written();
        const r = await act(admin, id, action, body);
        expect(r.statusCode, `${action} in ${status}: ${r.body}`).toBe(409);
        expect(r.json().error.code).toBe('ILLEGAL_TRANSITION');
        expect(r.json().error.details).toMatchObject({ status, action });
        expect(await written()).toEqual(before);
        expect(await env.deps.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(rowBefore);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('answers 403 to a party that may not take the action', async () => {
    const sub = await ticketIn('submitted');
    expect((await act(merchant, sub, 'dispatch', { leadUnitId: U1 })).statusCode).toBe(403);
    expect((await act(leader, sub, 'cancel', { reason: 'x' })).statusCode).toBe(403);
    const dis = await ticketIn('dispatched');
    await must(admin, dis, 'dispatch', { leadUnitId: U1 }).catch(() => undefined);
    expect((await act(leader, dis, 'accept')).statusCode).toBe(403);
    // accepting is the lead unit's act (its 响应率): committee staff neither see the button nor may post it
    const staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    expect((await staff.ok('GET', `/api/v1/tickets/${dis}`)).allowedActions).not.toContain('accept');
    for (const c of [staff, admin]) expect((await act(c, dis, 'accept')).statusCode).toBe(403);
    expect((await admin.ok('GET', `/api/v1/tickets/${dis}`)).status).toBe('dispatched');
    expect((await must(h1, dis, 'accept')).status).toBe('accepted');
    // the admin holds every permission but leads no unit
    expect((await act(admin, dis, 'return', { reason: 'x' })).statusCode).toBe(403);
    const acc = await ticketIn('accepted');
    await must(admin, acc, 'urge', { level: 'supervise', note: '请加快' });
    expect((await act(merchant, acc, 'resolve', { feedback: 'x' })).statusCode).toBe(403);
    expect((await act(h1, acc, 'urge')).statusCode).toBe(403);
    const res = await ticketIn('resolved');
    expect((await act(admin, res, 'rate', { stars: 5, solved: true })).statusCode).toBe(403);
    expect((await act(h1, res, 'rate', { stars: 5, solved: true })).statusCode).toBe(403);
    // an assisting unit sees the ticket but does not lead it
    const t = await report();
    await must(admin, t.id, 'dispatch', { leadUnitId: U1, assistUnitIds: [U2] });
    const seen = await h2.ok('GET', `/api/v1/tickets/${t.id}`);
    expect(seen.allowedActions).toEqual([]);
    expect((await act(h2, t.id, 'accept')).statusCode).toBe(403);
    // a unit the ticket was never sent to cannot even see it
    expect((await act(h3, t.id, 'accept')).statusCode).toBe(404);
  });

  it('dispatches with SLA deadlines, assisting units and the allowed actions of each party', async () => {
    const t = await report(merchant, { categoryId: cat.SRHJ, urgent: false });
    const d = await must(admin, t.id, 'dispatch', { leadUnitId: U1, assistUnitIds: [U2, U2, U1], note: '请尽快处理' });
    const now = env.clock.now();
    expect(d).toMatchObject({
      status: 'dispatched',
      leadUnitId: U1,
      leadUnitName: '市场监管所',
      assistUnitIds: [U2],
      assistUnitNames: ['城管中队'],
      dispatchedAt: now,
    });
    expect(d.acceptDueAt).toBe(now + 4 * 3_600_000);
    // 7 working days, ends 23:59:59.999 Shanghai
    expect(d.dueAt).toBeGreaterThan(now + 7 * DAY);
    expect((d.dueAt + 1 + 8 * 3_600_000) % DAY).toBe(0);
    expect(typeof d.dueBeyondCalendar).toBe('boolean');
    expect((await h1.ok('GET', `/api/v1/tickets/${t.id}`)).allowedActions).toEqual(['accept', 'return', 'escalate', 'comment']);
    const u = await must(admin, (await report(merchant, { urgent: true })).id, 'dispatch', { leadUnitId: U1 });
    expect(u.dueAt).toBe(env.clock.now() + 24 * 3_600_000);
    const manual = env.clock.now() + 3 * DAY;
    expect((await must(admin, (await report()).id, 'dispatch', { leadUnitId: U1, dueAt: manual })).dueAt).toBe(manual);
    // bad references name their field
    const s = (await report()).id;
    for (const [body, field] of [
      [{ leadUnitId: 'nope' }, 'leadUnitId'],
      [{ leadUnitId: U1, assistUnitIds: ['nope'] }, 'assistUnitIds.0'],
      [{ leadUnitId: U1, responsiblePersonId: 'nope' }, 'responsiblePersonId'],
      [{ leadUnitId: U1, dueAt: env.clock.now() - 1 }, 'dueAt'],
      [{}, 'leadUnitId'],
    ] as const) {
      const r = await act(admin, s, 'dispatch', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((x: { path: string }) => x.path)).toContain(field);
    }
    // a unit of another alliance is unknown here
    const unitB = (await adminB.ok('POST', '/api/v1/units', { kind: 'regulator', name: '外盟单位' })).id;
    expect((await act(admin, s, 'dispatch', { leadUnitId: unitB })).statusCode).toBe(400);
  });

  it('returns a ticket to the committee with the reason, clearing lead unit and deadlines', async () => {
    const id = await ticketIn('accepted');
    const r = await must(h1, id, 'return', { reason: '不属于本单位职责' });
    expect(r).toMatchObject({ status: 'submitted', leadUnitId: null, dueAt: null, acceptDueAt: null, assistUnitIds: [] });
    expect(r.timeline.at(-1)).toMatchObject({ action: 'return', note: '不属于本单位职责', fromStatus: 'accepted', toStatus: 'submitted' });
    // no longer the unit's
    expect((await h1.get(`/api/v1/tickets/${id}`)).statusCode).toBe(404);
    expect((await act(h1, id, 'return', { reason: 'x' })).statusCode).toBe(404);
  });

  it('reopens on a low rating or an unsolved problem with a new deadline, and closes on a good one', async () => {
    const id = await ticketIn('resolved');
    const before = await admin.ok('GET', `/api/v1/tickets/${id}`);
    await travel(3 * DAY);
    const low = await must(merchant, id, 'rate', { stars: 2, solved: true, comment: '没解决好' });
    expect(low).toMatchObject({ status: 'accepted', rating: { stars: 2, solved: true, comment: '没解决好', byCallback: false }, resolvedAt: null });
    expect(low.dueAt).toBeGreaterThan(before.dueAt);
    expect(low.timeline.at(-1)).toMatchObject({
      action: 'rate',
      fromStatus: 'resolved',
      toStatus: 'accepted',
      data: { stars: 2, reopened: true, reopenCount: 1 },
    });
    await must(h1, id, 'resolve', { feedback: '再次处理' });
    const unsolved = await must(merchant, id, 'rate', { stars: 5, solved: false });
    expect(unsolved.status).toBe('accepted');
    await must(h1, id, 'resolve', { feedback: '第三次' });
    const good = await must(merchant, id, 'rate', { stars: 4, solved: true });
    expect(good).toMatchObject({ status: 'closed', rating: { stars: 4, solved: true } });
    expect(good.closedAt).toBe(env.clock.now());
    const raw = await env.deps.db.selectFrom('tickets').select(['reopen_count']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(Number(raw.reopen_count)).toBe(2);
    // every rating stays in the timeline
    expect(good.timeline.filter((e: { action: string }) => e.action === 'rate').map((e: { data: { stars: number } }) => e.data.stars)).toEqual([2, 5, 4]);
    expect((await act(merchant, id, 'rate', { stars: 7, solved: true })).statusCode).toBe(400);
  });

  it('asks again for a rating after a reopened case is resolved: 回访 after 7 days, 未评价 after 15', async () => {
    const id = await ticketIn('resolved');
    await must(merchant, id, 'rate', { stars: 2, solved: false, comment: '还是堆着' });
    const again = await must(h1, id, 'resolve', { feedback: '已彻底清运' });
    // the low rating judged the first resolution; it stays on the timeline but does not stand for the second one
    expect(again).toMatchObject({ status: 'resolved', rating: null });
    expect(again.allowedActions).not.toContain('rate');
    expect(again.timeline.filter((e: { action: string }) => e.action === 'rate').map((e: { data: { stars: number } }) => e.data.stars)).toEqual([2]);
    expect((await merchant.ok('GET', `/api/v1/tickets/${id}`)).allowedActions).toContain('rate');
    const events = async () =>
      (await env.deps.db.selectFrom('ticket_events').select('action').where('ticket_id', '=', id).orderBy('at').orderBy('id').execute()).map((e) => e.action);
    await travel(8 * DAY);
    await runSlaRules(env.deps);
    expect((await events()).filter((a) => a === 'callback_due')).toHaveLength(1);
    await travel(8 * DAY);
    await runSlaRules(env.deps);
    const closed = await admin.ok('GET', `/api/v1/tickets/${id}`);
    expect(closed).toMatchObject({ status: 'closed', rating: null });
    expect((await events()).at(-1)).toBe('close_unrated');
  });

  it('starts 吹哨 afresh for the unit a returned case is dispatched to', async () => {
    const id = await ticketIn('dispatched');
    const first = await must(admin, id, 'escalate', { reason: '多次投诉未处理' });
    expect(first.allowedActions).not.toContain('escalate');
    await must(h1, id, 'return', { reason: '不属于本单位职责' });
    // the joint meeting took up the first item
    await env.deps.db.updateTable('agenda_candidates').set({ meeting_id: 'meeting-1' }).where('ticket_id', '=', id).execute();
    const redispatched = await must(admin, id, 'dispatch', { leadUnitId: U2 });
    expect(redispatched.allowedActions).toContain('escalate');
    // the second unit lets its deadline pass: the clock escalates the case again, onto a new item
    await travel(30 * DAY);
    const r = await runSlaRules(env.deps);
    expect(r.escalated).toBeGreaterThanOrEqual(1);
    const items = await env.deps.db
      .selectFrom('agenda_candidates')
      .select(['source', 'meeting_id'])
      .where('ticket_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(items).toEqual([
      { source: 'manual', meeting_id: 'meeting-1' },
      { source: 'overdue', meeting_id: null },
    ]);
  });

  it('lists 吹哨 items for the joint meeting: in scope, filtered, reasons masked, none of another alliance', async () => {
    const id = await ticketIn('accepted');
    const number = (await admin.ok('GET', `/api/v1/tickets/${id}`)).number as string;
    await must(admin, id, 'escalate', { reason: '商户反映多次无果，联系人13812345678' });
    const list = await admin.ok('GET', `/api/v1/agenda-items?q=${encodeURIComponent(number)}`);
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      ticketId: id,
      ticketNumber: number,
      ticketStatus: 'accepted',
      leadUnitName: '市场监管所',
      source: 'manual',
      state: 'waiting',
    });
    expect(list.items[0].reason).toContain('138****5678');
    expect(JSON.stringify(list)).not.toContain('13812345678');
    expect((await admin.ok('GET', `/api/v1/agenda-items?state=taken&q=${encodeURIComponent(number)}`)).total).toBe(0);
    await env.deps.db.updateTable('agenda_candidates').set({ meeting_id: 'meeting-7' }).where('ticket_id', '=', id).execute();
    expect((await admin.ok('GET', `/api/v1/agenda-items?state=taken&q=${encodeURIComponent(number)}`)).items[0]).toMatchObject({ state: 'taken' });
    // the lead unit sees its case's item; another unit and another alliance do not
    expect((await h1.ok('GET', `/api/v1/agenda-items?q=${encodeURIComponent(number)}`)).total).toBe(1);
    expect((await h2.ok('GET', `/api/v1/agenda-items?q=${encodeURIComponent(number)}`)).total).toBe(0);
    expect((await adminB.ok('GET', '/api/v1/agenda-items')).items.map((x: { ticketId: string }) => x.ticketId)).not.toContain(id);
    const bad = await admin.get('/api/v1/agenda-items?state=later');
    expect(bad.statusCode).toBe(400);
  });

  it('records a 回访 rating on the reporter’s behalf', async () => {
    const id = await ticketIn('resolved');
    const cb = await must(admin, id, 'callback', { stars: 3, solved: true, note: '电话回访' });
    expect(cb).toMatchObject({ status: 'closed', rating: { stars: 3, solved: true, byCallback: true } });
    expect(cb.timeline.at(-1)).toMatchObject({ action: 'callback', note: '电话回访' });
    const id2 = await ticketIn('resolved');
    expect((await must(admin, id2, 'callback', { stars: 1, solved: false })).status).toBe('accepted');
  });

  it('cancels and merges into terminal states; merge needs another open ticket of the alliance', async () => {
    const c = await ticketIn('cancelled');
    const cd = await merchant.ok('GET', `/api/v1/tickets/${c}`);
    expect(cd).toMatchObject({ status: 'cancelled', allowedActions: [] });
    const src = (await report()).id;
    const target = (await report()).id;
    const closed = await ticketIn('closed');
    const other = (await adminB.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: catB, description: '外盟' }, 201)).id;
    for (const targetId of [src, closed, other, c, 'nope']) {
      const r = await act(admin, src, 'merge', { targetId });
      expect(r.statusCode, targetId).toBe(400);
      expect(r.json().error.details[0].path).toBe('targetId');
    }
    // a complaint (its verdict, its credit consequences) merges with complaints only
    const complaint = (await report(merchant, { kind: 'complaint' })).id;
    for (const [from, into] of [
      [src, complaint],
      [complaint, target],
    ] as const) {
      const r = await act(admin, from, 'merge', { targetId: into });
      expect([r.statusCode, r.json().error.details[0].code]).toEqual([400, 'complaint_mismatch']);
    }
    const m = await must(admin, src, 'merge', { targetId: target, note: '重复' });
    expect(m).toMatchObject({ status: 'merged', mergedIntoId: target, allowedActions: [] });
    const td = await admin.ok('GET', `/api/v1/tickets/${target}`);
    expect(td.timeline.at(-1)).toMatchObject({ action: 'merged_in', data: { ticketId: src } });
  });

  it('asks for an extension, which the committee approves or rejects', async () => {
    const id = await ticketIn('accepted');
    const t0 = await h1.ok('GET', `/api/v1/tickets/${id}`);
    expect(t0.allowedActions).toContain('request_extension');
    const early = await act(h1, id, 'request_extension', { until: t0.dueAt - 1, reason: '太早' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0].path).toBe('until');
    const until = t0.dueAt + 5 * DAY;
    const pendingIds = async () =>
      (await admin.ok('GET', '/api/v1/tickets?pageSize=200&extensionPending=true')).items.map((x: { id: string }) => x.id) as string[];
    expect(await pendingIds()).not.toContain(id);
    const p = await must(h1, id, 'request_extension', { until, reason: '需要采购配件' });
    expect(p.extensionPending).toBe(true);
    // the committee's queue of requests waiting for a decision (H5 督办 · 延期待审)
    expect(await pendingIds()).toContain(id);
    expect((await admin.ok('GET', '/api/v1/tickets?pageSize=200&extensionPending=false')).items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect(p.allowedActions).not.toContain('request_extension');
    const again = await act(h1, id, 'request_extension', { until: until + DAY, reason: '再延' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await act(h1, id, 'decide_extension', { approve: true })).statusCode).toBe(403);
    expect((await admin.ok('GET', `/api/v1/tickets/${id}`)).allowedActions).toContain('decide_extension');
    const ok = await must(admin, id, 'decide_extension', { approve: true, note: '同意' });
    expect(ok).toMatchObject({ extensionPending: false, dueAt: until });
    expect(await pendingIds()).not.toContain(id);
    await must(h1, id, 'request_extension', { until: until + 3 * DAY, reason: '还要再延' });
    const no = await must(admin, id, 'decide_extension', { approve: false, note: '不同意' });
    expect(no).toMatchObject({ extensionPending: false, dueAt: until });
    const exts = await env.deps.db.selectFrom('ticket_extensions').select('status').where('ticket_id', '=', id).orderBy('created_at').orderBy('id').execute();
    expect(exts.map((e) => e.status).sort()).toEqual(['approved', 'rejected']);
    expect((await act(admin, id, 'decide_extension', { approve: true })).statusCode).toBe(409);
  });

  it('escalates onto the joint-meeting agenda, and urges with a notification', async () => {
    const id = await ticketIn('accepted');
    const e = await must(h1, id, 'escalate', { reason: '需多部门协调' });
    expect(e).toMatchObject({ status: 'accepted', escalated: true });
    const ag = await env.deps.db.selectFrom('agenda_candidates').selectAll().where('ticket_id', '=', id).execute();
    expect(ag).toHaveLength(1);
    expect(ag[0]).toMatchObject({ source: 'manual', reason: '需多部门协调' });
    // once per deadline: the button is gone, and a second 吹哨 is refused and adds nothing
    expect((await admin.ok('GET', `/api/v1/tickets/${id}`)).allowedActions).not.toContain('escalate');
    const again = await act(admin, id, 'escalate', { reason: '再次吹哨' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect(await env.deps.db.selectFrom('agenda_candidates').select('id').where('ticket_id', '=', id).execute()).toHaveLength(1);
    await must(admin, id, 'urge', { level: 'supervise', note: '督办' });
    const ob = await env.deps.db.selectFrom('outbox').selectAll().where('topic', '=', 'ticket.urge').execute();
    const payload = ob.map((o) => JSON.parse(o.payload)).find((p) => p.ticketId === id);
    expect(payload.notify.units).toEqual([U1]);
  });

  it('a reopened case may be 吹哨 again once the meeting took up the first item', async () => {
    const id = await ticketIn('accepted');
    await must(h1, id, 'escalate', { reason: '需多部门协调' });
    // the joint meeting takes the item up
    await env.deps.db.updateTable('agenda_candidates').set({ meeting_id: 'meeting-1' }).where('ticket_id', '=', id).execute();
    await must(h1, id, 'resolve', { feedback: '已协调处理' });
    const reopened = await must(merchant, id, 'rate', { stars: 1, solved: false, comment: '问题仍在' });
    expect(reopened).toMatchObject({ status: 'accepted', escalated: false, overdue: false });
    expect((await h1.ok('GET', `/api/v1/tickets/${id}`)).allowedActions).toContain('escalate');
    const esc = await systemTransition(env.deps, id, 'escalate', { note: '重新打开后再次超时' });
    expect(esc?.escalated).toBe(true);
    expect(await env.deps.db.selectFrom('agenda_candidates').select('id').where('ticket_id', '=', id).execute()).toHaveLength(2);
  });

  it('lets the SLA clock close unrated tickets and escalate, with the system actor', async () => {
    const id = await ticketIn('resolved');
    const closed = await systemTransition(env.deps, id, 'close_unrated', { note: '15 天未评价' });
    expect(closed?.status).toBe('closed');
    expect(closed?.timeline.at(-1)).toMatchObject({ action: 'close_unrated', actorName: '时效时钟', systemNote: 'auto_close_unrated' });
    // over HTTP too (the response schema carries the code); a person's entries have none
    const seen = await admin.ok('GET', `/api/v1/tickets/${id}`);
    expect(seen.timeline.at(-1)).toMatchObject({ action: 'close_unrated', systemNote: 'auto_close_unrated', note: '15 天未评价' });
    expect(seen.timeline.slice(0, -1).every((e: { systemNote: unknown }) => e.systemNote === null)).toBe(true);
    const raw = await env.deps.db.selectFrom('tickets').select(['closed_unrated']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(Number(raw.closed_unrated)).toBe(1);
    expect(await systemTransition(env.deps, id, 'close_unrated', { note: 'again' })).toBeNull();
    const d = await ticketIn('dispatched');
    const esc = await systemTransition(env.deps, d, 'escalate', { note: '超期未办' });
    expect(esc?.escalated).toBe(true);
    const ag = await env.deps.db.selectFrom('agenda_candidates').selectAll().where('ticket_id', '=', d).execute();
    expect(ag[0]?.source).toBe('overdue');
    expect(esc?.timeline.at(-1)).toMatchObject({ action: 'escalate', byClock: true, systemNote: 'auto_escalate', note: '超期未办' });
    // the reporter sees that it happened, by the clock, and neither the note nor its code
    const seenByReporter = await merchant.ok('GET', `/api/v1/tickets/${d}`);
    expect(seenByReporter.timeline.at(-1)).toMatchObject({ action: 'escalate', byClock: true, systemNote: null, note: null });
    expect(seenByReporter.timeline.slice(0, -1).every((e: { byClock: boolean }) => !e.byClock)).toBe(true);
  });

  it('limits what each data scope sees: a unit what was sent to it, a grid officer their grid', async () => {
    const inG1a = (await report(merchant, { gridId: G1a })).id;
    const inG2 = (await report(merchant, { gridId: G2 })).id;
    const led = (await report(merchant, { gridId: G2 })).id;
    await must(admin, led, 'dispatch', { leadUnitId: U1 });
    const assisted = (await report(merchant, { gridId: G2 })).id;
    await must(admin, assisted, 'dispatch', { leadUnitId: U2, assistUnitIds: [U1] });
    const ids = async (c: Client, qs = '') => (await c.ok('GET', `/api/v1/tickets?pageSize=200${qs}`)).items.map((t: { id: string }) => t.id) as string[];
    const u1 = await ids(h1);
    expect(u1).toContain(led);
    expect(u1).toContain(assisted);
    expect(u1).not.toContain(inG1a);
    expect(u1).not.toContain(inG2);
    const u2 = await ids(h2);
    expect(u2).toContain(assisted);
    expect(u2).not.toContain(led);
    expect(await ids(h3)).toEqual([]);
    expect((await h3.get(`/api/v1/tickets/${led}`)).statusCode).toBe(404);
    const g = await ids(officer);
    expect(g).toContain(inG1a);
    expect(g).not.toContain(inG2);
    expect(g).not.toContain(led);
    expect((await officer.get(`/api/v1/tickets/${inG2}`)).statusCode).toBe(404);
    // filters: grid subtree, unit (lead or assist), status, mine
    const byGrid = await ids(admin, `&gridId=${G1}`);
    expect(byGrid).toContain(inG1a);
    expect(byGrid).not.toContain(inG2);
    const byUnit = await ids(admin, `&unitId=${U1}`);
    expect(byUnit).toEqual(expect.arrayContaining([led, assisted]));
    expect(byUnit).not.toContain(inG2);
    expect(await ids(admin, '&status=dispatched')).not.toContain(inG2);
    const mine = await ids(merchant, '&mine=true');
    expect(mine).toContain(inG2);
    expect(await ids(admin, '&mine=true')).not.toContain(inG2);
    // a merchant sees only their own reports
    const other = await env.member(A.id, A.roles['商户'] as string);
    expect(await ids(other)).toEqual([]);
    // newest first, with the total
    await travel(1000);
    const newest = (await report()).id;
    const page = await admin.ok('GET', '/api/v1/tickets?pageSize=2');
    expect(page.items[0].id).toBe(newest);
    expect(page.total).toBeGreaterThan(2);
    expect(page.items).toHaveLength(2);
  });

  it('filters overdue tickets and by creation time', async () => {
    const id = await ticketIn('dispatched');
    const t = await admin.ok('GET', `/api/v1/tickets/${id}`);
    const ids = async (qs: string) => (await admin.ok('GET', `/api/v1/tickets?pageSize=200${qs}`)).items.map((x: { id: string }) => x.id) as string[];
    expect(await ids('&overdue=true')).not.toContain(id);
    await travel(t.dueAt - env.clock.now() + 1);
    expect(await ids('&overdue=true')).toContain(id);
    expect((await admin.ok('GET', `/api/v1/tickets/${id}`)).overdue).toBe(true);
    expect(await ids('&overdue=false')).not.toContain(id);
    // still in the loop: the 督办 list pairs overdue with open; a closed case leaves it
    expect(await ids('&overdue=true&open=true')).toContain(id);
    expect(await ids('&open=false')).not.toContain(id);
    const closed = await ticketIn('closed');
    expect(await ids('&open=true')).not.toContain(closed);
    expect(await ids('&open=false')).toContain(closed);
    expect(await ids(`&from=${t.createdAt}&to=${t.createdAt}`)).toContain(id);
    expect(await ids(`&from=${t.createdAt + 1}`)).not.toContain(id);
    // a reversed window is a mistake, not an empty result (the list and its export alike)
    for (const path of ['/api/v1/tickets', '/api/v1/tickets/export']) {
      const r = await admin.get(`${path}?from=${t.createdAt + 1}&to=${t.createdAt}`);
      expect([r.statusCode, r.json().error.details[0].path], path).toEqual([400, 'to']);
    }
  });

  it('exports the filtered list to Excel: the filters and data scope of the list, phones masked, one alliance only', async () => {
    const sheet = async (c: Client, qs: string) => {
      const res = await c.get(`/api/v1/tickets/export${qs}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('工单.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('工单')!;
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      const rows = [] as Record<string, string>[];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        rows.push(Object.fromEntries(header.map((h, i) => [h, String(row.getCell(i + 1).value ?? '')])));
      });
      return { header, rows, notes: (wb.getWorksheet('说明')!.getRow(1).values as unknown[]).join('') };
    };
    const t = await report(merchant, { description: '出口测试：老板电话13812345678', reporterPhone: '13912345678' });
    const dispatched = await ticketIn('dispatched');
    const all = await sheet(admin, '?status=submitted');
    expect(all.header).toEqual(expect.arrayContaining(['工单编号', '类型', '事项分类', '问题描述', '反映人电话', '承办单位', '状态', '办结时限', '评价星级']));
    const row = all.rows.find((r) => r['工单编号'] === t.number)!;
    expect(row).toMatchObject({ 类型: '随手拍', 事项分类: '市容环境', 状态: '已点单', 反映人电话: '139****5678' });
    expect(row['问题描述']).toContain('138****5678');
    expect(all.rows.every((r) => r['状态'] === '已点单')).toBe(true);
    expect(all.rows.map((r) => r['工单编号'])).not.toContain((await admin.ok('GET', `/api/v1/tickets/${dispatched}`)).number);
    expect(all.notes).toContain(`共 ${all.rows.length} 条`);
    // the unit sees only what was dispatched to it; the other alliance nothing of ours
    const unitRows = (await sheet(h3, '')).rows.map((r) => r['工单编号']);
    expect(unitRows).not.toContain(t.number);
    expect((await sheet(adminB, '')).rows.map((r) => r['工单编号'])).not.toContain(t.number);
    // the list's validation and the session apply
    expect((await admin.get('/api/v1/tickets/export?status=nope')).statusCode).toBe(400);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/tickets/export' })).statusCode).toBe(401);
  });

  it('exports in the language the console asks for (?lang=), else Accept-Language, else Chinese', async () => {
    const t = await report(merchant, { description: 'language of the export 13812345678' });
    const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
    const fetchAs = (qs: string, acceptLanguage?: string) =>
      env.app.inject({
        method: 'GET',
        url: `/api/v1/tickets/export?q=${encodeURIComponent(t.number)}${qs}`,
        headers: { cookie: admin.cookie ?? '', ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) },
      });
    const open = async (res: Awaited<ReturnType<typeof fetchAs>>) => {
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      const row = Object.fromEntries(header.map((h, i) => [h, String(ws.getRow(2).getCell(i + 1).value ?? '')]));
      const notes = wb.worksheets[1]!.getSheetValues().flat().map(String).join(' ');
      return { sheets: wb.worksheets.map((w) => w.name), header, row, notes, disposition: String(res.headers['content-disposition']) };
    };
    const en = await open(await fetchAs('&lang=en-US'));
    // RFC 6266 with an RFC 5987 filename*: the UTF-8 name, and an ASCII fallback
    expect(en.disposition).toBe(`attachment; filename="tickets.xlsx"; filename*=UTF-8''Tickets.xlsx`);
    expect(en.sheets).toEqual(['Tickets', 'Notes']);
    expect(en.header).toEqual(expect.arrayContaining(['Number', 'Type', 'Category', 'Description', 'Reporter phone', 'Lead unit', 'Status', 'Deadline']));
    expect(en.header.join()).not.toMatch(CJK);
    expect(en.row).toMatchObject({ Number: t.number, Type: 'Snapshot report', Status: 'Submitted', Category: '市容环境' });
    expect(en.row.Description).toContain('138****5678');
    expect(en.notes).toContain('1 ticket matches the filters, this file holds 1');
    expect(en.notes).not.toMatch(CJK);
    // without ?lang= the browser's language decides; the console's choice wins over it; Chinese by default
    expect((await open(await fetchAs('', 'en-US,en;q=0.9'))).sheets).toEqual(['Tickets', 'Notes']);
    for (const zh of [await fetchAs('&lang=zh-CN', 'en-US,en;q=0.9'), await fetchAs('')]) {
      const x = await open(zh);
      expect(x.disposition).toBe(`attachment; filename="tickets.xlsx"; filename*=UTF-8''${encodeURIComponent('工单.xlsx')}`);
      expect(x.sheets).toEqual(['工单', '说明']);
      expect(x.row).toMatchObject({ 工单编号: t.number, 类型: '随手拍', 状态: '已点单' });
    }
    const bad = await fetchAs('&lang=fr-FR');
    expect([bad.statusCode, bad.json().error.details[0].path]).toEqual([400, 'lang']);
  });

  it('hides another alliance’s tickets (404)', async () => {
    const id = (await report()).id;
    expect((await adminB.get(`/api/v1/tickets/${id}`)).statusCode).toBe(404);
    expect((await act(adminB, id, 'comment', { note: 'x' })).statusCode).toBe(404);
    expect((await adminB.ok('GET', '/api/v1/tickets?pageSize=200')).items.map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it('rejects bad input with 400 naming the field', async () => {
    const before = await countRows(env, 'tickets');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'report', description: 'x' }, 'categoryId'],
      [{ kind: 'nope', categoryId: cat.SRHJ, description: 'x' }, 'kind'],
      [{ kind: 'report', categoryId: cat.SRHJ, description: '' }, 'description'],
      [{ kind: 'report', categoryId: cat.SRHJ, description: 'x', reporterPhone: '12345' }, 'reporterPhone'],
      [{ kind: 'report', categoryId: cat.SRHJ, description: 'x', location: { lng: 120, lat: 100 } }, 'location.lat'],
      [{ kind: 'report', categoryId: catB, description: 'x' }, 'categoryId'],
      [{ kind: 'report', categoryId: cat.SRHJ, description: 'x', gridId: 'nope' }, 'gridId'],
      [{ kind: 'report', categoryId: cat.SRHJ, description: 'x', photos: ['nope'] }, 'photos'],
    ];
    for (const [body, field] of cases) {
      const r = await merchant.post('/api/v1/tickets', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await countRows(env, 'tickets')).toBe(before);
    const id = (await report()).id;
    const r = await act(merchant, id, 'cancel', { reason: '' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0].path).toBe('reason');
    expect((await act(merchant, id, 'close_unrated', { note: 'x' })).statusCode).toBe(400);
    expect((await env.anon.get('/api/v1/tickets')).statusCode).toBe(401);
  });

  it('accepts stored photos of the alliance and serves them as file references', async () => {
    const fileId = await insertPhoto(env, A.id, '01900000-0000-7000-8000-000000000001');
    const t = await report(merchant, { photos: [fileId] });
    expect(t.photos).toEqual([{ id: fileId, url: `/api/v1/files/${fileId}`, thumbUrl: `/api/v1/files/${fileId}/thumb` }]);
    expect((await adminB.post('/api/v1/tickets', { kind: 'report', categoryId: catB, description: 'x', photos: [fileId] })).statusCode).toBe(400);
    await must(admin, t.id, 'dispatch', { leadUnitId: U1 });
    await must(h1, t.id, 'accept');
    const res = await must(h1, t.id, 'resolve', { feedback: '已处理，见照片', photos: [fileId] });
    expect(res.timeline.at(-1).photos[0].id).toBe(fileId);
  });

  it('suggests duplicates within 100 m in WGS-84, whatever the coordinate system of each point', async () => {
    // a GCJ-02 point (as Amap gives it) for the first report, WGS-84 (as GPS gives it) for the query
    const gcj = { lng: 120.0812, lat: 29.3051 };
    const [wLng, wLat] = gcj02ToWgs84(gcj.lng, gcj.lat);
    const t = await report(merchant, { categoryId: cat.ZDJY, location: { ...gcj, crs: 'gcj02' } });
    expect(t.location).toEqual({ ...gcj, crs: 'gcj02' });
    const dup = async (lng: number, lat: number, crs = 'wgs84', categoryId = cat.ZDJY) =>
      (await admin.ok('GET', `/api/v1/tickets/duplicates?categoryId=${categoryId}&lng=${lng}&lat=${lat}&crs=${crs}`)).items.map((x: { id: string }) => x.id);
    // about 50 m north of it, in WGS-84
    expect(await dup(wLng, wLat + 50 / 111_000)).toEqual([t.id]);
    expect(await dup(gcj.lng, gcj.lat, 'gcj02')).toEqual([t.id]);
    // the raw GCJ numbers read as WGS-84 lie hundreds of metres away
    expect(await dup(gcj.lng, gcj.lat)).toEqual([]);
    expect(await dup(wLng, wLat + 150 / 111_000)).toEqual([]);
    expect(await dup(wLng, wLat, 'wgs84', cat.SRHJ)).toEqual([]);
    // closed tickets and those older than 7 days are no duplicates
    await travel(8 * DAY);
    expect(await dup(wLng, wLat)).toEqual([]);
  });

  it('searches by a Chinese word (jieba tokens of title and description)', async () => {
    const a = (await report(merchant, { description: '商铺门口油烟很大，影响顾客用餐' })).id;
    const b = (await report(merchant, { description: '夜间施工噪音扰民' })).id;
    const q = async (s: string) =>
      (await admin.ok('GET', `/api/v1/tickets?pageSize=200&q=${encodeURIComponent(s)}`)).items.map((x: { id: string }) => x.id) as string[];
    expect(await q('油烟')).toContain(a);
    expect(await q('油烟')).not.toContain(b);
    expect(await q('噪音')).toEqual([b]);
    expect(await q('油烟 顾客')).toContain(a);
    expect(await q('油烟 噪音')).toEqual([]);
    expect(await q('不存在的词语')).toEqual([]);
  });

  it('counts the resolve deadline in working days over the holiday calendar (holidays skipped, 调休 Saturday counted)', async () => {
    const save = env.clock.now();
    // Friday 2026-11-20 10:00 Shanghai; SRHJ: 7 working days
    await travel(Date.UTC(2026, 10, 20, 2) - save);
    const dates = ['2026-11-23', '2026-11-24', '2026-11-28'];
    try {
      const plain = await must(admin, (await report()).id, 'dispatch', { leadUnitId: U1 });
      expect(plain.dueAt).toBe(Date.UTC(2026, 11, 1, 15, 59, 59, 999));
      await env.deps.db.deleteFrom('calendar_days').where('date', 'in', dates).execute();
      await env.deps.db
        .insertInto('calendar_days')
        .values([
          { date: '2026-11-23', kind: 'holiday', name: '测试假日', updated_at: save },
          { date: '2026-11-24', kind: 'holiday', name: '测试假日', updated_at: save },
          { date: '2026-11-28', kind: 'workday', name: '测试调休', updated_at: save },
        ])
        .execute();
      invalidateWorkCalendar(env.deps.db);
      const t = await must(admin, (await report()).id, 'dispatch', { leadUnitId: U1 });
      // Mon and Tue off, Saturday worked: Wed 25 … Fri 27, Sat 28, Mon 30, Tue 1, Wed 2
      expect(t.dueAt).toBe(Date.UTC(2026, 11, 2, 15, 59, 59, 999));
    } finally {
      await env.deps.db.deleteFrom('calendar_days').where('date', 'in', dates).execute();
      invalidateWorkCalendar(env.deps.db);
      await travel(save - env.clock.now());
    }
  });

  it('takes public reports with a private tracking token; the token holder reads masked data and rates', async () => {
    const { ticket, trackingToken } = await createPublicTicket(
      env.deps,
      { id: A.id, code: 'TKA' },
      {
        allianceCode: 'TKA',
        kind: 'report',
        categoryId: cat.SRHJ as string,
        description: '路灯坏了，联系我13812345678',
        reporterPhone: '13812345678',
        address: null,
        consent: true,
      },
      { requestId: 'r1', ip: '127.0.0.1' },
    );
    expect(trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ticket).toMatchObject({ anonymous: true, status: 'submitted', reporterPhone: '138****5678' });
    expect(JSON.stringify(ticket)).not.toContain('13812345678');
    const raw = await env.deps.db.selectFrom('tickets').select(['tracking_hash']).where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(raw.tracking_hash).not.toBe(trackingToken);
    expect(raw.tracking_hash).toHaveLength(64);
    expect(await ticketByTrackingToken(env.deps, 'x'.repeat(43))).toBeNull();
    await must(admin, ticket.id, 'dispatch', { leadUnitId: U1 });
    await must(h1, ticket.id, 'accept');
    await expect(rateByTrackingToken(env.deps, trackingToken, { stars: 5, solved: true })).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await must(h1, ticket.id, 'resolve', { feedback: '已修好' });
    const seen = await ticketByTrackingToken(env.deps, trackingToken);
    expect(seen?.status).toBe('resolved');
    expect(seen?.allowedActions).toContain('rate');
    expect(JSON.stringify(seen)).not.toContain('13812345678');
    expect(seen?.timeline.every((e) => e.actorName === null || e.actorName === '群众')).toBe(true);
    await expect(rateByTrackingToken(env.deps, 'y'.repeat(43), { stars: 5, solved: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rated = await rateByTrackingToken(env.deps, trackingToken, { stars: 5, solved: true, comment: '满意' });
    expect(rated).toMatchObject({ status: 'closed', rating: { stars: 5, solved: true, byCallback: false } });
  });
});
