import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, expectNoChangeEdit, setupEnv, type Client, type TestEnv } from './harness.ts';

type Alli = { id: string; roles: Record<string, string> };

/** A realistic 资源清单 of one alliance (Yiwu 荷花芯 / Zunyi 六角井 units), each offered by its unit. */
const RESOURCES: Array<{ unit: string; body: Record<string, unknown> }> = [
  {
    unit: 'law',
    body: {
      category: 'legal_aid',
      title: '律师坐班 免费法律援助',
      description: '每周三下午律师在商圈党群服务中心坐班，提供合同审查、消费纠纷调解、劳动争议与商标维权咨询。',
      availability: '每周三 14:00-17:00',
      weeklySlots: [{ weekday: 3, start: '14:00', end: '17:00' }],
      contactName: '何志远',
      contactPhone: '13800001018',
      address: '义乌市稠城街道工人北路',
      location: { lng: 120.075, lat: 29.31, crs: 'wgs84' },
    },
  },
  {
    unit: 'bank',
    body: {
      category: 'finance',
      title: '商户小额信贷咨询',
      description: '农商银行客户经理上门为个体工商户办理小额贷款、收款码开通，开展反诈宣传。',
      availability: '工作日 9:00-17:00',
      contactName: '黄琳',
      location: { lng: 120.0712, lat: 29.3069, crs: 'wgs84' },
    },
  },
  {
    unit: 'tax',
    body: {
      category: 'policy',
      title: '减税降费政策辅导',
      description: '税务分局税收管理员讲解个体户增值税减免、发票代开与申报流程，解答政策咨询。',
      availability: '每月第一个周五上午',
    },
  },
  {
    unit: 'mall',
    body: {
      category: 'meeting_room',
      title: '银泰三楼党群活动室（免费会议室）',
      description: '可容纳 40 人，配投影与音响，商户议事、员工培训可免费预约使用。',
      capacity: 40,
      availability: '每天 9:00-21:00，提前一天预约',
      location: { lng: 120.0712, lat: 29.3069, crs: 'wgs84' },
    },
  },
  {
    unit: 'clinic',
    body: {
      category: 'medical',
      title: '家庭医生进商圈义诊',
      description: '社区卫生服务中心每月组织免费义诊：量血压、测血糖、健康咨询。',
      availability: '每月 15 日上午',
    },
  },
  {
    unit: 'mall',
    body: { category: 'venue', title: '中庭活动场地', description: '银泰一楼中庭，可承接童趣市集、公益活动。', capacity: 200 },
  },
];

describe('resources: 资源清单 and matching needs to resources', () => {
  let env: TestEnv;
  let A: Alli;
  let B: Alli;
  let admin: Client;
  let staff: Client;
  let lawHandler: Client;
  let bankHandler: Client;
  let merchant: Client & { userId: string };
  let adminB: Client;
  const units: Record<string, string> = {};
  const res: Record<string, string> = {};
  let cat: Record<string, string>;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('RSA');
    B = await env.alliance('RSB');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    for (const [key, kind, name] of [
      ['law', 'resident_unit', '浙江通惠律师事务所'],
      ['bank', 'resident_unit', '义乌农商银行通惠支行'],
      ['tax', 'regulator', '稠城税务分局'],
      ['mall', 'enterprise', '银泰百货义乌店'],
      ['clinic', 'resident_unit', '稠城街道社区卫生服务中心'],
    ] as const)
      units[key] = (await admin.ok('POST', '/api/v1/units', { kind, name })).id;
    const handler = A.roles['成员单位经办人'] as string;
    lawHandler = await env.member(A.id, handler, { unitId: units.law });
    bankHandler = await env.member(A.id, handler, { unitId: units.bank });
    merchant = await env.member(A.id, A.roles['商户'] as string);
    for (const [i, r] of RESOURCES.entries()) {
      const created = await admin.ok('POST', '/api/v1/resources', { unitId: units[r.unit], ...r.body });
      res[`${r.unit}${i}`] = created.id;
    }
    const cats = await admin.ok('GET', '/api/v1/categories?pageSize=100');
    cat = Object.fromEntries(cats.items.map((c: { code: string; id: string }) => [c.code, c.id]));
  });
  afterAll(async () => env?.close());

  it('creates, lists, filters, updates and deletes a resource with the contact phone masked', async () => {
    const r = await lawHandler.post('/api/v1/resources', {
      category: 'training',
      title: '商户劳动用工法律讲座',
      description: '讲解用工合同、社保缴纳与劳动争议预防。',
      capacity: 60,
      contactName: '何志远',
      contactPhone: '+86 139 0000 1234',
      weeklySlots: [
        { weekday: 5, start: '14:00', end: '16:00' },
        { weekday: 1, start: '09:00', end: '11:00' },
      ],
      location: { lng: 120.0795, lat: 29.3041, crs: 'gcj02' },
    });
    expect(r.statusCode).toBe(201);
    const x = r.json();
    // the unit handler's own unit is the default owner
    expect(x).toMatchObject({ unitId: units.law, unitName: '浙江通惠律师事务所', contactPhone: '139****1234', status: 'active', capacity: 60 });
    expect(x.weeklySlots.map((s: { weekday: number }) => s.weekday)).toEqual([1, 5]);
    expect(x.location).toEqual({ lng: 120.0795, lat: 29.3041, crs: 'gcj02' });
    expect(r.body).not.toContain('13900001234');
    const raw = await env.deps.db.selectFrom('resources').selectAll().where('id', '=', x.id).executeTakeFirstOrThrow();
    expect(raw.contact_phone_enc).toMatch(/^v1\./);
    // normalised to WGS-84: GCJ-02 is offset by hundreds of metres
    expect(Math.abs(Number(raw.wgs_lng) - 120.0795)).toBeGreaterThan(0.003);

    const list = await merchant.ok('GET', '/api/v1/resources?q=讲座');
    expect(list.total).toBe(1);
    expect(JSON.stringify(list)).not.toContain('13900001234');
    expect(list.items[0].contactPhone).toBe('139****1234');
    expect((await merchant.ok('GET', `/api/v1/resources?category=legal_aid`)).total).toBe(1);
    expect((await merchant.ok('GET', `/api/v1/resources?unitId=${units.mall}`)).total).toBe(2);

    const upd = await lawHandler.ok('PATCH', `/api/v1/resources/${x.id}`, { status: 'disabled', contactPhone: '0579-85551234', description: '' });
    expect(upd).toMatchObject({ status: 'disabled', contactPhone: '0579-****1234', description: null });
    const audit = JSON.stringify(await env.deps.db.selectFrom('audit_log').selectAll().where('entity_id', '=', x.id).execute());
    expect(audit).toContain('139****1234');
    expect(audit).not.toContain('13900001234');
    expect(audit).not.toContain('85551234');

    expect(await lawHandler.ok('DELETE', `/api/v1/resources/${x.id}`)).toEqual({ ok: true });
    expect((await admin.get(`/api/v1/resources/${x.id}`)).statusCode).toBe(404);
  });

  it('writes nothing for an edit that changes nothing (the form saved as shown, numbers masked)', async () => {
    const body = {
      category: 'venue',
      title: '无变化场地',
      description: '预约电话 13812345678',
      capacity: 30,
      availability: '工作日',
      contactName: '何志远',
      contactPhone: '13900005678',
      weeklySlots: [{ weekday: 2, start: '09:00', end: '11:00' }],
      address: '稠城街道',
      location: { lng: 120.0795, lat: 29.3041, crs: 'gcj02' },
      status: 'active',
    };
    const r = await lawHandler.ok('POST', '/api/v1/resources', body, 201);
    const at = { url: `/api/v1/resources/${r.id}`, table: 'resources' as const, id: r.id };
    await expectNoChangeEdit(env, lawHandler, at, r, { ...body, description: r.description }, { capacity: 40 });
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const before = await countRows(env, 'resources', A.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ unitId: units.law, category: 'castle', title: '城堡' }, 'category'],
      [{ unitId: units.law, category: 'venue', title: '' }, 'title'],
      [{ unitId: units.law, category: 'venue', title: '场地', contactPhone: '12345' }, 'contactPhone'],
      [{ unitId: units.law, category: 'venue', title: '场地', capacity: 0 }, 'capacity'],
      [{ unitId: units.law, category: 'venue', title: '场地', weeklySlots: [{ weekday: 8, start: '09:00', end: '10:00' }] }, 'weeklySlots.0.weekday'],
      [{ unitId: units.law, category: 'venue', title: '场地', weeklySlots: [{ weekday: 1, start: '10:00', end: '09:00' }] }, 'weeklySlots.0.end'],
      [{ unitId: units.law, category: 'venue', title: '场地', location: { lng: 200, lat: 29 } }, 'location.lng'],
      [{ unitId: 'nope', category: 'venue', title: '场地' }, 'unitId'],
      // the committee acts for no unit: it must name one
      [{ category: 'venue', title: '场地' }, 'unitId'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/v1/resources', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION_FAILED');
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await countRows(env, 'resources', A.id)).toBe(before);
  });

  it('lets unit handlers manage only their own unit’s resources (403) and merchants only browse', async () => {
    const before = await countRows(env, 'resources', A.id);
    expect((await bankHandler.post('/api/v1/resources', { unitId: units.law, category: 'venue', title: '场地' })).statusCode).toBe(403);
    expect((await bankHandler.patch(`/api/v1/resources/${res.law0}`, { title: '改名' })).statusCode).toBe(403);
    expect((await bankHandler.del(`/api/v1/resources/${res.law0}`)).statusCode).toBe(403);
    expect((await merchant.post('/api/v1/resources', { unitId: units.law, category: 'venue', title: '场地' })).statusCode).toBe(403);
    expect((await merchant.get(`/api/v1/resources/${res.law0}`)).statusCode).toBe(200);
    expect(await countRows(env, 'resources', A.id)).toBe(before);
    expect((await env.anon.get('/api/v1/resources')).statusCode).toBe(401);
  });

  it('answers 404 for another alliance’s resources', async () => {
    expect((await adminB.get(`/api/v1/resources/${res.law0}`)).statusCode).toBe(404);
    expect((await adminB.patch(`/api/v1/resources/${res.law0}`, { title: 'x' })).statusCode).toBe(404);
    expect((await adminB.del(`/api/v1/resources/${res.law0}`)).statusCode).toBe(404);
    expect((await adminB.ok('GET', '/api/v1/resources')).total).toBe(0);
  });

  const need = async (description: string, code = 'SHFW', location: unknown = null) =>
    (await merchant.ok('POST', '/api/v1/tickets', { kind: 'need', categoryId: cat[code], description, location })).id as string;

  it('ranks 法律援助 first for a need phrased in other words', async () => {
    for (const text of ['店里需要法律咨询', '想请律师帮忙看看店面租赁合同', '顾客拖欠货款不还，想打官司维权']) {
      const id = await need(text);
      const s = await staff.ok('GET', `/api/v1/tickets/${id}/resource-suggestions`);
      expect(s.items[0].resource.category, text).toBe('legal_aid');
      expect(s.items[0].resource.id).toBe(res.law0);
      for (const other of s.items.slice(1) as Array<{ score: number }>) expect(s.items[0].score).toBeGreaterThan(other.score);
      expect(s.items[0].categoryScore).toBe(1);
      // only resources that share the need's category or words (nearness alone is no match), phone masked
      expect(s.items.length).toBeGreaterThan(0);
      expect(s.items.length).toBeLessThan(RESOURCES.length);
      for (const x of s.items as Array<{ categoryScore: number; textScore: number }>) expect(x.categoryScore > 0 || x.textScore >= 0.2).toBe(true);
      expect(JSON.stringify(s)).not.toContain('13800001018');
    }
    // a need no resource answers gets no suggestion at all, rather than unrelated ones at 0.00 with one-click dispatch
    const unrelated = await need('门口垃圾桶满了一直没人清运', 'SRHJ');
    expect((await staff.ok('GET', `/api/v1/tickets/${unrelated}/resource-suggestions`)).items).toEqual([]);
    const meeting = await need('商户想借个会议室开议事会');
    expect((await staff.ok('GET', `/api/v1/tickets/${meeting}/resource-suggestions`)).items[0].resource.category).toBe('meeting_room');
    const loan = await need('店铺资金周转困难，想申请贷款');
    expect(
      (await staff.ok('GET', `/api/v1/tickets/${loan}/resource-suggestions?limit=1`)).items.map((x: { resource: { category: string } }) => x.resource.category),
    ).toEqual(['finance']);
  });

  it('uses distance between WGS-84 points as a part of the score', async () => {
    // two equal venues; the need lies next to the second one (given in GCJ-02, as Amap reports it)
    const near = (
      await admin.ok('POST', '/api/v1/resources', {
        unitId: units.mall,
        category: 'venue',
        title: '临街广场场地',
        location: { lng: 120.1, lat: 29.33, crs: 'wgs84' },
      })
    ).id;
    const far = (
      await admin.ok('POST', '/api/v1/resources', {
        unitId: units.mall,
        category: 'venue',
        title: '临街广场场地',
        location: { lng: 120.2, lat: 29.4, crs: 'wgs84' },
      })
    ).id;
    const id = await need('想借场地办活动', 'SHFW', { lng: 120.1047, lat: 29.3273, crs: 'gcj02' });
    const s = await staff.ok('GET', `/api/v1/tickets/${id}/resource-suggestions`);
    const a = s.items.find((x: { resource: { id: string } }) => x.resource.id === near);
    const b = s.items.find((x: { resource: { id: string } }) => x.resource.id === far);
    expect(a.distance).toBeLessThan(100);
    expect(b.distance).toBeGreaterThan(10_000);
    expect(a.score).toBeGreaterThan(b.score);
    expect(s.items[0].resource.id).toBe(near);
    await admin.ok('PATCH', `/api/v1/resources/${near}`, { status: 'disabled' });
    await admin.ok('PATCH', `/api/v1/resources/${far}`, { status: 'disabled' });
  });

  it('hides suggestions of tickets outside the caller’s reach', async () => {
    const id = await need('店里需要法律咨询');
    expect((await adminB.get(`/api/v1/tickets/${id}/resource-suggestions`)).statusCode).toBe(404);
    // the bank's handler cannot see a ticket not dispatched to the bank
    expect((await bankHandler.get(`/api/v1/tickets/${id}/resource-suggestions`)).statusCode).toBe(404);
  });

  it('dispatches with a resource: the ticket goes to the resource’s unit and the project is opened, in one transaction', async () => {
    const id = await need('店里需要法律咨询，和房东的租赁合同有纠纷，联系电话13912345678');
    const person = (await admin.ok('POST', '/api/v1/people', { name: '何志远', unitId: units.law })).id;
    const r = await staff.ok('POST', `/api/v1/tickets/${id}/dispatch-with-resource`, {
      resourceId: res.law0,
      deadline: '2026-12-04',
      responsiblePersonId: person,
    });
    expect(r.ticket).toMatchObject({ status: 'dispatched', leadUnitId: units.law, responsiblePersonId: person });
    // the end of 2026-12-04 in Asia/Shanghai
    expect(r.ticket.dueAt).toBe(Date.UTC(2026, 11, 4, 16, 0, 0) - 1);
    expect(r.project).toMatchObject({
      ownerUnitId: units.law,
      ticketId: id,
      resourceId: res.law0,
      resourceTitle: '律师坐班 免费法律援助',
      deadline: '2026-12-04',
      responsiblePersonId: person,
      status: 'planned',
      progress: 0,
      kind: 'undertaking',
    });
    expect(r.project.ticketNumber).toBe(r.ticket.number);
    // the reporter's phone stays masked in the project others read
    expect(r.project.description).toContain('139****5678');
    expect(r.ticket.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'dispatch']);
    // the law firm's handler sees the project and the ticket
    expect((await lawHandler.ok('GET', `/api/v1/projects?ticketId=${id}`)).total).toBe(1);
    expect((await lawHandler.ok('GET', `/api/v1/tickets/${id}`)).status).toBe('dispatched');
    // the ticket is no longer submitted: a second dispatch is an illegal transition, nothing written
    const projects = await countRows(env, 'projects', A.id);
    const again = await staff.post(`/api/v1/tickets/${id}/dispatch-with-resource`, { resourceId: res.law0 });
    expect(again.statusCode).toBe(409);
    expect(await countRows(env, 'projects', A.id)).toBe(projects);
  });

  it('writes neither the dispatch nor the project when either fails', async () => {
    const id = await need('店里需要法律咨询');
    const snapshot = async () => ({
      projects: await countRows(env, 'projects', A.id),
      events: await countRows(env, 'ticket_events', A.id),
      outbox: await countRows(env, 'outbox', A.id),
      audit: await countRows(env, 'audit_log'),
    });
    const before = await snapshot();
    // the project step fails after the dispatch step ran (unknown parent project): the dispatch is rolled back
    const r1 = await staff.post(`/api/v1/tickets/${id}/dispatch-with-resource`, { resourceId: res.law0, parentProjectId: 'no-such-project' });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0].path).toBe('parentId');
    // the dispatch step fails (a person of another unit)
    const banker = (await admin.ok('POST', '/api/v1/people', { name: '黄琳', unitId: units.bank })).id;
    const r2 = await staff.post(`/api/v1/tickets/${id}/dispatch-with-resource`, { resourceId: res.law0, responsiblePersonId: banker });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details[0].path).toBe('responsiblePersonId');
    // bad input
    for (const [body, field] of [
      [{ resourceId: 'nope' }, 'resourceId'],
      [{ resourceId: res.law0, deadline: '2026-02-30x' }, 'deadline'],
      [{ resourceId: res.law0, deadline: '2020-01-01' }, 'deadline'],
      [{}, 'resourceId'],
    ] as const) {
      const r = await staff.post(`/api/v1/tickets/${id}/dispatch-with-resource`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await snapshot()).toEqual({ ...before, audit: before.audit + 1 /* the person created above */ });
    const t = await staff.ok('GET', `/api/v1/tickets/${id}`);
    expect(t.status).toBe('submitted');
    expect(t.leadUnitId).toBeNull();
    // only dispatchers dispatch; another alliance cannot see the ticket
    expect((await lawHandler.post(`/api/v1/tickets/${id}/dispatch-with-resource`, { resourceId: res.law0 })).statusCode).toBe(403);
    expect((await adminB.post(`/api/v1/tickets/${id}/dispatch-with-resource`, { resourceId: res.law0 })).statusCode).toBe(404);
    expect((await staff.ok('GET', `/api/v1/tickets/${id}`)).status).toBe('submitted');
  });
});
