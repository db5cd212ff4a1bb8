import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';
import { act, blownCase, gridCommitteeMember, MINUTE, planMeeting } from './meetingCases.ts';

// Joint meetings seen as an attacker would: numbers typed into a meeting, ids of another alliance, a narrower scope,
// concurrent takes, bad input and what the public (Open311, the tracking page) may see of the agenda events.

type Alli = { id: string; roles: Record<string, string> };
const PHONE = '13912345678';
const ID_NUMBER = '110101199003071234';

describe(`joint meetings under review (${TEST_DB})`, () => {
  let env: TestEnv;
  let A: Alli;
  let B: Alli;
  let staff: Client;
  let adminA: Client;
  let adminB: Client;
  let unitA: string;
  let unitB: string;
  let gridA: string;
  let gridB: string;
  let catId: string;

  /** A case of the grid dispatched and 吹哨 by `by` (staff unless told); returns the ticket and its waiting item. */
  const blown = (title: string, gridId = gridA, by = staff, unitId = unitA) => blownCase(by, { title, gridId, unitId });
  const meeting = (c: Client, body: Record<string, unknown> = {}) => planMeeting(env, c, body);
  /** Rows a rejected request must leave alone. */
  const counts = async () => {
    const tables = ['meetings', 'meeting_topics', 'resolutions', 'projects', 'ticket_events', 'audit_log'] as const;
    const out = {} as Record<(typeof tables)[number] | 'taken', number>;
    for (const t of tables) out[t] = await countRows(env, t);
    out.taken = (await env.deps.db.selectFrom('agenda_candidates').select('id').where('meeting_id', 'is not', null).execute()).length;
    return out;
  };

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('MRA');
    B = await env.alliance('MRB');
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    adminA = await env.member(A.id, A.roles['联盟管理员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    unitA = (await staff.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id;
    unitB = (await adminB.ok('POST', '/api/v1/units', { kind: 'regulator', name: '市场监管所' })).id;
    gridA = (await staff.ok('POST', '/api/v1/grids', { name: '第一网格' })).id;
    gridB = (await staff.ok('POST', '/api/v1/grids', { name: '第二网格' })).id;
    catId = (await staff.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id;
  }, 120_000);
  afterAll(async () => env?.close());

  it('masks phone and ID numbers typed into a meeting in every answer, the agenda list, the timeline and the audit records', async () => {
    const leaked: string[] = [];
    const check = (what: string, body: unknown) => {
      const s = typeof body === 'string' ? body : JSON.stringify(body);
      if (s.includes(PHONE) || s.includes(ID_NUMBER)) leaked.push(`${what}: ${s.slice(0, 300)}`);
    };
    const c = await blown('油烟扰民');
    const m = await meeting(staff, {
      title: '油烟问题协调会',
      place: `议事厅 ${ID_NUMBER}`,
      host: `王书记 ${PHONE}`,
      attendees: `李主任 ${PHONE}`,
    });
    check('create', m);
    // titles take no number any more (400 contains_number): a meeting titled before the rule carries one in its row
    await env.deps.db
      .updateTable('meetings')
      .set({ title: `油烟问题协调会 联系${PHONE}` })
      .where('id', '=', m.id)
      .execute();
    check('take', await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: c.itemId }));
    check('topic', await staff.ok('POST', `/api/v1/meetings/${m.id}/topics`, { title: '消防检查', description: `联系人身份证 ${ID_NUMBER}` }));
    await env.deps.db
      .updateTable('meeting_topics')
      .set({ title: `消防检查 ${PHONE}` })
      .where('meeting_id', '=', m.id)
      .execute();
    check('update', await staff.ok('PATCH', `/api/v1/meetings/${m.id}`, { attendees: `张三 ${PHONE}、李四` }));
    env.clock.advance(20 * MINUTE);
    check('hold', await staff.ok('POST', `/api/v1/meetings/${m.id}/hold`, { minutes: `会上商户代表（${PHONE}）发言` }));
    check(
      'resolve',
      await staff.ok(
        'POST',
        `/api/v1/meetings/${m.id}/resolutions`,
        { text: `由王经理 ${PHONE} 牵头整改`, projects: [{ title: '整改项目', ownerUnitId: unitA, description: `身份证 ${ID_NUMBER}` }] },
        201,
      ),
    );
    const other = await meeting(staff);
    check('cancel', await staff.ok('POST', `/api/v1/meetings/${other.id}/cancel`, { reason: `书记外出，联系 ${PHONE}` }));
    check('detail', await staff.ok('GET', `/api/v1/meetings/${m.id}`));
    check('list', await staff.ok('GET', '/api/v1/meetings?pageSize=100'));
    check('agenda list', await staff.ok('GET', '/api/v1/agenda-items?pageSize=200'));
    check('timeline', await staff.ok('GET', `/api/v1/tickets/${c.ticketId}`));
    check('audit', await adminA.ok('GET', '/api/v1/audit?entity=meeting&pageSize=200'));
    const stored = await env.deps.db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('entity', 'in', ['meeting', 'project'])
      .execute();
    expect(stored.length).toBeGreaterThan(5);
    check('stored audit', stored);
    expect(leaked).toEqual([]);
  });

  it('names the meeting on the case timeline only to who reads meetings, as the agenda list does', async () => {
    const handler = await env.member(A.id, A.roles['成员单位经办人'] as string, { unitId: unitA });
    const c = await blown('商铺外摆占道');
    const m = await meeting(staff, { title: '外摆问题专题会' });
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: c.itemId });
    const taken = async (who: Client) =>
      (await who.ok('GET', `/api/v1/tickets/${c.ticketId}`)).timeline.find((e: { action: string }) => e.action === 'agenda_take');
    expect(await taken(staff)).toMatchObject({ note: '外摆问题专题会', data: { meetingId: m.id } });
    // the handling unit reads that the case went onto an agenda, not which meeting (no meeting:read)
    expect(await taken(handler)).toMatchObject({ note: null, data: null });
    const item = (await handler.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { id: string }) => i.id === c.itemId);
    expect(item).toMatchObject({ state: 'taken', meetingId: null, meetingTitle: null });
  });

  it('does not take a confidential case onto a meeting, even for its contact (400, nothing written)', async () => {
    const contact = await env.member(A.id, A.roles['党委工作人员'] as string);
    const c = await blown('监测点反映：商户虚假宣传', gridA, contact);
    // the case turned out to be 监测点 conduct feedback: confidential, its contact the member who blew it
    await env.deps.db.updateTable('tickets').set({ confidential: 1, confidential_user_id: contact.userId }).where('id', '=', c.ticketId).execute();
    const m = await meeting(contact);
    const before = await counts();
    const r = await contact.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: c.itemId });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().error.details[0]).toMatchObject({ path: 'agendaItemId', code: 'confidential' });
    expect(await counts()).toEqual(before);
    // staff, who do not see it, find no such item
    expect((await staff.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: c.itemId })).statusCode).toBe(404);
  });

  it('does not let a member whose role reaches one grid remove a case outside it (404, nothing written)', async () => {
    const gridMember = await gridCommitteeMember(env, A.id, gridA);
    const outside = await blown('第二网格的占道经营', gridB);
    const inside = await blown('第一网格的占道经营', gridA);
    const m = await meeting(staff);
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: outside.itemId });
    await gridMember.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: inside.itemId });
    const before = await counts();
    const r = await gridMember.del(`/api/v1/meetings/${m.id}/agenda/${outside.itemId}`);
    expect(r.statusCode, r.body).toBe(404);
    expect(await counts()).toEqual(before);
    expect((await staff.ok('GET', `/api/v1/meetings/${m.id}`)).agenda.map((i: { id: string }) => i.id)).toContain(outside.itemId);
    // its own grid's case it removes
    const left = await gridMember.ok('DELETE', `/api/v1/meetings/${m.id}/agenda/${inside.itemId}`);
    expect(left.agenda.map((i: { id: string }) => i.id)).toEqual([outside.itemId]);
  });

  it('does not let a member whose role reaches one grid cancel or hold a meeting holding a case outside it (404, nothing written)', async () => {
    const gridMember = await gridCommitteeMember(env, A.id, gridA, '网格议事员（二）');
    const outside = await blown('第二网格的夜间施工', gridB);
    const inside = await blown('第一网格的夜间施工', gridA);
    const m = await meeting(staff);
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: outside.itemId });
    await gridMember.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: inside.itemId });
    const before = await counts();
    for (const [path, body] of [
      ['cancel', { reason: '改期' }],
      ['hold', { minutes: '纪要' }],
    ] as const) {
      const r = await gridMember.post(`/api/v1/meetings/${m.id}/${path}`, body);
      expect(r.statusCode, r.body).toBe(404);
      expect(r.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'agenda item not found' });
    }
    expect(await counts()).toEqual(before);
    const still = await staff.ok('GET', `/api/v1/meetings/${m.id}`);
    expect(still.status).toBe('planned');
    expect(still.agenda.map((i: { id: string }) => i.id).sort()).toEqual([outside.itemId, inside.itemId].sort());
    // the outside case is still on the agenda, not back on the waiting list
    const waiting = (await staff.ok('GET', '/api/v1/agenda-items?state=waiting&pageSize=200')).items as { id: string }[];
    expect(waiting.map((i) => i.id)).not.toContain(outside.itemId);
    // editing names, time and place touches no case: the member may still edit
    await gridMember.ok('PATCH', `/api/v1/meetings/${m.id}`, { place: '第一网格议事点' });
    // a meeting holding only cases of its grid (and topics) the member cancels and holds
    const own = await meeting(staff, { title: '第一网格议事会' });
    await gridMember.ok('POST', `/api/v1/meetings/${own.id}/agenda`, { agendaItemId: (await blown('第一网格的油烟', gridA)).itemId });
    await gridMember.ok('POST', `/api/v1/meetings/${own.id}/topics`, { title: '网格议事规则' });
    expect((await gridMember.ok('POST', `/api/v1/meetings/${own.id}/hold`, { minutes: '纪要' })).status).toBe('held');
    const mine = await meeting(staff, { title: '第一网格议事会（二）' });
    await gridMember.ok('POST', `/api/v1/meetings/${mine.id}/agenda`, { agendaItemId: (await blown('第一网格的噪音', gridA)).itemId });
    expect((await gridMember.ok('POST', `/api/v1/meetings/${mine.id}/cancel`, { reason: '改期' })).status).toBe('cancelled');
    // staff, who reach the whole alliance, cancel the first one: both cases wait again
    expect((await staff.ok('POST', `/api/v1/meetings/${m.id}/cancel`, {})).status).toBe('cancelled');
    const again = (await staff.ok('GET', '/api/v1/agenda-items?state=waiting&pageSize=200')).items as { id: string }[];
    expect(again.map((i) => i.id)).toEqual(expect.arrayContaining([outside.itemId, inside.itemId]));
  });

  it('takes one item once when two meetings take it at the same moment; every change one audit record, the chain verifies', async () => {
    const c = await blown('共享单车乱停放');
    const [m1, m2] = [await meeting(staff, { title: '第一次会' }), await meeting(staff, { title: '第二次会' })];
    const before = await counts();
    const results = await Promise.all([m1, m2].map((m) => staff.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: c.itemId })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const after = await counts();
    expect(after.taken).toBe(before.taken + 1);
    expect(after.audit_log).toBe(before.audit_log + 1);
    expect(after.ticket_events).toBe(before.ticket_events + 1);
    // hold and take on one meeting at once: either order, never a case taken onto a held meeting after it was held
    const d = await blown('夜市噪音');
    const [held, took] = await Promise.all([
      staff.post(`/api/v1/meetings/${m1.id}/hold`, { minutes: '纪要' }),
      staff.post(`/api/v1/meetings/${m1.id}/agenda`, { agendaItemId: d.itemId }),
    ]);
    expect(held.statusCode, held.body).toBe(200);
    expect([200, 409]).toContain(took.statusCode);
    expect((await staff.ok('GET', `/api/v1/meetings/${m1.id}`)).agenda.some((i: { id: string }) => i.id === d.itemId)).toBe(took.statusCode === 200);
    expect((await env.city.ok('GET', '/api/v1/audit/verify')).ok).toBe(true);
  });

  it('writes nothing for an edit that changes nothing: no audit record, updatedAt kept, the meeting answered as it is', async () => {
    const m = await meeting(staff, { place: `议事厅 ${PHONE}`, host: '王书记', attendees: null });
    env.clock.advance(MINUTE);
    const before = await counts();
    // an empty body, and the edit form saved as shown (numbers masked, the same time, an empty field left empty)
    const same = { title: m.title, heldAt: m.heldAt, place: m.place, host: m.host, attendees: null };
    for (const body of [{}, same]) {
      const r = await staff.ok('PATCH', `/api/v1/meetings/${m.id}`, body);
      expect(r).toMatchObject({ updatedAt: m.updatedAt, place: m.place, title: m.title });
    }
    expect(await counts()).toEqual(before);
    // a real change still writes once
    const changed = await staff.ok('PATCH', `/api/v1/meetings/${m.id}`, { ...same, host: '李主任' });
    expect(changed).toMatchObject({ host: '李主任', updatedAt: env.clock.now(), place: m.place });
    expect((await counts()).audit_log).toBe(before.audit_log + 1);
  });

  it("refuses another alliance's meeting, item, topic, unit and case on every route with 404 or 400, writing nothing", async () => {
    const mA = await meeting(staff);
    const topicA = (await staff.ok('POST', `/api/v1/meetings/${mA.id}/topics`, { title: 'A 的议题' })).agenda[0].id;
    const itemA = await blown('A 的案件');
    await staff.ok('POST', `/api/v1/meetings/${mA.id}/agenda`, { agendaItemId: itemA.itemId });
    const heldA = await meeting(staff);
    await staff.ok('POST', `/api/v1/meetings/${heldA.id}/hold`, { minutes: '纪要', heldAt: env.clock.now() - 1000 });
    const caseB = await adminB.ok(
      'POST',
      '/api/v1/tickets',
      { kind: 'report', categoryId: (await adminB.ok('GET', '/api/v1/categories?pageSize=100')).items[0].id, description: 'B 的案件' },
      201,
    );
    const before = await counts();
    const refused = [
      await adminB.get(`/api/v1/meetings/${mA.id}`),
      await adminB.patch(`/api/v1/meetings/${mA.id}`, { title: '越权' }),
      await adminB.post(`/api/v1/meetings/${mA.id}/hold`, { minutes: '越权' }),
      await adminB.post(`/api/v1/meetings/${mA.id}/cancel`, {}),
      await adminB.post(`/api/v1/meetings/${mA.id}/topics`, { title: '越权' }),
      await adminB.del(`/api/v1/meetings/${mA.id}/topics/${topicA}`),
      await adminB.del(`/api/v1/meetings/${mA.id}/agenda/${itemA.itemId}`),
      await adminB.post(`/api/v1/meetings/${heldA.id}/resolutions`, { text: '越权' }),
    ];
    for (const r of refused) expect(r.statusCode, r.body).toBe(404);
    // B's own meeting with A's item and topic ids
    const mB = await meeting(adminB);
    const intoB = [
      await adminB.post(`/api/v1/meetings/${mB.id}/agenda`, { agendaItemId: itemA.itemId }),
      await adminB.del(`/api/v1/meetings/${mB.id}/topics/${topicA}`),
      await adminB.del(`/api/v1/meetings/${mB.id}/agenda/${itemA.itemId}`),
    ];
    for (const r of intoB) expect(r.statusCode, r.body).toBe(404);
    // A's resolution naming B's unit or B's case
    for (const project of [
      { title: '越权项目', ownerUnitId: unitB },
      { title: '越权项目', ownerUnitId: unitA, ticketId: caseB.id },
    ]) {
      const r = await staff.post(`/api/v1/meetings/${heldA.id}/resolutions`, { text: '决议', projects: [project] });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details[0].path).toMatch(/^projects\.0\./);
    }
    const after = await counts();
    // B's meeting itself was written (one meeting, its audit record)
    expect(after).toEqual({ ...before, meetings: before.meetings + 1, audit_log: before.audit_log + 1 });
  });

  it('answers bad input with 400 naming the field and writes nothing', async () => {
    const m = await meeting(staff);
    const before = await counts();
    const now = env.clock.now();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/meetings', { title: '会', heldAt: 'NaN' }, 'heldAt'],
      ['POST', '/api/v1/meetings', { title: '会', heldAt: -1 }, 'heldAt'],
      ['POST', '/api/v1/meetings', { title: '会', heldAt: Date.UTC(9999, 0, 1) }, 'heldAt'],
      ['POST', '/api/v1/meetings', { title: '会', heldAt: now + 0.5 }, 'heldAt'],
      ['POST', '/api/v1/meetings', { title: '会'.repeat(81), heldAt: now }, 'title'],
      ['POST', '/api/v1/meetings', { title: 42, heldAt: now }, 'title'],
      ['POST', '/api/v1/meetings', { title: '会', heldAt: now, attendees: '人'.repeat(2001) }, 'attendees'],
      ['PATCH', `/api/v1/meetings/${m.id}`, { heldAt: null }, 'heldAt'],
      ['POST', `/api/v1/meetings/${m.id}/hold`, { minutes: '纪'.repeat(10_001) }, 'minutes'],
      ['POST', `/api/v1/meetings/${m.id}/hold`, { minutes: '纪要', heldAt: 1e20 }, 'heldAt'],
      ['POST', `/api/v1/meetings/${m.id}/cancel`, { reason: '因'.repeat(501) }, 'reason'],
      ['POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: ['x'] }, 'agendaItemId'],
      ['POST', `/api/v1/meetings/${m.id}/topics`, { title: '议'.repeat(81) }, 'title'],
      [
        'POST',
        `/api/v1/meetings/${m.id}/resolutions`,
        { text: '决议', projects: Array.from({ length: 21 }, () => ({ title: '项目', ownerUnitId: unitA })) },
        'projects',
      ],
      ['POST', `/api/v1/meetings/${m.id}/resolutions`, { text: '决'.repeat(2001) }, 'text'],
    ];
    for (const [method, url, body, field] of cases) {
      const r = await staff.req(method, url, body);
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body).slice(0, 80)}: ${r.body.slice(0, 200)}`).toBe(400);
      expect(r.json().error.details[0].path, url).toBe(field);
    }
    for (const qs of ['from=abc', 'to=1e400', 'status=done', 'from=10&to=5']) expect((await staff.get(`/api/v1/meetings?${qs}`)).statusCode, qs).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('bounds what one meeting holds: 100 agenda items, 50 resolutions (409, nothing written)', async () => {
    const m = await meeting(staff);
    const fill = async (table: 'meeting_topics' | 'resolutions', n: number) => {
      const rows = Array.from({ length: n }, (_, i) => ({
        id: `00000000-0000-7000-8000-${table === 'resolutions' ? 'a' : 'b'}${String(i).padStart(11, '0')}`,
        alliance_id: A.id,
        meeting_id: m.id,
        created_by: null,
        created_at: env.clock.now(),
        ...(table === 'meeting_topics' ? { title: `议题${i}`, description: null } : { text: `决议${i}` }),
      }));
      await env.deps.db
        .insertInto(table)
        .values(rows as never)
        .execute();
    };
    await fill('meeting_topics', 99);
    const c = await blown('第一百个议题');
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: c.itemId });
    const d = await blown('第一百零一个议题');
    const before = await counts();
    for (const r of [
      await staff.post(`/api/v1/meetings/${m.id}/agenda`, { agendaItemId: d.itemId }),
      await staff.post(`/api/v1/meetings/${m.id}/topics`, { title: '再加一个' }),
    ])
      expect([r.statusCode, r.json().error.details?.reason]).toEqual([409, 'agenda_full']);
    await staff.ok('POST', `/api/v1/meetings/${m.id}/hold`, { minutes: '纪要' });
    await fill('resolutions', 50);
    const more = await staff.post(`/api/v1/meetings/${m.id}/resolutions`, { text: '第五十一项决议' });
    expect([more.statusCode, more.json().error.details?.reason]).toEqual([409, 'resolutions_full']);
    const after = await counts();
    // only the hold was written (the meeting row, its audit record); the filled rows came before the count
    expect({ ...after, resolutions: before.resolutions, audit_log: before.audit_log }).toEqual(before);
    expect(after.audit_log).toBe(before.audit_log + 1);
  });

  it('keeps the agenda events out of Open311 and the public tracking page', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      remoteAddress: '10.77.0.1',
      payload: { allianceCode: 'MRA', categoryId: catId, description: '路口垃圾堆放多日无人清理', consent: true, reporterPhone: '13700001111', gridId: gridA },
    });
    expect(r.statusCode, r.body).toBe(201);
    const { number, trackingUrl } = r.json();
    const ticket = await env.deps.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirstOrThrow();
    await act(staff, ticket.id, 'dispatch', { leadUnitId: unitA });
    await act(staff, ticket.id, 'escalate', { reason: '需多部门协调' });
    const item = (await staff.ok('GET', '/api/v1/agenda-items?state=waiting&pageSize=200')).items.find((i: { ticketId: string }) => i.ticketId === ticket.id);
    const m = await meeting(staff, { title: '秘密议程会议' });
    await staff.ok('POST', `/api/v1/meetings/${m.id}/agenda`, { agendaItemId: item.id });
    await staff.ok('DELETE', `/api/v1/meetings/${m.id}/agenda/${item.id}`);
    const page = await env.app.inject({ method: 'GET', url: trackingUrl });
    expect(page.statusCode).toBe(200);
    for (const s of ['秘密议程会议', '联席会议']) expect(page.body).not.toContain(s);
    const open311 = await env.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json?jurisdiction_id=MRA` });
    expect(open311.statusCode, open311.body).toBe(200);
    expect(open311.body).not.toContain('秘密议程会议');
    expect(open311.body).not.toContain('agenda');
  });
});
