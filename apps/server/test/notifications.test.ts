import { sql } from 'kysely';
import { noticeTime } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_RETENTION_DAYS, runNotificationsOnce } from '../src/modules/notifications/index.ts';
import { runSlaClockOnce } from '../src/modules/slaClock/index.ts';
import { countRows, expectNoChangeEdit, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';

type Member = Client & { userId: string };
const H = 3_600_000;

describe(`notifications: inbox, webhook settings, SMS sink (${TEST_DB})`, () => {
  let env: TestEnv;
  let allianceA: string;
  let admin: Member;
  let staff: Member;
  let h1: Member;
  let h2: Member;
  let h3: Member;
  let merchant: Member;
  let officer: Member;
  let adminB: Member;
  let U1: string;
  let U2: string;
  let U3: string;
  let G1: string;
  let cat: string;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('NTA', '荷花芯商圈党建联盟');
    const B = await env.alliance('NTB');
    allianceA = A.id;
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    U1 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '市场监管所' })).id;
    U2 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id;
    U3 = (await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '物业公司' })).id;
    G1 = (await admin.ok('POST', '/api/v1/grids', { name: '荷花社区' })).id;
    const handler = A.roles['成员单位经办人'] as string;
    h1 = await env.member(A.id, handler, { unitId: U1 });
    h2 = await env.member(A.id, handler, { unitId: U2 });
    h3 = await env.member(A.id, handler, { unitId: U3 });
    officer = await env.member(A.id, A.roles['网格员'] as string, { scopeGridId: G1 });
    merchant = await env.member(A.id, A.roles['商户'] as string);
    cat = (await admin.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  });
  afterAll(async () => env?.close());

  const everyone = () => ({ admin, staff, h1, h2, h3, merchant, officer, adminB });
  const work = () => runNotificationsOnce(env.deps, 'test-proc');
  /** Keeps sessions alive while the clock jumps. */
  const travel = async (ms: number) => {
    env.clock.advance(ms);
    await env.deps.db.updateTable('sessions').set({ last_seen_at: env.clock.now() }).execute();
  };
  /** Who has an inbox item of this event for this ticket, with the reason. */
  const reached = async (ticketId: string, event: string) => {
    const byId = new Map(Object.entries(everyone()).map(([k, c]) => [c.userId, k]));
    const rows = await env.deps.db
      .selectFrom('inbox_items')
      .select(['user_id', 'reason'])
      .where('ticket_id', '=', ticketId)
      .where('event', '=', event)
      .execute();
    return Object.fromEntries(rows.map((r) => [byId.get(r.user_id) ?? r.user_id, r.reason]));
  };
  const report = async (by: Client = merchant) =>
    (await by.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat, description: '商铺门口垃圾堆放三天无人清理', gridId: G1 }, 201)).id as string;
  const act = (c: Client, id: string, action: string, body: unknown = {}) => c.ok('POST', `/api/v1/tickets/${id}/actions/${action}`, body);

  it('each transition reaches the users it concerns, and only them', async () => {
    const t = await report();
    await work();
    expect(await reached(t, 'create')).toEqual({ admin: 'committee', staff: 'committee' });

    await act(staff, t, 'dispatch', { leadUnitId: U1, assistUnitIds: [U2] });
    await work();
    // the dispatcher is not told of their own act
    expect(await reached(t, 'dispatch')).toEqual({ h1: 'lead_unit', h2: 'assist_unit' });

    await act(h1, t, 'accept');
    await work();
    expect(await reached(t, 'accept')).toEqual({ admin: 'committee', staff: 'committee', merchant: 'reporter' });

    await act(h1, t, 'resolve', { feedback: '已联系物业清运，联系电话 13812345678' });
    await work();
    expect(await reached(t, 'resolve')).toEqual({ admin: 'committee', staff: 'committee', merchant: 'reporter' });
    const note = await env.deps.db.selectFrom('inbox_items').select('note').where('ticket_id', '=', t).where('event', '=', 'resolve').executeTakeFirstOrThrow();
    expect(note.note).toContain('138****5678');
    expect(note.note).not.toContain('13812345678');

    await act(merchant, t, 'rate', { stars: 5, solved: true });
    await work();
    expect(await reached(t, 'rate')).toEqual({ admin: 'committee', staff: 'committee', h1: 'lead_unit' });

    // 退单: the committee hears of it, with the reason
    await travel(60_000);
    const r = await report();
    await act(staff, r, 'dispatch', { leadUnitId: U3 });
    await act(h3, r, 'return', { reason: '不属于本单位职责，请改派城管' });
    await work();
    expect(await reached(r, 'return')).toEqual({ admin: 'committee', staff: 'committee' });
    const ret = await staff.ok('GET', '/api/v1/inbox?pageSize=1');
    expect(ret.items[0]).toMatchObject({ event: 'return', reason: 'committee', ticketId: r, note: '不属于本单位职责，请改派城管' });
    expect(ret.items[0].summary).toContain('【退单】');
    // a note that adds something (the reason) follows the detail
    expect(ret.items[0].summary).toMatch(/被退回，待重新派单：不属于本单位职责，请改派城管$/);

    // each item carries the facts the apps say its line with in the user's language (apps/web shared/inboxText.ts)
    const all = [...(await staff.ok('GET', '/api/v1/inbox?pageSize=100')).items, ...(await h1.ok('GET', '/api/v1/inbox?pageSize=100')).items].filter(
      (i: { ticketId: string }) => i.ticketId === t || i.ticketId === r,
    );
    expect([...new Set(all.map((i: { event: string }) => i.event))].sort()).toEqual(['accept', 'create', 'dispatch', 'rate', 'resolve', 'return']);
    for (const i of all) expect(i.facts).not.toBeNull();
    expect(all.find((i: { event: string }) => i.event === 'rate').facts).toEqual({ stars: 5, reopened: false });
  });

  it("the reporter's inbox gets no staff remark and no handler's note, as the tracking page", async () => {
    const t = await report();
    await act(staff, t, 'dispatch', { leadUnitId: U1 });
    await act(staff, t, 'comment', { note: '内部备注：此人多次投诉' });
    // each event at its own time, as in service (an outbox row finds its timeline event by time)
    await travel(1000);
    await act(h1, t, 'comment', { note: '经办人备注：明早处理' });
    await act(h1, t, 'accept');
    await act(h1, t, 'escalate', { reason: '城管不配合，需要党委协调' });
    await work();
    expect(await reached(t, 'comment')).toEqual({ h1: 'lead_unit' });
    const mine = (await merchant.ok('GET', '/api/v1/inbox?pageSize=100')).items.filter((i: { ticketId: string }) => i.ticketId === t);
    expect(mine.map((i: { event: string }) => i.event)).toEqual(['accept']);
    expect(JSON.stringify(mine)).not.toMatch(/内部备注|经办人备注|城管不配合/);
    // staff and the unit still read the notes meant for them
    const staffItems = (await staff.ok('GET', '/api/v1/inbox?pageSize=100')).items.filter((i: { ticketId: string }) => i.ticketId === t);
    expect(staffItems.map((i: { note: string | null }) => i.note)).toContain('城管不配合，需要党委协调');
    const unitItems = (await h1.ok('GET', '/api/v1/inbox?pageSize=100')).items.filter((i: { ticketId: string }) => i.ticketId === t);
    expect(unitItems.map((i: { note: string | null }) => i.note)).toContain('内部备注：此人多次投诉');
  });

  it('SLA warning and overdue reach the lead unit and the committee', async () => {
    const t = await report();
    await act(staff, t, 'dispatch', { leadUnitId: U2, dueAt: env.clock.now() + 10 * H });
    await act(h2, t, 'accept');
    await travel(9 * H);
    await runSlaClockOnce(env.deps, 'sla');
    await work();
    expect(await reached(t, 'sla_warning')).toEqual({ admin: 'committee', staff: 'committee', h2: 'lead_unit' });
    await travel(2 * H);
    await runSlaClockOnce(env.deps, 'sla');
    await work();
    expect(await reached(t, 'overdue')).toEqual({ admin: 'committee', staff: 'committee', h2: 'lead_unit' });
    const item = (await h2.ok('GET', '/api/v1/inbox?pageSize=50')).items.find((i: { event: string }) => i.event === 'overdue');
    expect(item.summary).toMatch(/^【已超时】/);
    // the clock's note only restates the event: the summary says it once
    const items = (await h2.ok('GET', '/api/v1/inbox?pageSize=50')).items.filter((i: { ticketId: string }) => i.ticketId === t);
    const warn = items.find((i: { event: string }) => i.event === 'sla_warning');
    expect(warn.summary).toMatch(/即将超时，时限 \d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    expect(item.summary).toMatch(/已超时，时限 \d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    for (const i of items) expect(i.summary).not.toMatch(/：(即将超时|已超时)$/);
    // the facts the apps build the line from in the user's language: the deadline, and that the note is the clock's
    const dueAt = (await env.deps.db.selectFrom('tickets').select('due_at').where('id', '=', t).executeTakeFirstOrThrow()).due_at;
    expect(warn.facts).toEqual({ dueAt: Number(dueAt), systemNote: 'sla_warning' });
    // the Chinese line writes the deadline in Beijing time as Chinese dates read (the apps, from the facts, per language)
    expect(warn.summary.endsWith(`时限 ${noticeTime(Number(dueAt), 'zh-CN')}`)).toBe(true);
    expect(item.facts).toEqual({ dueAt: Number(dueAt), systemNote: 'overdue' });
    // a person's transition carries its facts and no system note
    const dispatched = items.find((i: { event: string }) => i.event === 'dispatch');
    expect(dispatched.facts).toEqual({ dueAt: Number(dueAt) });
  });

  it('consuming the outbox again yields no second row', async () => {
    const before = await countRows(env, 'inbox_items');
    await env.deps.db.updateTable('outbox').set({ delivered_at: null, claimed_by: null, claimed_until: null }).execute();
    const r = await work();
    expect(r.events).toBeGreaterThan(5);
    expect(await countRows(env, 'inbox_items')).toBe(before);
  });

  it('unread count, paging, mark one and all read; nobody reads another user’s or alliance’s items', async () => {
    const n = (await staff.ok('GET', '/api/v1/inbox/unread-count')).unread;
    expect(n).toBeGreaterThanOrEqual(6);
    const page1 = await staff.ok('GET', '/api/v1/inbox?pageSize=2&page=1');
    const page2 = await staff.ok('GET', '/api/v1/inbox?pageSize=2&page=2');
    expect(page1.total).toBe(n);
    expect(page1.items).toHaveLength(2);
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    expect(page1.items[0].createdAt).toBeGreaterThanOrEqual(page2.items[0].createdAt);

    const first = page1.items[0].id as string;
    // another user of the same alliance, or of another alliance: 404, and the item stays unread
    expect((await h1.post(`/api/v1/inbox/${first}/read`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/inbox/${first}/read`)).statusCode).toBe(404);
    expect((await adminB.ok('GET', '/api/v1/inbox')).total).toBe(0);
    expect((await env.anon.get('/api/v1/inbox')).statusCode).toBe(401);

    const read = await staff.ok('POST', `/api/v1/inbox/${first}/read`);
    expect(read.readAt).toBe(env.clock.now());
    expect((await staff.ok('GET', '/api/v1/inbox/unread-count')).unread).toBe(n - 1);
    expect((await staff.ok('GET', '/api/v1/inbox?unread=true')).total).toBe(n - 1);
    expect((await staff.get('/api/v1/inbox?pageSize=500')).statusCode).toBe(400);
    const all = await staff.ok('POST', '/api/v1/inbox/read-all');
    expect(all.updated).toBe(n - 1);
    expect((await staff.ok('GET', '/api/v1/inbox/unread-count')).unread).toBe(0);
    // admin's items were untouched
    expect((await admin.ok('GET', '/api/v1/inbox/unread-count')).unread).toBeGreaterThan(0);
  });

  it('webhook settings: validation, write-only secrets, unit reach, 403 and tenant 404', async () => {
    const audit0 = await countRows(env, 'audit_log');
    const bad = await staff.post('/api/v1/webhooks', { name: '党委群', format: 'wecom', url: 'ftp://example.com/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('url');
    const meta = await staff.post('/api/v1/webhooks', { name: '党委群', format: 'wecom', url: 'http://169.254.169.254/latest/meta-data' });
    expect(meta.statusCode).toBe(400);
    expect(meta.json().error.details[0]).toMatchObject({ path: 'url', code: 'blocked_url' });
    expect((await staff.post('/api/v1/webhooks', { name: '阿里云', format: 'wecom', url: 'http://100.100.100.200/' })).statusCode).toBe(400);
    const noSecret = await staff.post('/api/v1/webhooks', { name: '对接系统', format: 'signed_json', url: 'https://example.com/hook' });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.json().error.details[0].path).toBe('secret');
    expect((await staff.post('/api/v1/webhooks', { name: 'x', format: 'feishu', url: 'https://example.com/' })).statusCode).toBe(400);
    expect(await countRows(env, 'webhooks', allianceA)).toBe(0);
    expect(await countRows(env, 'audit_log')).toBe(audit0);

    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
    const committee = await staff.ok('POST', '/api/v1/webhooks', { name: '党委工作群', format: 'wecom', url }, 201);
    expect(committee).toMatchObject({ unitId: null, hasSecret: false, msgType: 'markdown', enabled: true });
    expect(committee.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****');
    const signed = await staff.ok(
      'POST',
      '/api/v1/webhooks',
      { name: '城管系统', unitId: U2, format: 'signed_json', url: 'https://example.com/hook', secret: 'a-very-secret-key' },
      201,
    );
    expect(signed).toMatchObject({ unitId: U2, unitName: '城管中队', hasSecret: true });
    expect(JSON.stringify(signed)).not.toContain('a-very-secret-key');
    const stored = await env.deps.db.selectFrom('webhooks').selectAll().where('id', '=', signed.id).executeTakeFirstOrThrow();
    expect(stored.secret_enc).not.toContain('a-very-secret-key');
    expect(stored.url_enc).not.toContain('example.com');

    // a unit's handler: own unit only (unitId left out means theirs)
    const own = await h1.ok(
      'POST',
      '/api/v1/webhooks',
      { name: '监管所钉钉群', format: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabcdefgh' },
      201,
    );
    expect(own.unitId).toBe(U1);
    expect((await h1.post('/api/v1/webhooks', { name: 'x', unitId: U2, format: 'wecom', url })).statusCode).toBe(403);
    expect((await h1.post('/api/v1/webhooks', { name: 'x', unitId: null, format: 'wecom', url })).statusCode).toBe(403);
    expect((await h1.ok('GET', '/api/v1/webhooks')).items.map((w: { id: string }) => w.id)).toEqual([own.id]);
    expect((await h1.get(`/api/v1/webhooks/${signed.id}`)).statusCode).toBe(404);
    expect((await h1.patch(`/api/v1/webhooks/${signed.id}`, { enabled: false })).statusCode).toBe(404);
    expect((await h1.get(`/api/v1/webhooks/${signed.id}/deliveries`)).statusCode).toBe(404);
    expect((await staff.ok('GET', '/api/v1/webhooks')).total).toBe(3);
    // no notification:manage: 403; another alliance: 404
    expect((await merchant.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect((await officer.post('/api/v1/webhooks', { name: 'x', format: 'wecom', url })).statusCode).toBe(403);
    expect((await adminB.get(`/api/v1/webhooks/${own.id}`)).statusCode).toBe(404);
    expect((await adminB.del(`/api/v1/webhooks/${own.id}`)).statusCode).toBe(404);

    const upd = await h1.ok('PATCH', `/api/v1/webhooks/${own.id}`, { msgType: 'text', events: ['dispatch', 'overdue'], secret: null });
    expect(upd).toMatchObject({ msgType: 'text', events: ['dispatch', 'overdue'], hasSecret: false });
    expect((await staff.patch(`/api/v1/webhooks/${signed.id}`, { secret: null })).statusCode).toBe(400);
    expect((await staff.patch(`/api/v1/webhooks/${signed.id}`, { url: 'http://[fe80::1]/x' })).statusCode).toBe(400);
    expect((await h1.del(`/api/v1/webhooks/${own.id}`)).statusCode).toBe(200);
    expect((await staff.del(`/api/v1/webhooks/${committee.id}`)).statusCode).toBe(200);
    const actions = await env.deps.db.selectFrom('audit_log').select('action').where('entity', '=', 'webhook').execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'webhook.create',
      'webhook.create',
      'webhook.create',
      'webhook.delete',
      'webhook.delete',
      'webhook.update',
    ]);
  });

  it('an anonymous reporter who left a phone gets the resolved text in the SMS sink; the number never shows', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      payload: { allianceCode: 'NTA', categoryId: cat, description: '路灯坏了一周', reporterPhone: '13900001111', consent: true },
      remoteAddress: '10.9.9.9',
    });
    expect(r.statusCode).toBe(201);
    const { number } = r.json();
    const t = await env.deps.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await act(staff, t.id, 'dispatch', { leadUnitId: U1 });
    await act(h1, t.id, 'accept');
    await work();
    expect(await countRows(env, 'sms_messages', allianceA)).toBe(0);
    await act(h1, t.id, 'resolve', { feedback: '路灯已更换' });
    const res = await work();
    expect(res.sms).toBe(1);
    await work();

    const sink = await admin.ok('GET', '/api/v1/sms-sink');
    expect(sink.total).toBe(1);
    expect(sink.items[0]).toMatchObject({ ticketId: t.id, ticketNumber: number, phone: '139****1111', provider: 'local-sink', status: 'sent', attempts: 1 });
    expect(sink.items[0].content).toContain(number);
    expect(sink.items[0].content).toContain('荷花芯商圈党建联盟');
    expect(JSON.stringify(sink)).not.toContain('13900001111');
    const row = await env.deps.db.selectFrom('sms_messages').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('13900001111');
    // staff lack user:write; a handler lacks more; another alliance sees none
    expect((await staff.get('/api/v1/sms-sink')).statusCode).toBe(403);
    expect((await h1.get('/api/v1/sms-sink')).statusCode).toBe(403);
    expect((await adminB.ok('GET', '/api/v1/sms-sink')).total).toBe(0);
  });

  it('an outbox row that fails rolls back alone and is retried later; the rows beside it are delivered', async () => {
    await work();
    const [a, bad, c] = [await report(), await report(), await report()];
    // the database refuses the failing row's second inbox row: its first must not stay either
    const refuse = async (on: boolean) => {
      const pg = TEST_DB === 'postgres';
      const statements = !on
        ? pg
          ? ['drop trigger fail_inbox on inbox_items', 'drop function tx_fail_inbox()']
          : ['drop trigger fail_inbox']
        : pg
          ? [
              `create function tx_fail_inbox() returns trigger language plpgsql as $$ begin if new.ticket_id = '${bad}' and new.user_id = '${staff.userId}' then raise exception 'refused'; end if; return new; end $$`,
              'create trigger fail_inbox before insert on inbox_items for each row execute function tx_fail_inbox()',
            ]
          : [
              `create trigger fail_inbox before insert on inbox_items when new.ticket_id = '${bad}' and new.user_id = '${staff.userId}' begin select raise(abort, 'refused'); end`,
            ];
      for (const text of statements) await sql.raw(text).execute(env.deps.db);
    };
    await refuse(true);
    const r = await work();
    await refuse(false);
    expect(r.events).toBe(2);
    for (const t of [a, c]) expect(await reached(t, 'create')).toEqual({ admin: 'committee', staff: 'committee' });
    expect(await reached(bad, 'create')).toEqual({});
    const row = await env.deps.db.selectFrom('outbox').selectAll().where('payload', 'like', `%${bad}%`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delivered_at: null, claimed_by: null, attempts: 1 });
    expect(row.last_error).toContain('refused');
    expect(Number(row.available_at)).toBeGreaterThan(env.clock.now());

    await travel(60_000);
    expect((await work()).events).toBe(1);
    expect(await reached(bad, 'create')).toEqual({ admin: 'committee', staff: 'committee' });
  });

  it('a backlog larger than one claim is delivered in one tick; delivered rows are purged after the retention, waiting ones never', async () => {
    // the earlier tests' rows go first, so that the counts below are this test's
    await work();
    await travel((OUTBOX_RETENTION_DAYS + 1) * 24 * H);
    await work();
    expect(await countRows(env, 'outbox')).toBe(0);
    const ids: string[] = [];
    for (let i = 0; i < 130; i++) ids.push(await report());
    const r = await work();
    expect(r.events).toBe(130);
    for (const t of [ids[0]!, ids[129]!]) expect(await reached(t, 'create')).toEqual({ admin: 'committee', staff: 'committee' });

    // a row whose delivery failed waits for its retry: it is kept however old it gets
    const waiting = await report();
    await env.deps.db
      .updateTable('outbox')
      .set({ available_at: env.clock.now() + 90 * 24 * H })
      .where('payload', 'like', `%${waiting}%`)
      .execute();
    const all = await countRows(env, 'outbox');
    await travel(OUTBOX_RETENTION_DAYS * 24 * H - H);
    expect((await work()).purged).toBe(0);
    await travel(2 * H);
    const fresh = await report();
    const after = await work();
    expect(after.purged).toBe(all - 1);
    const left = await env.deps.db.selectFrom('outbox').select(['payload', 'delivered_at']).execute();
    expect(left).toHaveLength(2);
    expect(left.find((o) => o.payload.includes(waiting))?.delivered_at).toBeNull();
    expect(left.find((o) => o.payload.includes(fresh))?.delivered_at).not.toBeNull();
    // the purge takes only the outbox: the inbox keeps what it was told
    expect(await reached(ids[0]!, 'create')).toEqual({ admin: 'committee', staff: 'committee' });
  });

  it('writes nothing for a webhook edit that changes nothing (the same url and secret sent again)', async () => {
    const body = { name: '无变化推送', unitId: U2, format: 'signed_json', url: 'https://example.com/same', secret: 'a-very-secret-key' };
    const w = await staff.ok('POST', '/api/v1/webhooks', body, 201);
    const shown = await staff.ok('GET', `/api/v1/webhooks/${w.id}`);
    const same = { name: body.name, url: body.url, secret: body.secret, msgType: shown.msgType, events: shown.events, enabled: shown.enabled };
    const at = { url: `/api/v1/webhooks/${w.id}`, table: 'webhooks' as const, id: w.id };
    await expectNoChangeEdit(env, staff, at, shown, same, { name: '改名推送' });
  });
});
