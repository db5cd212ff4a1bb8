import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';
import { act, blownCase, gridCommitteeMember, MINUTE, planMeeting } from './meetingCases.ts';

type Alli = { id: string; roles: Record<string, string> };
const DAY = 86_400_000;

describe(`joint meetings: 联席会议 → 议题 → 决议 → 项目 (${TEST_DB})`, () => {
  let env: TestEnv;
  let A: Alli;
  let B: Alli;
  let staff: Client;
  let handler: Client;
  let merchant: Client;
  let leader: Client;
  let adminB: Client;
  let U: Record<string, string>;
  let gridA: string;
  let gridB: string;
  let catId: string;

  /** A case reported in the grid, dispatched to the 城管中队 and 吹哨 by staff; returns the ticket and its waiting item. */
  const blown = (title: string, gridId = gridA) => blownCase(staff, { title, gridId, unitId: U.cg as string, categoryId: catId });
  const meeting = (c: Client, body: Record<string, unknown> = {}) => planMeeting(env, c, body);

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('MTA', '永嘉国潮街区商圈党委');
    B = await env.alliance('MTB');
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    U = {
      cg: (await staff.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id,
      sq: (await staff.ok('POST', '/api/v1/units', { kind: 'resident_unit', name: '永嘉社区居委会' })).id,
    };
    gridA = (await staff.ok('POST', '/api/v1/grids', { name: '第一网格' })).id;
    gridB = (await staff.ok('POST', '/api/v1/grids', { name: '第二网格' })).id;
    const cats = await staff.ok('GET', '/api/v1/categories?pageSize=100');
    catId = cats.items[0].id;
    handler = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: U.cg });
    merchant = await env.member(A.id, A.roles['商户'] as string);
    leader = await env.member(A.id, A.roles['领导（只读）'] as string);
  }, 120_000);
  afterAll(async () => env?.close());

  it('takes 吹哨 cases and topics onto a planned meeting, holds it, and its resolution becomes projects', async () => {
    const smoke = await blown('油烟污染');
    const noise = await blown('夜间噪音扰民');
    const m = await meeting(staff);
    expect(m).toMatchObject({ status: 'planned', agenda: [], resolutions: [], agendaCount: 0 });

    const taken = await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: smoke.itemId });
    expect(taken.agenda).toHaveLength(1);
    expect(taken.agenda[0]).toMatchObject({ kind: 'case', ticketId: smoke.ticketId, description: '油烟污染：多部门职责交叉，提请联席会议' });
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: noise.itemId });
    const withTopic = await staff.ok('POST', `/api/v1/meetings/${m.id}/topics`, { title: '占道经营整治', description: '周末夜市摊位外摆' });
    expect(withTopic.agenda.map((i: { kind: string }) => i.kind)).toEqual(['case', 'case', 'topic']);
    expect(withTopic.agendaCount).toBe(3);

    // the agenda list: taken, naming its meeting (for who reads meetings)
    const listed = (await staff.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { id: string }) => i.id === smoke.itemId);
    expect(listed).toMatchObject({ state: 'taken', meetingId: m.id, meetingTitle: '第四季度商圈联席会议' });
    // the case's timeline says so, for staff
    const ticket = await staff.ok('GET', `/api/v1/tickets/${smoke.ticketId}`);
    expect(ticket.timeline.at(-1)).toMatchObject({ action: 'agenda_take', note: '第四季度商圈联席会议' });

    // release one: it waits again, and can be taken again
    const released = await staff.ok('DELETE', `/api/v1/meetings/${m.id}/agenda/${noise.itemId}`);
    expect(released.agenda).toHaveLength(2);
    expect((await staff.ok('GET', '/api/v1/agenda-items?state=waiting&pageSize=200')).items.map((i: { id: string }) => i.id)).toContain(noise.itemId);

    // edit while planned, then hold it with minutes
    await staff.ok('PATCH', `/api/v1/meetings/${m.id}`, { place: '国潮街区议事厅' });
    // (sessions idle out after 30 minutes: the meeting is planned 10 minutes ahead)
    env.clock.advance(20 * MINUTE);
    const held = await staff.ok('POST', `/api/v1/meetings/${m.id}/hold`, { minutes: '会议听取油烟、噪音问题汇报，议定制定《商居共建自治公约》。' });
    expect(held).toMatchObject({ status: 'held', place: '国潮街区议事厅', heldAt: m.heldAt });

    // a held meeting: no edits, no agenda changes, no second hold, no cancel
    const refused = [
      await staff.patch(`/api/v1/meetings/${m.id}`, { title: '改名' }),
      await staff.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: noise.itemId }),
      await staff.post(`/api/v1/meetings/${m.id}/topics`, { title: '会后补议题' }),
      await staff.del(`/api/v1/meetings/${m.id}/agenda/${smoke.itemId}`),
      await staff.post(`/api/v1/meetings/${m.id}/hold`, { minutes: '再次' }),
      await staff.post(`/api/v1/meetings/${m.id}/cancel`, {}),
    ];
    for (const r of refused) expect([r.statusCode, r.json().error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

    const before = await countRows(env, 'projects', A.id);
    const resolved = await staff.ok(
      'POST',
      `/api/v1/meetings/${m.id}/resolutions`,
      {
        text: '制定《商居共建自治公约》，油烟净化设施三个月内整改到位',
        projects: [
          { title: '油烟净化设施改造', ownerUnitId: U.cg, deadline: '2027-03-31', ticketId: smoke.ticketId },
          { title: '《商居共建自治公约》起草与签署', ownerUnitId: U.sq },
        ],
      },
      201,
    );
    expect(resolved.resolutions).toHaveLength(1);
    expect(resolved.resolutions[0].projects.map((p: { title: string }) => p.title)).toEqual(['油烟净化设施改造', '《商居共建自治公约》起草与签署']);
    expect(resolved.resolutions[0].projects[0]).toMatchObject({ ownerUnitId: U.cg, status: 'planned', ticketId: smoke.ticketId, deadline: '2027-03-31' });
    expect(await countRows(env, 'projects', A.id)).toBe(before + 2);
    const linked = await env.deps.db.selectFrom('projects').select('resolution_id').where('title', '=', '油烟净化设施改造').executeTakeFirstOrThrow();
    expect(linked.resolution_id).toBe(resolved.resolutions[0].id);
    // the 项目清单 names where the project came from — the meeting only to who reads meetings
    const madeId = resolved.resolutions[0].projects[0].id as string;
    const origin = { resolutionId: resolved.resolutions[0].id, meetingId: m.id, meetingTitle: '第四季度商圈联席会议' };
    expect(await staff.ok('GET', `/api/v1/projects/${madeId}`)).toMatchObject(origin);
    const inList = (await staff.ok('GET', `/api/v1/projects?q=${encodeURIComponent('油烟净化设施改造')}`)).items;
    expect(inList.map((p: { id: string }) => p.id)).toEqual([madeId]);
    expect(inList[0]).toMatchObject(origin);
    expect(resolved.resolutions[0].projects[0]).toMatchObject(origin);
    for (const c of [handler, merchant]) {
      expect(await c.ok('GET', `/api/v1/projects/${madeId}`)).toMatchObject({ resolutionId: origin.resolutionId, meetingId: null, meetingTitle: null });
      const theirs = (await c.ok('GET', `/api/v1/projects?q=${encodeURIComponent('油烟净化设施改造')}`)).items;
      expect(theirs[0]).toMatchObject({ meetingId: null, meetingTitle: null });
    }
    // a resolution without projects
    await staff.ok('POST', `/api/v1/meetings/${m.id}/resolutions`, { text: '下次会议前各单位报送整改情况' }, 201);

    // list: search form filters
    const list = async (qs: string) => (await staff.ok('GET', `/api/v1/meetings?${qs}`)).items.map((x: { id: string }) => x.id);
    expect(await list('status=held')).toContain(m.id);
    expect(await list('status=planned')).not.toContain(m.id);
    expect(await list(`q=${encodeURIComponent('议事厅')}`)).toEqual([m.id]);
    expect(await list(`from=${m.heldAt}&to=${m.heldAt + 1}`)).toEqual([m.id]);
    expect(await list(`from=${m.heldAt + 1}`)).not.toContain(m.id);
    const page = await staff.ok('GET', '/api/v1/meetings?status=held');
    expect(page.items.find((x: { id: string }) => x.id === m.id)).toMatchObject({ agendaCount: 2, resolutionCount: 2 });

    // audit: a record of every change
    const audit = await leader.ok('GET', '/api/v1/audit?entity=meeting&pageSize=200');
    expect(new Set(audit.items.map((x: { action: string }) => x.action))).toEqual(
      new Set(['meeting.create', 'meeting.take', 'meeting.topic_add', 'meeting.release', 'meeting.update', 'meeting.hold', 'meeting.resolve']),
    );

    // leaders read meetings, but do not write them
    expect((await leader.ok('GET', `/api/v1/meetings/${m.id}`)).resolutions).toHaveLength(2);
    expect((await leader.post('/api/v1/meetings', { title: '领导会', heldAt: env.clock.now() })).statusCode).toBe(403);
  });

  it('takes an item once (409 a second time, from any meeting), and a cancelled meeting sends its items back', async () => {
    const one = await blown('店外占道经营');
    const m1 = await meeting(staff);
    const m2 = await meeting(staff, { title: '临时联席会议' });
    await staff.ok('POST', `/api/v1/meetings/${m1.id}/agenda`, { agendaItemId: one.itemId });
    for (const m of [m1, m2]) {
      const r = await staff.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: one.itemId });
      expect([r.statusCode, r.json().error.details.reason]).toEqual([409, 'already_taken']);
    }
    const cancelled = await staff.ok('POST', `/api/v1/meetings/${m1.id}/cancel`, { reason: '书记外出，改期' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '书记外出，改期', agenda: [] });
    const item = (await staff.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { id: string }) => i.id === one.itemId);
    expect(item).toMatchObject({ state: 'waiting', meetingId: null });
    const tl = (await staff.ok('GET', `/api/v1/tickets/${one.ticketId}`)).timeline.map((e: { action: string }) => e.action);
    expect(tl.slice(-2)).toEqual(['agenda_take', 'agenda_release']);
    // a cancelled meeting takes nothing, records no resolution, is not held
    for (const r of [
      await staff.post(`/api/v1/meetings/${m1.id}/agenda`, { agendaItemId: one.itemId }),
      await staff.post(`/api/v1/meetings/${m1.id}/resolutions`, { text: '决议' }),
      await staff.post(`/api/v1/meetings/${m1.id}/hold`, { minutes: '纪要' }),
    ])
      expect(r.statusCode).toBe(409);
    // …and a planned one records no resolution yet
    expect((await staff.post(`/api/v1/meetings/${m2.id}/resolutions`, { text: '会前决议' })).json().error.code).toBe('ILLEGAL_TRANSITION');
    // the released item is taken by the other meeting
    expect((await staff.ok('POST', `/api/v1/meetings/${m2.id}/agenda`, { agendaItemId: one.itemId })).agenda).toHaveLength(1);
  });

  it('a resolution with a bad project writes nothing and names the field', async () => {
    const m = await meeting(staff);
    await staff.ok('POST', `/api/v1/meetings/${m.id}/hold`, { minutes: '纪要', heldAt: env.clock.now() - 1000 });
    const counts = async () => [await countRows(env, 'projects', A.id), await countRows(env, 'resolutions', A.id), await countRows(env, 'audit_log')];
    const before = await counts();
    const bad = await staff.post(`/api/v1/meetings/${m.id}/resolutions`, {
      text: '两个项目，第二个的责任单位不存在',
      projects: [
        { title: '好项目', ownerUnitId: U.cg },
        { title: '坏项目', ownerUnitId: 'no-such-unit' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'projects.1.ownerUnitId', code: 'unknown_reference' }] });
    // a zod failure inside a project row names it too
    const empty = await staff.post(`/api/v1/meetings/${m.id}/resolutions`, { text: '决议', projects: [{ title: '', ownerUnitId: U.cg }] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toBe('projects.0.title');
    expect(await counts()).toEqual(before);
    // the meeting's own fields
    const noTitle = await staff.post('/api/v1/meetings', { title: ' ', heldAt: env.clock.now() });
    expect([noTitle.statusCode, noTitle.json().error.details[0].path]).toEqual([400, 'title']);
    const future = await staff.post(`/api/v1/meetings/${(await meeting(staff)).id}/hold`, { minutes: '纪要', heldAt: env.clock.now() + DAY });
    expect([future.statusCode, future.json().error.details[0].path]).toEqual([400, 'heldAt']);
    const window = await staff.get('/api/v1/meetings?from=10&to=5');
    expect([window.statusCode, window.json().error.details[0].path]).toEqual([400, 'to']);
  });

  it('refuses unit handlers and merchants (403), another alliance (404), and items of cases out of reach', async () => {
    const m = await meeting(staff);
    for (const c of [handler, merchant]) {
      expect((await c.get('/api/v1/meetings')).statusCode).toBe(403);
      expect((await c.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(403);
      expect((await c.post('/api/v1/meetings', { title: '自己开会', heldAt: env.clock.now() })).statusCode).toBe(403);
      expect((await c.post(`/api/v1/meetings/${m.id}/topics`, { title: '议题' })).statusCode).toBe(403);
    }
    // the timeline entry is for staff and the handling unit, not for the reporter
    const own = await merchant.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: catId, description: '门口烧烤摊油烟', gridId: gridA }, 201);
    await act(staff, own.id, 'dispatch', { leadUnitId: U.cg });
    await act(handler, own.id, 'escalate', { reason: '需联席会议协调' });
    const ownItem = (await staff.ok('GET', '/api/v1/agenda-items?state=waiting&pageSize=200')).items.find((i: { ticketId: string }) => i.ticketId === own.id);
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: ownItem.id });
    const actions = async (c: Client) => (await c.ok('GET', `/api/v1/tickets/${own.id}`)).timeline.map((e: { action: string }) => e.action);
    expect(await actions(handler)).toContain('agenda_take');
    expect(await actions(merchant)).not.toContain('agenda_take');
    // the reporter reads the item as taken, without the meeting
    const mine = (await merchant.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { ticketId: string }) => i.ticketId === own.id);
    expect(mine).toMatchObject({ state: 'taken', meetingId: null, meetingTitle: null });

    // another alliance's meeting does not exist for B's admin; nor do A's items for B's meetings
    expect((await adminB.get(`/api/v1/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/v1/meetings/${m.id}`, { title: '越权' })).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/meetings/${m.id}/cancel`, {})).statusCode).toBe(404);
    expect((await adminB.ok('GET', '/api/v1/meetings')).items.map((x: { id: string }) => x.id)).not.toContain(m.id);
    const item = await blown('跨联盟议题');
    const mB = await meeting(adminB);
    expect((await adminB.post(`/api/v1/meetings/${mB.id}/agenda`, { agendaItemId: item.itemId })).statusCode).toBe(404);

    // a committee member whose role reaches one grid takes only that grid's cases
    const gridMember = await gridCommitteeMember(env, A.id, gridA);
    const outside = await blown('第二网格的噪音', gridB);
    const inside = await blown('第一网格的噪音', gridA);
    expect((await gridMember.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: outside.itemId })).statusCode).toBe(404);
    await gridMember.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: inside.itemId });
    // staff take the other one; the grid member reads it on the agenda without the case's details
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: outside.itemId });
    const seen = await gridMember.ok('GET', `/api/v1/meetings/${m.id}`);
    const hidden = seen.agenda.find((i: { id: string }) => i.id === outside.itemId);
    expect(hidden).toMatchObject({ kind: 'case', ticketId: null, title: '', description: null });
    expect(JSON.stringify(seen)).not.toContain('第二网格的噪音');
  });
});
