import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { runNotificationsOnce } from '../src/modules/notifications/index.ts';
import { countRows, insertPhoto, setupEnv, TEST_DB, type Client, type TestEnv } from './harness.ts';
import { insertMerchantRow } from './merchantRow.ts';

// Leaks inside one alliance found by an audit of data scope (2026-11-28): each case failed before its fix.

let env: TestEnv;
let allianceId: string;
let roles: Record<string, string>;
let admin: Client;
let gRoot: string;
let g1: string;
let g2: string;
let uU: string; // the unit conduct feedback concerns
let uV: string; // discipline office
let u1: string;
let cat: Record<string, string>;

const insertMerchant = async (fields: Partial<Record<string, unknown>> = {}): Promise<string> =>
  (await insertMerchantRow(env, { allianceId, gridId: g1 }, { name: '监测点·荷花芯超市', ...fields })).id;

const act = (c: Client, id: string, action: string, body: unknown = {}) => c.ok('POST', `/api/v1/tickets/${id}/actions/${action}`, body);

/** A member whose custom role holds the permissions within one grid (the first unless given). */
const gridMember = async (name: string, permissions: string[], gridId = g1): Promise<Client> =>
  env.member(allianceId, (await admin.ok('POST', '/api/v1/roles', { name, permissions, dataScope: 'grid' })).id, { scopeGridId: gridId });

/** A deduction by `by` on the shop with a fresh evidence photo, by the first catalogue item; returns the entry. */
const deduct = async (by: Client, shop: string): Promise<{ id: string }> => {
  const items = (await by.ok('GET', '/api/v1/credit/catalogue')).items as { id: string }[];
  const photo = await insertPhoto(env, allianceId);
  return by.ok('POST', `/api/v1/merchants/${shop}/credit/entries`, { kind: 'deduction', itemId: items[0]!.id, place: '店门口', photos: [photo] }, 201);
};

beforeAll(async () => {
  env = await setupEnv();
  const a = await env.alliance('SCL', '荷花芯商圈党建联盟');
  allianceId = a.id;
  roles = a.roles;
  admin = env.city;
  gRoot = (await admin.ok('POST', '/api/v1/grids', { name: '荷花芯社区' })).id;
  g1 = (await admin.ok('POST', '/api/v1/grids', { name: '第一网格', parentId: gRoot })).id;
  g2 = (await admin.ok('POST', '/api/v1/grids', { name: '第二网格', parentId: gRoot })).id;
  uU = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '稠城市场监管所' })).id;
  uV = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '街道纪工委' })).id;
  u1 = (await admin.ok('POST', '/api/v1/units', { kind: 'regulator', name: '城管中队' })).id;
  const cats = await admin.ok('GET', '/api/v1/categories?pageSize=100');
  cat = Object.fromEntries(cats.items.map((c: { code: string; id: string }) => [c.code, c.id]));
}, 120_000);
afterAll(async () => env?.close());

describe(`data scope inside an alliance (${TEST_DB})`, () => {
  it('a confidential case is not opened as a project (the whole alliance reads projects), nor linked to one', async () => {
    const liaisonPerson = await admin.ok('POST', '/api/v1/people', { name: '陈联络' });
    const point = await insertMerchant({ monitoring_point: 1, liaison_person_id: liaisonPerson.id });
    const liaison = await env.member(allianceId, roles['商户']!, { personId: liaisonPerson.id });
    const contact = await env.member(allianceId, roles['党委工作人员']!);
    const handlerU = await env.member(allianceId, roles['成员单位经办人']!, { unitId: uU });
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
    await admin.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.userId });
    const resource = await admin.ok('POST', '/api/v1/resources', { unitId: uV, category: 'policy', title: '纪检监督咨询' });
    const fb = await liaison.ok(
      'POST',
      '/api/v1/integrity/feedback',
      { merchantId: point, topic: 'conduct', concernedUnitId: uU, description: '执法人员吃拿卡要，要求商户请客' },
      201,
    );
    const r = await contact.post(`/api/v1/tickets/${fb.id}/dispatch-with-resource`, { resourceId: resource.id });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details).toMatchObject({ reason: 'confidential' });
    // nothing of it happened: still waiting for dispatch, no project
    expect((await contact.ok('GET', `/api/v1/tickets/${fb.id}`)).status).toBe('submitted');
    const projects = await handlerU.ok('GET', '/api/v1/projects?pageSize=200');
    expect(projects.items.filter((p: { ticketId: string | null }) => p.ticketId === fb.id)).toEqual([]);
    expect((await admin.get('/api/v1/audit?pageSize=200')).body).not.toContain('吃拿卡要');
    // the contact (who sees it) cannot link it to a project by hand either
    const linked = await contact.post('/api/v1/projects', { title: '作风问题整改', ownerUnitId: uV, ticketId: fb.id });
    expect(linked.statusCode).toBe(400);
    expect(linked.json().error.details).toEqual([expect.objectContaining({ path: 'ticketId', code: 'confidential' })]);
    // dispatched alone, it goes on as before
    await act(contact, fb.id, 'dispatch', { leadUnitId: uV });
  });

  it('a link to a confidential case made before such links were refused shows only to who sees the case', async () => {
    const liaisonPerson = await admin.ok('POST', '/api/v1/people', { name: '周联络' });
    const point = await insertMerchant({ monitoring_point: 1, liaison_person_id: liaisonPerson.id });
    const liaison = await env.member(allianceId, roles['商户']!, { personId: liaisonPerson.id });
    const contact = await env.member(allianceId, roles['党委工作人员']!);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const handlerU = await env.member(allianceId, roles['成员单位经办人']!, { unitId: uU });
    const handlerV = await env.member(allianceId, roles['成员单位经办人']!, { unitId: uV });
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
    await admin.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.userId });
    const fb = await liaison.ok(
      'POST',
      '/api/v1/integrity/feedback',
      { merchantId: point, topic: 'conduct', concernedUnitId: uU, description: '检查人员暗示商户购买指定灭火器' },
      201,
    );
    const ticket = await contact.ok('GET', `/api/v1/tickets/${fb.id}`);
    const p = await handlerV.ok('POST', '/api/v1/projects', { title: '消防器材规范采购宣传', ownerUnitId: uV }, 201);
    // the link as an older version let it be made
    await env.deps.db.updateTable('projects').set({ ticket_id: fb.id }).where('id', '=', p.id).execute();

    const views = async (c: Client) => {
      const one = await c.ok('GET', `/api/v1/projects/${p.id}`);
      const list = (await c.ok('GET', '/api/v1/projects?pageSize=200')).items.find((x: { id: string }) => x.id === p.id);
      const tree = (await c.ok('GET', '/api/v1/projects/tree?pageSize=200')).items.find((x: { id: string }) => x.id === p.id);
      const byTicket = await c.ok('GET', `/api/v1/projects?ticketId=${fb.id}`);
      const treeByTicket = await c.ok('GET', `/api/v1/projects/tree?ticketId=${fb.id}`);
      return { one, list, tree, byTicket, treeByTicket };
    };
    for (const c of [staff, handlerU, handlerV, admin]) {
      const v = await views(c);
      for (const x of [v.one, v.list, v.tree]) expect([x.ticketId, x.ticketNumber]).toEqual([null, null]);
      expect([v.byTicket.total, v.treeByTicket.total]).toEqual([0, 0]);
      const body = JSON.stringify(v);
      expect(body).not.toContain(fb.id);
      expect(body).not.toContain(ticket.number);
      expect(body).not.toContain(ticket.title);
    }
    // who sees the case sees the link: its contact, and the lead unit once the contact dispatched it
    for (const x of Object.values(await views(contact)).slice(0, 3)) expect(x.ticketNumber).toBe(ticket.number);
    expect((await contact.ok('GET', `/api/v1/projects?ticketId=${fb.id}`)).total).toBe(1);
    await act(contact, fb.id, 'dispatch', { leadUnitId: uV });
    expect((await handlerV.ok('GET', `/api/v1/projects/${p.id}`)).ticketNumber).toBe(ticket.number);
    expect((await handlerU.ok('GET', `/api/v1/projects/${p.id}`)).ticketNumber).toBe(null);
    // the audit record of a change to the project does not name the case either (its readers need not see it)
    await handlerV.ok('PATCH', `/api/v1/projects/${p.id}`, { title: '消防器材规范采购宣传（二期）' });
    const audit = (await admin.get('/api/v1/audit?entity=project&pageSize=200')).body;
    expect(audit).toContain('（二期）');
    expect(audit).not.toContain(ticket.number);
    expect(audit).not.toContain(fb.id);
  });

  it('the reporter reads their case on the agenda without the staff reason for the 吹哨', async () => {
    const reporter = await env.member(allianceId, roles['商户']!);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const t = await reporter.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '门口垃圾堆放', gridId: g1 }, 201);
    await act(staff, t.id, 'dispatch', { leadUnitId: u1 });
    await act(staff, t.id, 'escalate', { reason: '城管中队负责人推诿，内部督办' });
    const mine = (await reporter.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { ticketId: string }) => i.ticketId === t.id);
    expect(mine).toMatchObject({ ticketId: t.id, reason: null, source: 'manual' });
    const staffs = (await staff.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { ticketId: string }) => i.ticketId === t.id);
    expect(staffs.reason).toBe('城管中队负责人推诿，内部督办');
  });

  it('a dispatcher with a grid scope hears only of the cases in the grid', async () => {
    const role = await admin.ok('POST', '/api/v1/roles', {
      name: '网格派单员',
      permissions: ['alliance:read', 'ticket:read', 'ticket:create', 'ticket:dispatch'],
      dataScope: 'grid',
    });
    const gridDispatcher = await env.member(allianceId, role.id, { scopeGridId: g1 });
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const reporter = await env.member(allianceId, roles['商户']!);
    const outside = await reporter.ok(
      'POST',
      '/api/v1/tickets',
      { kind: 'report', categoryId: cat.SRHJ, description: '第二网格占道经营严重', gridId: g2 },
      201,
    );
    const inside = await reporter.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '第一网格占道经营', gridId: g1 }, 201);
    while ((await runNotificationsOnce(env.deps, 'scope-test')).events > 0) {
      /* drain */
    }
    const items = (await gridDispatcher.ok('GET', '/api/v1/inbox?pageSize=200')).items.map(
      (i: { ticketId: string; event: string }) => `${i.ticketId}:${i.event}`,
    );
    expect(items).toContain(`${inside.id}:create`);
    expect(items.filter((i: string) => i.startsWith(outside.id))).toEqual([]);
    // the committee (alliance scope) hears of both
    const all = (await staff.ok('GET', '/api/v1/inbox?pageSize=200')).items.map((i: { ticketId: string }) => i.ticketId);
    expect(all).toEqual(expect.arrayContaining([inside.id, outside.id]));

    // a dispatcher with a unit scope: of the cases its unit leads
    const unitRole = await admin.ok('POST', '/api/v1/roles', {
      name: '单位派单员',
      permissions: ['alliance:read', 'ticket:read', 'ticket:dispatch'],
      dataScope: 'unit',
    });
    const unitDispatcher = await env.member(allianceId, unitRole.id, { unitId: u1 });
    const h1 = await env.member(allianceId, roles['成员单位经办人']!, { unitId: u1 });
    const hV = await env.member(allianceId, roles['成员单位经办人']!, { unitId: uV });
    await act(staff, inside.id, 'dispatch', { leadUnitId: u1 });
    await act(staff, outside.id, 'dispatch', { leadUnitId: uV });
    await act(h1, inside.id, 'accept');
    await act(hV, outside.id, 'accept');
    while ((await runNotificationsOnce(env.deps, 'scope-test')).events > 0) {
      /* drain */
    }
    const accepts = (await unitDispatcher.ok('GET', '/api/v1/inbox?pageSize=200')).items
      .filter((i: { event: string }) => i.event === 'accept')
      .map((i: { ticketId: string }) => i.ticketId);
    expect(accepts).toEqual([inside.id]);
  });

  it("a dispatcher with a grid scope hears of the credit notices of the grid's shops only", async () => {
    const gridDispatcher = await gridMember('网格派单员3', ['alliance:read', 'ticket:read', 'ticket:dispatch', 'merchant:read']);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const objectionOf = async (gridId: string) => {
      const person = await admin.ok('POST', '/api/v1/people', { name: '店主' });
      const shop = await insertMerchant({ grid_id: gridId, operator_person_id: person.id, name: `商户${gridId.slice(-4)}` });
      const operator = await env.member(allianceId, roles['商户']!, { personId: person.id });
      const e = await deduct(staff, shop);
      await operator.ok('POST', `/api/v1/merchants/${shop}/credit/objections`, { entryId: e.id, reason: '当时已整改完毕' }, 201);
      return shop;
    };
    const near = await objectionOf(g1);
    const far = await objectionOf(g2);
    while ((await runNotificationsOnce(env.deps, 'scope-test')).events > 0) {
      /* drain */
    }
    const filed = async (c: Client) =>
      (await c.ok('GET', '/api/v1/inbox?pageSize=200')).items
        .filter((i: { event: string }) => i.event === 'credit_objection_filed')
        .map((i: { merchantId: string }) => i.merchantId);
    expect(await filed(gridDispatcher)).toEqual([near]);
    expect(await filed(staff)).toEqual(expect.arrayContaining([near, far]));
  });

  it("a decider with a grid scope works the objections of the grid's shops only", async () => {
    const gridDecider = await gridMember('网格信用裁决员', ['alliance:read', 'merchant:read', 'credit:decide']);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const objectionOf = async (gridId: string, reason: string) => {
      const shop = await insertMerchant({ grid_id: gridId, name: `异议商户${gridId.slice(-4)}` });
      const e = await deduct(staff, shop);
      const o = await staff.ok('POST', `/api/v1/merchants/${shop}/credit/objections`, { entryId: e.id, reason }, 201);
      return { id: o.id as string, shop };
    };
    const { id: near } = await objectionOf(g1, '一网格：当时已整改完毕');
    const { id: far, shop: farShop } = await objectionOf(g2, '二网格：当时已整改完毕');
    const queue = await gridDecider.ok('GET', '/api/v1/credit/objections?pageSize=200');
    const ids = queue.items.map((o: { id: string }) => o.id);
    expect(ids).toContain(near);
    expect(ids).not.toContain(far);
    // the total counts what the queue lists (an earlier test left a g1 objection too), never the shops out of reach
    expect(queue.total).toBe(ids.length);
    expect(JSON.stringify(queue)).not.toContain('二网格');
    expect((await gridDecider.ok('GET', `/api/v1/credit/objections?status=pending&pageSize=200`)).total).toBe(ids.length);
    expect((await gridDecider.ok('GET', `/api/v1/credit/objections?merchantId=${farShop}`)).total).toBe(0);
    expect((await staff.ok('GET', `/api/v1/credit/objections?merchantId=${farShop}`)).total).toBe(1);
    // deciding one out of reach is 404 and changes nothing; the committee (alliance scope) still decides it
    const r = await gridDecider.post(`/api/v1/credit/objections/${far}/decision`, { upheld: true, note: '越权裁决' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('二网格');
    const all = (await staff.ok('GET', '/api/v1/credit/objections?pageSize=200')).items.map((o: { id: string; status: string }) => [o.id, o.status]);
    expect(all).toEqual(
      expect.arrayContaining([
        [near, 'pending'],
        [far, 'pending'],
      ]),
    );
    expect((await gridDecider.ok('POST', `/api/v1/credit/objections/${near}/decision`, { upheld: false, note: '证据充分' })).status).toBe('rejected');
    expect((await staff.ok('POST', `/api/v1/credit/objections/${far}/decision`, { upheld: true, note: '整改到位' })).status).toBe('upheld');
  });

  it("a decider with a grid scope reads the credit notices of the grid's shops only", async () => {
    const gridDecider = await gridMember('网格信用裁决员·通知', ['alliance:read', 'merchant:read', 'credit:decide']);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    // an objection leaves a notice to the committee, its decision one to the shop
    const noticesOf = async (gridId: string, name: string) => {
      const shop = await insertMerchant({ grid_id: gridId, name });
      const e = await deduct(staff, shop);
      const o = await staff.ok('POST', `/api/v1/merchants/${shop}/credit/objections`, { entryId: e.id, reason: `${name}：已整改` }, 201);
      await staff.ok('POST', `/api/v1/credit/objections/${o.id}/decision`, { upheld: false, note: `${name}：证据充分` });
      return shop;
    };
    const near = await noticesOf(g1, '通知商户·一网格');
    const far = await noticesOf(g2, '通知商户·二网格');
    for (const audience of [null, 'committee', 'merchant']) {
      const url = `/api/v1/credit/notices?pageSize=200${audience ? `&audience=${audience}` : ''}`;
      const page = await gridDecider.ok('GET', url);
      const shops = page.items.map((n: { merchantId: string }) => n.merchantId);
      expect(shops).toContain(near);
      expect(shops).not.toContain(far);
      // the total counts what the list shows (earlier tests left notices of other g1 shops), never the shops out of reach
      expect(page.total).toBe(shops.length);
      expect(JSON.stringify(page)).not.toContain('二网格');
      // the committee (alliance scope) reads them all
      const all = (await staff.ok('GET', url)).items.map((n: { merchantId: string }) => n.merchantId);
      expect(all).toEqual(expect.arrayContaining([near, far]));
    }
    // one shop's notices: out of reach is 404, as the shop's record
    expect((await gridDecider.get(`/api/v1/merchants/${far}/credit/notices`)).statusCode).toBe(404);
    expect((await gridDecider.ok('GET', `/api/v1/merchants/${near}/credit/notices`)).total).toBe(1);
  });

  it("a decider with a grid scope gives verdicts on the grid's complaints only, and nothing is written for another", async () => {
    const gridDecider = await gridMember('网格信用裁决员·投诉', ['alliance:read', 'merchant:read', 'ticket:read', 'credit:decide']);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const complaintOf = async (gridId: string, name: string) => {
      const shop = await insertMerchant({ grid_id: gridId, name });
      const t = await staff.ok('POST', '/api/v1/tickets', { kind: 'complaint', categoryId: cat.XFJF, description: `${name}缺斤少两`, gridId }, 201);
      // the integrity page's complaint form links the merchant; here the link is written directly
      await env.deps.db.updateTable('tickets').set({ merchant_id: shop }).where('id', '=', t.id).execute();
      return { shop, ticket: t.id as string };
    };
    const near = await complaintOf(g1, '投诉商户·一网格');
    const far = await complaintOf(g2, '投诉商户·二网格');
    // out of reach: 404 as the verdict state answers, and no verdict, deduction, timeline event or audit record
    expect((await gridDecider.get(`/api/v1/tickets/${far.ticket}/verdict`)).statusCode).toBe(404);
    const r = await gridDecider.post(`/api/v1/tickets/${far.ticket}/verdict`, { upheld: true, deduct: true, note: '越权裁决' });
    expect(r.statusCode).toBe(404);
    expect(r.body).not.toContain('二网格');
    const tk = await env.deps.db.selectFrom('tickets').select(['complaint_verdict', 'verdict_at']).where('id', '=', far.ticket).executeTakeFirstOrThrow();
    expect(tk).toEqual({ complaint_verdict: null, verdict_at: null });
    const credit = await staff.ok('GET', `/api/v1/merchants/${far.shop}/credit`);
    expect([credit.points, credit.entries]).toEqual([12, []]);
    expect((await staff.ok('GET', `/api/v1/tickets/${far.ticket}`)).timeline.map((e: { action: string }) => e.action)).not.toContain('verdict');
    const audited = await env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'ticket.verdict').where('entity_id', '=', far.ticket).execute();
    expect(audited).toEqual([]);
    // in reach it works as before; the committee (alliance scope) decides the other
    expect(await gridDecider.ok('POST', `/api/v1/tickets/${near.ticket}/verdict`, { upheld: true, deduct: true })).toMatchObject({
      verdict: 'upheld',
      points: 9,
    });
    expect(await staff.ok('POST', `/api/v1/tickets/${far.ticket}/verdict`, { upheld: false })).toMatchObject({ verdict: 'rejected', points: 12 });
  });

  it("an evaluation round is the alliance's act: a decider with a narrower scope neither runs nor reads one", async () => {
    const perms = ['alliance:read', 'merchant:read', 'credit:decide'];
    const gridRole = await admin.ok('POST', '/api/v1/roles', { name: '网格信用裁决员·评选', permissions: perms, dataScope: 'grid' });
    const unitRole = await admin.ok('POST', '/api/v1/roles', { name: '单位信用裁决员·评选', permissions: perms, dataScope: 'unit' });
    const gridDecider = await env.member(allianceId, gridRole.id, { scopeGridId: g1 });
    // a unit without a grid reaches every shop of the district, and still does not speak for the alliance
    const unitDecider = await env.member(allianceId, unitRole.id, { unitId: u1 });
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    await insertMerchant({ grid_id: g1, name: '评选商户·一网格' });
    await insertMerchant({ grid_id: g2, name: '评选商户·二网格' });
    const refused = (r: { statusCode: number; json: () => { error: { code: string; details: unknown } } }) => {
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'alliance_scope_required' } });
    };
    const rounds = await countRows(env, 'credit_rounds', allianceId);
    for (const c of [gridDecider, unitDecider]) refused(await c.post('/api/v1/credit/rounds', { name: '网格示范户评选', plaqueKind: 'demonstration' }));
    expect(await countRows(env, 'credit_rounds', allianceId)).toBe(rounds);
    // the committee's round ranks the shops of every grid
    const round = await staff.ok('POST', '/api/v1/credit/rounds', { name: '2026年度示范户评选', plaqueKind: 'demonstration' }, 201);
    const names = round.items.map((c: { merchantName: string }) => c.merchantName);
    expect(names).toEqual(expect.arrayContaining(['评选商户·一网格', '评选商户·二网格']));
    const first = round.items[0].merchantId as string;
    for (const c of [gridDecider, unitDecider]) {
      refused(await c.get('/api/v1/credit/rounds'));
      const detail = await c.get(`/api/v1/credit/rounds/${round.id}`);
      refused(detail);
      expect(detail.body).not.toContain('评选商户');
      // an unknown round answers the same: nothing tells whether one exists
      refused(await c.get(`/api/v1/credit/rounds/${newId()}`));
      refused(await c.post(`/api/v1/credit/rounds/${round.id}/candidates/${first}/decision`, { approve: true }));
      refused(await c.post(`/api/v1/credit/rounds/${round.id}/finish`));
    }
    // nothing was decided or finished; the committee goes on with its round
    const after = await staff.ok('GET', `/api/v1/credit/rounds/${round.id}`);
    expect(after).toMatchObject({ status: 'open', approved: 0, rejected: 0 });
    expect(after.items.every((c: { decision: string }) => c.decision === 'pending')).toBe(true);
    await staff.ok('POST', `/api/v1/credit/rounds/${round.id}/candidates/${first}/decision`, { approve: true });
    expect(await staff.ok('POST', `/api/v1/credit/rounds/${round.id}/finish`)).toMatchObject({ status: 'finished', approved: 1 });
  });

  it("the credit rules are the alliance's: a decider with a narrower scope reads them and changes none", async () => {
    const perms = ['alliance:read', 'merchant:read', 'credit:decide'];
    const gridRole = await admin.ok('POST', '/api/v1/roles', { name: '网格信用裁决员·规则', permissions: perms, dataScope: 'grid' });
    const unitRole = await admin.ok('POST', '/api/v1/roles', { name: '单位信用裁决员·规则', permissions: perms, dataScope: 'unit' });
    const gridDecider = await env.member(allianceId, gridRole.id, { scopeGridId: g1 });
    const unitDecider = await env.member(allianceId, unitRole.id, { unitId: u1 });
    const inspector = await env.member(allianceId, roles['网格员']!, { scopeGridId: g1 });
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const shop = await insertMerchant({ grid_id: g1, name: '规则商户·一网格' });
    const refused = (r: { statusCode: number; json: () => { error: { code: string; details: unknown } } }) => {
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'alliance_scope_required' } });
    };
    const settings = await staff.ok('GET', '/api/v1/credit/settings');
    const items = (await staff.ok('GET', '/api/v1/credit/catalogue')).items as { id: string; code: string; points: number }[];
    const db = env.deps.db;
    const snapshot = async () => ({
      settings: await db.selectFrom('credit_settings').selectAll().where('alliance_id', '=', allianceId).execute(),
      items: await db.selectFrom('credit_items').selectAll().where('alliance_id', '=', allianceId).orderBy('id').execute(),
      audit: await db.selectFrom('audit_log').select('id').where('action', 'in', ['credit.settings', 'credit.item_create', 'credit.item_update']).execute(),
    });
    const before = await snapshot();
    for (const c of [gridDecider, unitDecider]) {
      refused(await c.req('PUT', '/api/v1/credit/settings', { ...settings, objectionDays: 3 }));
      refused(await c.post('/api/v1/credit/catalogue', { code: 'grid_rule', name: '网格自定扣分项', points: 5 }));
      refused(await c.patch(`/api/v1/credit/catalogue/${items[0]!.id}`, { points: 12 }));
      // an unknown item answers the same: nothing tells whether one exists
      refused(await c.patch(`/api/v1/credit/catalogue/${newId()}`, { points: 1 }));
    }
    // nothing changed: the same settings, items and audit trail
    expect(await snapshot()).toEqual(before);
    expect(await staff.ok('GET', '/api/v1/credit/settings')).toEqual(settings);
    // reading them stays open: the deciders see the rules, the inspector deducts by the catalogue
    for (const c of [gridDecider, unitDecider, inspector]) {
      expect(await c.ok('GET', '/api/v1/credit/settings')).toEqual(settings);
      expect((await c.ok('GET', '/api/v1/credit/catalogue')).items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: items[0]!.id, points: items[0]!.points })]),
      );
    }
    const photo = await insertPhoto(env, allianceId);
    const e = await inspector.ok('POST', `/api/v1/merchants/${shop}/credit/entries`, { kind: 'deduction', itemId: items[0]!.id, photos: [photo] }, 201);
    expect(e).toMatchObject({ kind: 'deduction', pointsApplied: items[0]!.points });
    // the committee (alliance scope) still keeps them
    expect(await staff.ok('PUT', '/api/v1/credit/settings', { ...settings, objectionDays: 20 })).toMatchObject({ objectionDays: 20 });
    const added = await staff.ok('POST', '/api/v1/credit/catalogue', { code: 'alliance_rule', name: '联盟新增扣分项', points: 3 }, 201);
    expect(await staff.ok('PATCH', `/api/v1/credit/catalogue/${added.id}`, { points: 4 })).toMatchObject({ points: 4 });
    expect((await gridDecider.ok('GET', '/api/v1/credit/settings')).objectionDays).toBe(20);
    await staff.ok('PUT', '/api/v1/credit/settings', settings);
  });

  it("the confidential contact is the alliance's: an admin with a narrower scope reads it and names none", async () => {
    const perms = ['alliance:read', 'alliance:write', 'ticket:read', 'ticket:dispatch'];
    const gridAdmin = await env.member(
      allianceId,
      (await admin.ok('POST', '/api/v1/roles', { name: '网格管理员·专人', permissions: perms, dataScope: 'grid' })).id,
      {
        scopeGridId: g1,
      },
    );
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const contact = await env.member(allianceId, roles['党委工作人员']!);
    const before = await admin.ok('GET', '/api/v1/integrity/settings');
    const audited = () => env.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'integrity.settings.update').execute();
    const trail = await audited();
    const r = await gridAdmin.req('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.userId });
    expect(r.statusCode).toBe(403);
    expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'alliance_scope_required' } });
    // nothing changed, nothing audited; reading it stays open
    expect(await gridAdmin.ok('GET', '/api/v1/integrity/settings')).toEqual(before);
    expect(await audited()).toEqual(trail);
    // an admin of the whole alliance names the contact
    expect(await admin.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.userId })).toMatchObject({
      confidentialContactUserId: contact.userId,
    });
    expect((await staff.ok('GET', '/api/v1/integrity/settings')).confidentialContactUserId).toBe(contact.userId);
    await admin.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: before.confidentialContactUserId });
  });

  it('a case out of reach is no target for a merge', async () => {
    const role = await admin.ok('POST', '/api/v1/roles', {
      name: '网格派单员2',
      permissions: ['alliance:read', 'ticket:read', 'ticket:create', 'ticket:dispatch'],
      dataScope: 'grid',
    });
    const gd = await env.member(allianceId, role.id, { scopeGridId: g1 });
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const outside = await staff.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '二网格路灯不亮', gridId: g2 }, 201);
    const mine = await gd.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '一网格路灯不亮', gridId: g1 }, 201);
    const r = await gd.post(`/api/v1/tickets/${mine.id}/actions/merge`, { targetId: outside.id });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain(outside.number);
    expect((await staff.ok('GET', `/api/v1/tickets/${outside.id}`)).timeline.map((e: { action: string }) => e.action)).toEqual(['create']);
  });

  it("masks numbers in the reporter's rating comment for everyone but the reporter, export included", async () => {
    const reporter = await env.member(allianceId, roles['商户']!);
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const h1 = await env.member(allianceId, roles['成员单位经办人']!, { unitId: u1 });
    const t = await reporter.ok('POST', '/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '门口积水', gridId: g1 }, 201);
    await act(staff, t.id, 'dispatch', { leadUnitId: u1 });
    await act(h1, t.id, 'accept');
    await act(h1, t.id, 'resolve', { feedback: '已疏通' });
    const comment = '没解决，请直接打我电话13912345678，身份证330782199001011234';
    await act(reporter, t.id, 'rate', { stars: 2, solved: false, comment });
    for (const c of [staff, h1]) {
      const detail = await c.ok('GET', `/api/v1/tickets/${t.id}`);
      const seen = detail.rating.comment as string;
      expect(seen).toContain('139****5678');
      expect(seen).not.toContain('13912345678');
      expect(seen).not.toContain('330782199001011234');
      // nowhere else in the answer either (the rating's timeline entry carries it in its data)
      expect(JSON.stringify(detail)).not.toContain('13912345678');
      expect(JSON.stringify(detail)).not.toContain('330782199001011234');
    }
    expect((await reporter.ok('GET', `/api/v1/tickets/${t.id}`)).rating.comment).toBe(comment);
    const x = await staff.get(`/api/v1/tickets/export?q=${encodeURIComponent(t.number)}`);
    expect(x.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
    expect(cells.some((v) => v.includes('139****5678'))).toBe(true);
    expect(cells.some((v) => v.includes('13912345678'))).toBe(false);
  });

  it('a project links only a case its author can see', async () => {
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const h1 = await env.member(allianceId, roles['成员单位经办人']!, { unitId: u1 });
    const t = await staff.ok('POST', '/api/v1/tickets', { kind: 'need', categoryId: cat.SRHJ, description: '二网格商户需要法律咨询', gridId: g2 }, 201);
    const r = await h1.post('/api/v1/projects', { title: '法律咨询对接', ticketId: t.id });
    const bogus = await h1.post('/api/v1/projects', { title: '法律咨询对接', ticketId: newId() });
    expect([r.statusCode, r.json().error.details]).toEqual([bogus.statusCode, bogus.json().error.details]);
    expect(r.statusCode).toBe(400);
    // once dispatched to the unit, the case is theirs to link
    await act(staff, t.id, 'dispatch', { leadUnitId: u1 });
    expect((await h1.ok('POST', '/api/v1/projects', { title: '法律咨询对接', ticketId: t.id }, 201)).ticketNumber).toBe(t.number);
  });

  it('other merchants do not read who adopted a service project through its timeline', async () => {
    const shopA = await env.member(allianceId, roles['商户']!);
    const shopB = await env.member(allianceId, roles['商户']!);
    const manager = await env.member(allianceId, roles['成员单位经办人']!, { unitId: u1 });
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
    const p = await admin.ok('POST', '/api/v1/projects', { kind: 'service', title: '免费法律体检', ownerUnitId: u1, capacity: 5 }, 201);
    await shopA.ok('POST', `/api/v1/projects/${p.id}/adoptions`, { note: '我们店下周二下午有空，店长老李' }, 201);
    const adopts = async (c: Client) =>
      (await c.ok('GET', `/api/v1/projects/${p.id}/timeline`)).items
        .filter((e: { action: string }) => e.action === 'adopt')
        .map((e: { note: string }) => e.note);
    expect(await adopts(shopB)).toEqual([]);
    expect(await adopts(shopA)).toEqual(['我们店下周二下午有空，店长老李']);
    expect(await adopts(manager)).toEqual(['我们店下周二下午有空，店长老李']);
    // the rest of the timeline stays public
    expect((await shopB.ok('GET', `/api/v1/projects/${p.id}/timeline`)).items.map((e: { action: string }) => e.action)).toContain('create');
  });

  it("a shop reads on the timeline the cancellation of its own adoption by the unit, not other shops'", async () => {
    const shopA = await env.member(allianceId, roles['商户']!);
    const shopB = await env.member(allianceId, roles['商户']!);
    const shopC = await env.member(allianceId, roles['商户']!);
    const manager = await env.member(allianceId, roles['成员单位经办人']!, { unitId: u1 });
    const p = await manager.ok('POST', '/api/v1/projects', { kind: 'service', title: '消防安全培训进店', ownerUnitId: u1, capacity: 5 }, 201);
    const a = await shopA.ok('POST', `/api/v1/projects/${p.id}/adoptions`, { note: 'A店周一上午' }, 201);
    const b = await shopB.ok('POST', `/api/v1/projects/${p.id}/adoptions`, { note: 'B店周三下午' }, 201);
    await manager.ok('POST', `/api/v1/adoptions/${a.id}/cancel`);
    await manager.ok('POST', `/api/v1/adoptions/${b.id}/cancel`);
    const managerName = (await manager.ok('GET', '/api/v1/me')).user.displayName as string;
    const seen = async (c: Client) =>
      (await c.ok('GET', `/api/v1/projects/${p.id}/timeline`)).items
        .filter((e: { action: string }) => e.action === 'adopt' || e.action === 'adopt_cancel')
        .map((e: { action: string; note: string; actorName: string }) => [e.action, e.note, e.actorName]);
    const aName = a.adopterName as string;
    const bName = b.adopterName as string;
    const ofA = [
      ['adopt', 'A店周一上午', aName],
      ['adopt_cancel', aName, managerName],
    ];
    const ofB = [
      ['adopt', 'B店周三下午', bName],
      ['adopt_cancel', bName, managerName],
    ];
    expect(await seen(shopA)).toEqual(ofA);
    expect(await seen(shopB)).toEqual(ofB);
    expect(await seen(shopC)).toEqual([]);
    expect(await seen(manager)).toEqual([ofA[0], ofB[0], ofA[1], ofB[1]]);

    // events written before migration 0029 name their adopter from the cancelled adoptions; where two adopters share
    // the name the event notes, the event stays unnamed and neither shop reads it (as before the fix)
    const mig = await import('../src/db/migrations/0029_project_event_subject.ts');
    await mig.down(env.deps.db as never);
    await mig.up(env.deps.db as never);
    expect([await seen(shopA), await seen(shopB), await seen(shopC)]).toEqual([ofA, ofB, []]);
    await env.deps.db.updateTable('project_adoptions').set({ adopter_name: aName }).where('id', '=', b.id).execute();
    await env.deps.db.updateTable('project_events').set({ note: aName }).where('project_id', '=', p.id).where('note', '=', bName).execute();
    await mig.down(env.deps.db as never);
    await mig.up(env.deps.db as never);
    expect(await seen(shopA)).toEqual([ofA[0]]);
    expect(await seen(shopB)).toEqual([ofB[0]]);
  });

  it('a photo is shown to its uploader and to who can see a record holding it, nobody else', async () => {
    const staff = await env.member(allianceId, roles['党委工作人员']!);
    const h1 = await env.member(allianceId, roles['成员单位经办人']!, { unitId: u1 });
    const ownerPerson = await admin.ok('POST', '/api/v1/people', { name: '何老板' });
    const reporter = await env.member(allianceId, roles['商户']!, { personId: ownerPerson.id });
    const otherShop = await env.member(allianceId, roles['商户']!);
    const seen = async (c: Client, id: string) => (await c.get(`/api/v1/files/${id}/thumb`)).statusCode;
    const photo = await insertPhoto(env, allianceId);
    await env.deps.db.updateTable('files').set({ owner_user_id: reporter.userId }).where('id', '=', photo).execute();
    // before any record holds it: its uploader only (the form's preview)
    expect([await seen(reporter, photo), await seen(staff, photo), await seen(otherShop, photo)]).toEqual([200, 404, 404]);
    const t = await reporter.ok(
      'POST',
      '/api/v1/tickets',
      { kind: 'report', categoryId: cat.SRHJ, description: '店门口井盖破损', gridId: g1, photos: [photo] },
      201,
    );
    // the committee sees the case, the unit not yet, another shop never
    expect([await seen(staff, photo), await seen(h1, photo), await seen(otherShop, photo)]).toEqual([200, 404, 404]);
    // knowing the id is not enough: another shop cannot take the photo into a record of its own to read it
    const taken = await otherShop.post('/api/v1/tickets', { kind: 'report', categoryId: cat.SRHJ, description: '同样的问题', gridId: g1, photos: [photo] });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.details).toEqual([expect.objectContaining({ path: 'photos', code: 'unknown_file' })]);
    expect(await seen(otherShop, photo)).toBe(404);
    // its uploader may use it again, and the case may name it again (a comment on it)
    const again = await reporter.ok(
      'POST',
      '/api/v1/tickets',
      { kind: 'report', categoryId: cat.SRHJ, description: '又坏了', gridId: g1, photos: [photo] },
      201,
    );
    expect(again.photos.map((p: { id: string }) => p.id)).toEqual([photo]);
    await act(staff, t.id, 'comment', { note: '见原图', photos: [photo] });
    await act(staff, t.id, 'dispatch', { leadUnitId: u1 });
    expect(await seen(h1, photo)).toBe(200);
    // a timeline photo follows its case the same way
    const fixed = await insertPhoto(env, allianceId);
    await act(h1, t.id, 'accept');
    await act(h1, t.id, 'resolve', { feedback: '已更换井盖', photos: [fixed] });
    expect([await seen(reporter, fixed), await seen(staff, fixed), await seen(otherShop, fixed)]).toEqual([200, 200, 404]);

    // a deduction's evidence: who reads the shop's record (its operator, the committee), not another shop
    const shop = await insertMerchant({ operator_person_id: ownerPerson.id });
    const evidence = await insertPhoto(env, allianceId);
    const items = (await staff.ok('GET', '/api/v1/credit/catalogue')).items as { id: string }[];
    await staff.ok('POST', `/api/v1/merchants/${shop}/credit/entries`, { kind: 'deduction', itemId: items[0]!.id, place: '店门口', photos: [evidence] }, 201);
    expect([await seen(reporter, evidence), await seen(staff, evidence), await seen(otherShop, evidence)]).toEqual([200, 200, 404]);

    // a photo on two projects (its uploader reports the same scene twice) is read by whoever reads projects
    const site = await insertPhoto(env, allianceId);
    await env.deps.db.updateTable('files').set({ owner_user_id: h1.userId }).where('id', '=', site).execute();
    for (const title of ['店招整治一期', '店招整治二期']) {
      const p = await h1.ok('POST', '/api/v1/projects', { title, ownerUnitId: u1 }, 201);
      await h1.ok('POST', `/api/v1/projects/${p.id}/progress`, { progress: 50, photos: [site] });
    }
    expect([await seen(staff, site), await seen(otherShop, site)]).toEqual([200, 200]);

    // the migration finds the holders of photos stored before it from the records' photo lists
    const mig = await import('../src/db/migrations/0028_file_refs.ts');
    await mig.down(env.deps.db as never);
    await mig.up(env.deps.db as never);
    expect([await seen(h1, photo), await seen(reporter, fixed), await seen(reporter, evidence), await seen(otherShop, photo)]).toEqual([200, 200, 200, 404]);
  });

  it('a grid manager takes grid members only from the people in reach', async () => {
    await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
    const other = await admin.ok('POST', '/api/v1/people', { name: '二网格张三', gridId: g2 });
    const near = await admin.ok('POST', '/api/v1/people', { name: '一网格李四', gridId: g1 });
    const role = await admin.ok('POST', '/api/v1/roles', {
      name: '网格长',
      permissions: ['alliance:read', 'grid:read', 'grid:write', 'person:read'],
      dataScope: 'grid',
    });
    const gm = await env.member(allianceId, role.id, { scopeGridId: g1 });
    const r = await gm.post(`/api/v1/grids/${g1}/members`, { personId: other.id, role: 'grid_officer' });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain('二网格张三');
    const ok = await gm.ok('POST', `/api/v1/grids/${g1}/members`, { personId: near.id, role: 'grid_officer' });
    expect(JSON.stringify(ok)).toContain('一网格李四');
  });
});
