import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, expectNoChangeEdit, setupEnv, type Client, type TestEnv } from './harness.ts';

type Alli = { id: string; roles: Record<string, string> };
const HOUR = 3_600_000;

describe('projects: 项目清单 with progress roll-up, status, timeline and adoption', () => {
  let env: TestEnv;
  let A: Alli;
  let B: Alli;
  let staff: Client;
  let mallHandler: Client;
  let lawHandler: Client;
  let merchant1: Client & { userId: string };
  let merchant2: Client & { userId: string };
  let merchant3: Client & { userId: string };
  let adminB: Client;
  let U: Record<string, string>;

  beforeAll(async () => {
    env = await setupEnv();
    A = await env.alliance('PJA');
    B = await env.alliance('PJB');
    staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    adminB = await env.member(B.id, B.roles['联盟管理员'] as string);
    U = {
      committee: (await staff.ok('POST', '/api/v1/units', { kind: 'social_org', name: '荷花芯商圈党委' })).id,
      mall: (await staff.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '义乌之心购物中心' })).id,
      law: (await staff.ok('POST', '/api/v1/units', { kind: 'resident_unit', name: '浙江通惠律师事务所' })).id,
    };
    const handler = A.roles['成员单位经办人'] as string;
    mallHandler = await env.member(A.id, handler, { unitId: U.mall });
    lawHandler = await env.member(A.id, handler, { unitId: U.law });
    merchant1 = await env.member(A.id, A.roles['商户'] as string);
    merchant2 = await env.member(A.id, A.roles['商户'] as string);
    merchant3 = await env.member(A.id, A.roles['商户'] as string);
  });
  afterAll(async () => env?.close());

  it('rolls progress up three levels as the weighted mean of the children, in the same transaction', async () => {
    // 2026 年度项目清单 → 营商环境提升 (weight 3) / 红色代办 (weight 1); 营商环境提升 → 两个子项目 (weights 1 and 3)
    const root = await staff.ok('POST', '/api/v1/projects', { title: '2026 年度商圈项目清单', ownerUnitId: U.committee, deadline: '2026-12-31' });
    const mid = await staff.ok('POST', '/api/v1/projects', { parentId: root.id, title: '营商环境提升工程', ownerUnitId: U.mall, weight: 3 });
    const side = await staff.ok('POST', '/api/v1/projects', { parentId: root.id, title: '红色代办服务', ownerUnitId: U.committee, weight: 1 });
    const leafA = await mallHandler.ok('POST', '/api/v1/projects', { parentId: mid.id, title: '童趣市集场地改造', weight: 1 });
    // a unit adds work only under its own projects: a child moves its parent's progress and status (the committee
    // puts another unit's part under a project)
    expect((await lawHandler.post('/api/v1/projects', { parentId: mid.id, title: '诚信消费示范点法律调解', weight: 3 })).statusCode).toBe(403);
    const leafB = await staff.ok('POST', '/api/v1/projects', { parentId: mid.id, title: '诚信消费示范点法律调解', ownerUnitId: U.law, weight: 3 });
    expect(leafA).toMatchObject({ ownerUnitId: U.mall, depth: 2, parentId: mid.id, status: 'planned', progress: 0 });

    const p1 = await mallHandler.ok('POST', `/api/v1/projects/${leafA.id}/progress`, { progress: 80, note: '场地围挡完成，地面铺装中' });
    expect(p1).toMatchObject({ progress: 80, status: 'in_progress' });
    const get = async (id: string) => (await staff.ok('GET', `/api/v1/projects/${id}`)).progress as number;
    expect(await get(mid.id)).toBe(20); // (1·80 + 3·0) / 4
    expect(await get(root.id)).toBe(15); // (3·20 + 1·0) / 4

    await lawHandler.ok('POST', `/api/v1/projects/${leafB.id}/progress`, { progress: 40 });
    expect(await get(mid.id)).toBe(50); // (80 + 120) / 4
    await staff.ok('POST', `/api/v1/projects/${side.id}/progress`, { progress: 100 });
    expect(await get(root.id)).toBe(62.5); // (3·50 + 1·100) / 4

    // a weight change and a cancelled child recompute the ancestors too
    await staff.ok('PATCH', `/api/v1/projects/${leafA.id}`, { weight: 5 });
    expect(await get(mid.id)).toBe(65); // (5·80 + 3·40) / 8
    expect(await get(root.id)).toBe(73.8); // (3·65 + 1·100) / 4 = 73.75
    await lawHandler.ok('POST', `/api/v1/projects/${leafB.id}/status`, { status: 'cancelled', note: '调解点并入市场监管所' });
    expect(await get(mid.id)).toBe(80);
    expect(await get(root.id)).toBe(85);

    // the stored value is what the API shows (no read-time computation)
    const raw = await env.deps.db.selectFrom('projects').select('progress').where('id', '=', root.id).executeTakeFirstOrThrow();
    expect(Number(raw.progress)).toBe(85);

    // a parent's progress is computed: reporting it directly is a conflict
    const r = await staff.post(`/api/v1/projects/${mid.id}/progress`, { progress: 10 });
    expect(r.statusCode).toBe(409);

    // the tree: one root with its whole subtree, children counted
    const tree = await staff.ok('GET', '/api/v1/projects/tree?q=童趣');
    expect(tree.total).toBe(1);
    expect(tree.items[0]).toMatchObject({ id: root.id, childCount: 2, progress: 85 });
    const midNode = tree.items[0].children.find((c: { id: string }) => c.id === mid.id);
    expect(midNode.children.map((c: { title: string }) => c.title).sort()).toEqual(['童趣市集场地改造', '诚信消费示范点法律调解']);

    // the timeline of a leaf: creation, progress with its note, the weight edit
    const tl = await staff.ok('GET', `/api/v1/projects/${leafA.id}/timeline`);
    expect(tl.items.map((e: { action: string }) => e.action)).toEqual(['create', 'progress', 'update']);
    expect(tl.items[1]).toMatchObject({ progressFrom: 0, progressTo: 80, note: '场地围挡完成，地面铺装中', fromStatus: 'planned', toStatus: 'in_progress' });
    const tlB = await staff.ok('GET', `/api/v1/projects/${leafB.id}/timeline`);
    expect(tlB.items.at(-1)).toMatchObject({ action: 'status', fromStatus: 'in_progress', toStatus: 'cancelled', note: '调解点并入市场监管所' });
  });

  it('refuses illegal status changes with 409 and completes a leaf at 100 %', async () => {
    const p = await mallHandler.ok('POST', '/api/v1/projects', { title: '“驿家亲”驿站饮水机更换', deadline: '2026-12-10' });
    const done = await mallHandler.ok('POST', `/api/v1/projects/${p.id}/status`, { status: 'done' });
    expect(done).toMatchObject({ status: 'done', progress: 100, overdue: false });
    const r = await mallHandler.post(`/api/v1/projects/${p.id}/progress`, { progress: 50 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await mallHandler.post(`/api/v1/projects/${p.id}/status`, { status: 'planned' })).statusCode).toBe(409);
    // reopen, then cancel: cancelled is final
    expect((await mallHandler.ok('POST', `/api/v1/projects/${p.id}/status`, { status: 'in_progress' })).status).toBe('in_progress');
    await mallHandler.ok('POST', `/api/v1/projects/${p.id}/status`, { status: 'cancelled' });
    for (const status of ['planned', 'in_progress', 'done'])
      expect((await mallHandler.post(`/api/v1/projects/${p.id}/status`, { status })).json().error.code).toBe('ILLEGAL_TRANSITION');
    // …and nothing new goes under it
    const before = await countRows(env, 'projects');
    const child = await mallHandler.post('/api/v1/projects', { title: '取消项目下的子项目', parentId: p.id });
    expect([child.statusCode, child.json().error.details.reason]).toEqual([409, 'parent_cancelled']);
    expect(await countRows(env, 'projects')).toBe(before);
    expect((await mallHandler.ok('GET', `/api/v1/projects/${p.id}`)).status).toBe('cancelled');
    // …nor are its details edited
    const edit = await mallHandler.patch(`/api/v1/projects/${p.id}`, { title: '已取消仍可改', deadline: '2028-01-01' });
    expect([edit.statusCode, edit.json().error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('a unit or person a project still names cannot be deleted, and the refusal says why', async () => {
    const admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    const unit = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '银泰百货' }, 201);
    const person = await admin.ok('POST', '/api/v1/people', { name: '方经理', unitId: unit.id }, 201);
    const p = await admin.ok('POST', '/api/v1/projects', { title: '党群服务“E”站提档升级', ownerUnitId: unit.id, responsiblePersonId: person.id }, 201);
    for (const url of [`/api/v1/units/${unit.id}`, `/api/v1/people/${person.id}`]) {
      const r = await admin.del(url);
      expect([r.statusCode, r.json().error.details.references], url).toEqual([409, url.includes('units') ? ['people', 'projects'] : ['projects']]);
    }
    await admin.ok('DELETE', `/api/v1/projects/${p.id}`);
    await admin.ok('DELETE', `/api/v1/people/${person.id}`);
    await admin.ok('DELETE', `/api/v1/units/${unit.id}`);
  });

  it('a project whose last child goes takes back its own progress and status', async () => {
    const leaf = await mallHandler.ok('POST', '/api/v1/projects', { title: '门前三包示范街验收' });
    await mallHandler.ok('POST', `/api/v1/projects/${leaf.id}/progress`, { progress: 60 });
    await mallHandler.ok('POST', `/api/v1/projects/${leaf.id}/status`, { status: 'done' });
    // new work under a done project reopens it at its children's progress…
    const kid = await mallHandler.ok('POST', '/api/v1/projects', { parentId: leaf.id, title: '补充验收材料' });
    expect(await mallHandler.ok('GET', `/api/v1/projects/${leaf.id}`)).toMatchObject({ status: 'in_progress', progress: 0 });
    // …and removing it again gives the project back what its owner had reported
    await mallHandler.ok('DELETE', `/api/v1/projects/${kid.id}`);
    expect(await mallHandler.ok('GET', `/api/v1/projects/${leaf.id}`)).toMatchObject({ status: 'done', progress: 100 });
    expect((await staff.ok('GET', `/api/v1/projects/${leaf.id}/timeline`)).items.at(-1)).toMatchObject({
      fromStatus: 'in_progress',
      toStatus: 'done',
      note: '子项目已全部移除，恢复本项目自身的进度和状态',
      autoNote: 'restore',
    });
    // the same when its only child is cancelled: an in-progress leaf keeps its last reported percentage
    const open = await mallHandler.ok('POST', '/api/v1/projects', { title: '夜间经济街区灯光改造' });
    await mallHandler.ok('POST', `/api/v1/projects/${open.id}/progress`, { progress: 35 });
    const only = await mallHandler.ok('POST', '/api/v1/projects', { parentId: open.id, title: '灯杆采购' });
    await mallHandler.ok('POST', `/api/v1/projects/${only.id}/progress`, { progress: 90 });
    expect((await mallHandler.ok('GET', `/api/v1/projects/${open.id}`)).progress).toBe(90);
    await mallHandler.ok('POST', `/api/v1/projects/${only.id}/status`, { status: 'cancelled' });
    expect(await mallHandler.ok('GET', `/api/v1/projects/${open.id}`)).toMatchObject({ status: 'in_progress', progress: 35 });
    // only the percentage came back: a progress entry on the timeline, not a status change to itself
    expect((await staff.ok('GET', `/api/v1/projects/${open.id}/timeline`)).items.at(-1)).toMatchObject({
      action: 'progress',
      progressFrom: 90,
      progressTo: 35,
      note: '子项目已全部移除，恢复本项目自身的进度和状态',
      autoNote: 'restore',
    });
    // set done by hand while its child stood at 40 %: without the child it is a done leaf, in full
    const manual = await mallHandler.ok('POST', '/api/v1/projects', { title: '店招亮化验收' });
    const part = await mallHandler.ok('POST', '/api/v1/projects', { parentId: manual.id, title: '灯箱更换' });
    await mallHandler.ok('POST', `/api/v1/projects/${part.id}/progress`, { progress: 40 });
    await mallHandler.ok('POST', `/api/v1/projects/${manual.id}/status`, { status: 'done' });
    await mallHandler.ok('DELETE', `/api/v1/projects/${part.id}`);
    expect(await mallHandler.ok('GET', `/api/v1/projects/${manual.id}`)).toMatchObject({ status: 'done', progress: 100 });
  });

  it('a parent starts with its first child, is done when every child is done, reopens, with timeline and audit', async () => {
    const root = await staff.ok('POST', '/api/v1/projects', { title: '“红色代办”提质工程', ownerUnitId: U.committee });
    const mid = await staff.ok('POST', '/api/v1/projects', { parentId: root.id, title: '代办窗口建设', ownerUnitId: U.mall });
    const a = await mallHandler.ok('POST', '/api/v1/projects', { parentId: mid.id, title: '窗口选址' });
    const b = await mallHandler.ok('POST', '/api/v1/projects', { parentId: mid.id, title: '代办员培训' });
    const c = await mallHandler.ok('POST', '/api/v1/projects', { parentId: mid.id, title: '宣传折页' });
    const status = async (id: string) => (await staff.ok('GET', `/api/v1/projects/${id}`)).status as string;
    /** The derived status records of the audit log for these projects. */
    const derived = async () =>
      (
        await env.deps.db
          .selectFrom('audit_log')
          .select(['entity_id', 'after_json'])
          .where('action', '=', 'project.status')
          .where('entity_id', 'in', [mid.id, root.id])
          .execute()
      ).filter((r) => JSON.parse(r.after_json ?? '{}').derived === true);
    expect([await status(mid.id), await status(root.id)]).toEqual(['planned', 'planned']);

    // the first progress below starts the parent and the grandparent, in the same request
    await mallHandler.ok('POST', `/api/v1/projects/${a.id}/progress`, { progress: 30 });
    expect([await status(mid.id), await status(root.id)]).toEqual(['in_progress', 'in_progress']);
    expect((await staff.ok('GET', `/api/v1/projects/${a.id}/timeline`)).items.at(-1)).toMatchObject({ action: 'progress', autoNote: null });
    const tl = await staff.ok('GET', `/api/v1/projects/${mid.id}/timeline`);
    expect(tl.items.at(-1)).toMatchObject({
      action: 'status',
      fromStatus: 'planned',
      toStatus: 'in_progress',
      note: '子项目已开始，自动转为进行中',
      autoNote: 'in_progress',
    });

    // cancelled children do not count: two done and one cancelled → the parent (and its only child's parent) is done
    await mallHandler.ok('POST', `/api/v1/projects/${a.id}/status`, { status: 'done' });
    await mallHandler.ok('POST', `/api/v1/projects/${b.id}/status`, { status: 'done' });
    expect(await status(mid.id)).toBe('in_progress');
    const before = (await derived()).length;
    await mallHandler.ok('POST', `/api/v1/projects/${c.id}/status`, { status: 'cancelled' });
    expect(await staff.ok('GET', `/api/v1/projects/${mid.id}`)).toMatchObject({ status: 'done', progress: 100 });
    expect(await staff.ok('GET', `/api/v1/projects/${root.id}`)).toMatchObject({ status: 'done', progress: 100 });
    // one derived audit record for each ancestor
    const recs = await derived();
    expect(recs.length).toBe(before + 2);
    expect(recs.slice(-2).map((r) => JSON.parse(r.after_json ?? '{}').status)).toEqual(['done', 'done']);
    const rtl = await staff.ok('GET', `/api/v1/projects/${root.id}/timeline`);
    expect(rtl.items.at(-1)).toMatchObject({
      action: 'status',
      fromStatus: 'in_progress',
      toStatus: 'done',
      note: '子项目全部完成，自动办结',
      autoNote: 'done',
    });

    // reopening a child reopens its ancestors; a new child of a done parent does too
    await mallHandler.ok('POST', `/api/v1/projects/${b.id}/status`, { status: 'in_progress' });
    expect([await status(mid.id), await status(root.id)]).toEqual(['in_progress', 'in_progress']);
    await mallHandler.ok('POST', `/api/v1/projects/${b.id}/status`, { status: 'done' });
    expect(await status(root.id)).toBe('done');
    await mallHandler.ok('POST', '/api/v1/projects', { parentId: mid.id, title: '群众满意度回访' });
    expect([await status(mid.id), await status(root.id)]).toEqual(['in_progress', 'in_progress']);
    expect((await staff.ok('GET', `/api/v1/projects/${mid.id}/timeline`)).items.at(-1)).toMatchObject({
      fromStatus: 'done',
      toStatus: 'in_progress',
      note: '子项目未全部完成，自动重新打开',
      autoNote: 'reopen',
    });

    // a cancelled parent stays cancelled whatever its children do
    const gone = await staff.ok('POST', '/api/v1/projects', { title: '已取消的父项目', ownerUnitId: U.mall });
    const kid = await mallHandler.ok('POST', '/api/v1/projects', { parentId: gone.id, title: '子项目' });
    await staff.ok('POST', `/api/v1/projects/${gone.id}/status`, { status: 'cancelled' });
    await mallHandler.ok('POST', `/api/v1/projects/${kid.id}/status`, { status: 'done' });
    expect(await status(gone.id)).toBe('cancelled');
  });

  it('masks numbers typed into a title, description or progress note; an edit sent back as shown keeps them', async () => {
    const description = '对接人李工13812345678，每周三上门';
    const created = await staff.ok('POST', '/api/v1/projects', { title: '消防通道整治', description, ownerUnitId: U.mall }, 201);
    // a title takes no number any more (400 contains_number): one titled before the rule carries it in its row
    await env.deps.db.updateTable('projects').set({ title: '消防通道整治（联系13712340001）' }).where('id', '=', created.id).execute();
    const p = await staff.ok('GET', `/api/v1/projects/${created.id}`);
    expect(p).toMatchObject({ title: '消防通道整治（联系137****0001）', description: '对接人李工138****5678，每周三上门' });
    await mallHandler.ok('POST', `/api/v1/projects/${p.id}/progress`, { progress: 20, note: '已联系物业13966667777' });
    const timeline = await staff.ok('GET', `/api/v1/projects/${p.id}/timeline`);
    expect(JSON.stringify(timeline)).not.toMatch(/13966667777|13712340001|13812345678/);
    expect(timeline.items.some((e: { note: string | null }) => e.note === '已联系物业139****7777')).toBe(true);
    // the edit form sends both texts back as shown, with a new deadline
    await staff.ok('PATCH', `/api/v1/projects/${p.id}`, { title: p.title, description: p.description, deadline: '2026-12-31' });
    const stored = await env.deps.db.selectFrom('projects').select(['title', 'description', 'deadline']).where('id', '=', p.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: '消防通道整治（联系13712340001）', description, deadline: '2026-12-31' });
  });

  it('writes nothing for an edit that changes nothing: no row, no 时间线 entry, no audit record', async () => {
    const body = { title: '无变化项目', description: '每周三上门', ownerUnitId: U.mall, deadline: '2026-12-31', weight: 2 };
    const p = await staff.ok('POST', '/api/v1/projects', body, 201);
    await env.deps.db.updateTable('projects').set({ title: '无变化项目（联系13712340001）' }).where('id', '=', p.id).execute();
    const shown = await staff.ok('GET', `/api/v1/projects/${p.id}`);
    const events = await countRows(env, 'project_events', A.id);
    const same = { title: shown.title, description: shown.description, deadline: shown.deadline, weight: shown.weight };
    const at = { url: `/api/v1/projects/${p.id}`, table: 'projects' as const, id: p.id };
    await expectNoChangeEdit(env, staff, at, shown, same, { description: '改为每周四上门' });
    expect(await countRows(env, 'project_events', A.id)).toBe(events + 1);
  });

  it('saves as shown a project that breaks a rule since (its responsible person moved to another unit): 200, nothing written', async () => {
    const person = (await staff.ok('POST', '/api/v1/people', { name: '周可欣', unitId: U.mall }, 201)).id;
    const body = { title: '旧项目', ownerUnitId: U.mall, responsiblePersonId: person, deadline: '2026-12-31' };
    const p = await staff.ok('POST', '/api/v1/projects', body, 201);
    // the person has since moved to another unit, which a new responsible person may not
    await env.deps.db.updateTable('people').set({ unit_id: U.law }).where('id', '=', person).execute();
    const shown = await staff.ok('GET', `/api/v1/projects/${p.id}`);
    const events = await countRows(env, 'project_events', A.id);
    const same = { title: shown.title, description: shown.description, responsiblePersonId: person, deadline: shown.deadline, weight: shown.weight };
    const at = { url: `/api/v1/projects/${p.id}`, table: 'projects' as const, id: p.id };
    await expectNoChangeEdit(env, staff, at, shown, same, { description: '改为每周四上门' });
    expect(await countRows(env, 'project_events', A.id)).toBe(events + 1);
    // naming that person anew is refused
    const other = await staff.ok('POST', '/api/v1/projects', { title: '新项目', ownerUnitId: U.mall }, 201);
    const r = await staff.patch(`/api/v1/projects/${other.id}`, { responsiblePersonId: person });
    expect([r.statusCode, r.json().error.details[0].code]).toEqual([400, 'not_in_owner_unit']);
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const parent = await staff.ok('POST', '/api/v1/projects', { title: '父项目', ownerUnitId: U.committee });
    const other = (await staff.ok('POST', '/api/v1/people', { name: '何志远', unitId: U.law })).id;
    const before = { p: await countRows(env, 'projects', A.id), e: await countRows(env, 'project_events', A.id) };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '', ownerUnitId: U.mall }, 'title'],
      [{ title: '项目', ownerUnitId: U.mall, deadline: '2026-13-01' }, 'deadline'],
      [{ title: '项目', ownerUnitId: U.mall, deadline: '2026-02-31' }, 'deadline'],
      [{ title: '项目', ownerUnitId: U.mall, weight: 0 }, 'weight'],
      [{ title: '项目', ownerUnitId: U.mall, progress: 101 }, 'progress'],
      [{ title: '项目', ownerUnitId: 'nope' }, 'ownerUnitId'],
      [{ title: '项目', ownerUnitId: U.mall, parentId: 'nope' }, 'parentId'],
      [{ title: '项目', ownerUnitId: U.mall, ticketId: 'nope' }, 'ticketId'],
      [{ title: '项目', ownerUnitId: U.mall, resourceId: 'nope' }, 'resourceId'],
      [{ title: '项目', ownerUnitId: U.mall, responsiblePersonId: other }, 'responsiblePersonId'],
      [{ title: '项目', ownerUnitId: U.mall, kind: 'service' }, 'capacity'],
      [{ title: '项目', ownerUnitId: U.mall, kind: 'charity' }, 'kind'],
      [{ title: '项目' }, 'ownerUnitId'],
    ];
    for (const [body, field] of cases) {
      const r = await staff.post('/api/v1/projects', { parentId: parent.id, ...body });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    for (const [body, field] of [
      [{ progress: -1 }, 'progress'],
      [{ progress: 10, photos: ['no-such-file'] }, 'photos'],
    ] as const) {
      const r = await staff.post(`/api/v1/projects/${parent.id}/progress`, body);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await staff.post(`/api/v1/projects/${parent.id}/status`, { status: 'paused' })).statusCode).toBe(400);
    expect({ p: await countRows(env, 'projects', A.id), e: await countRows(env, 'project_events', A.id) }).toEqual(before);
    expect((await staff.ok('GET', `/api/v1/projects/${parent.id}`)).progress).toBe(0);
  });

  it('lets a unit change only its own projects (403), merchants only read; another alliance gets 404', async () => {
    const p = await mallHandler.ok('POST', '/api/v1/projects', { title: '商场党群服务E站改造' });
    expect((await mallHandler.post('/api/v1/projects', { title: '替别人建', ownerUnitId: U.law })).statusCode).toBe(403);
    expect((await lawHandler.post(`/api/v1/projects/${p.id}/progress`, { progress: 50 })).statusCode).toBe(403);
    expect((await lawHandler.patch(`/api/v1/projects/${p.id}`, { title: '改名' })).statusCode).toBe(403);
    expect((await lawHandler.del(`/api/v1/projects/${p.id}`)).statusCode).toBe(403);
    expect((await merchant1.post(`/api/v1/projects/${p.id}/progress`, { progress: 50 })).statusCode).toBe(403);
    expect((await merchant1.get(`/api/v1/projects/${p.id}`)).statusCode).toBe(200);
    for (const [m, url, body] of [
      ['GET', `/api/v1/projects/${p.id}`, undefined],
      ['GET', `/api/v1/projects/${p.id}/timeline`, undefined],
      ['PATCH', `/api/v1/projects/${p.id}`, { title: 'x' }],
      ['POST', `/api/v1/projects/${p.id}/progress`, { progress: 5 }],
      ['POST', `/api/v1/projects/${p.id}/status`, { status: 'done' }],
      ['DELETE', `/api/v1/projects/${p.id}`, undefined],
    ] as const)
      expect((await adminB.req(m, url, body)).statusCode, `${m} ${url}`).toBe(404);
    expect((await adminB.post('/api/v1/projects', { title: '越界', ownerUnitId: U.mall })).statusCode).toBe(400);
    expect((await adminB.ok('GET', '/api/v1/projects')).total).toBe(0);
    expect((await mallHandler.ok('DELETE', `/api/v1/projects/${p.id}`)).ok).toBe(true);
  });

  it('lets merchants adopt a service project within its capacity, once each, and cancel', async () => {
    const svc = await mallHandler.ok('POST', '/api/v1/projects', {
      kind: 'service',
      title: '认领“小候鸟”夏令营公益课堂',
      description: '商家认领一期课堂，提供场地或物资，亮出可共享的党建活动平台。',
      capacity: 2,
      deadline: '2026-12-20',
    });
    expect(svc).toMatchObject({ kind: 'service', capacity: 2, adoptedCount: 0, adoptedByMe: false });
    expect((await merchant1.ok('GET', '/api/v1/projects?kind=service&open=true')).items.map((x: { id: string }) => x.id)).toContain(svc.id);

    const a1 = await merchant1.post(`/api/v1/projects/${svc.id}/adoptions`, { note: '提供书吧场地' });
    expect(a1.statusCode).toBe(201);
    expect(a1.json()).toMatchObject({ projectId: svc.id, userId: merchant1.userId, status: 'active', note: '提供书吧场地', merchantId: null });
    const twice = await merchant1.post(`/api/v1/projects/${svc.id}/adoptions`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details.reason).toBe('already_adopted');
    await merchant2.ok('POST', `/api/v1/projects/${svc.id}/adoptions`, {});
    const full = await merchant3.post(`/api/v1/projects/${svc.id}/adoptions`, {});
    expect(full.statusCode).toBe(409);
    expect(full.json().error.details.reason).toBe('full');
    expect(await countRows(env, 'project_adoptions', A.id)).toBe(2);
    expect(await merchant1.ok('GET', `/api/v1/projects/${svc.id}`)).toMatchObject({ adoptedCount: 2, adoptedByMe: true });
    expect((await merchant3.ok('GET', '/api/v1/projects?kind=service&open=true')).items.map((x: { id: string }) => x.id)).not.toContain(svc.id);

    // the owner unit sees every adoption; a merchant only their own
    expect((await mallHandler.ok('GET', `/api/v1/projects/${svc.id}/adoptions`)).total).toBe(2);
    expect((await merchant2.ok('GET', `/api/v1/projects/${svc.id}/adoptions`)).total).toBe(1);
    // someone else's adoption is not the merchant's to cancel
    expect((await merchant3.post(`/api/v1/adoptions/${a1.json().id}/cancel`)).statusCode).toBe(404);
    const c = await merchant1.ok('POST', `/api/v1/adoptions/${a1.json().id}/cancel`);
    expect(c.status).toBe('cancelled');
    expect((await merchant1.post(`/api/v1/adoptions/${a1.json().id}/cancel`)).statusCode).toBe(409);
    // a place is free again
    expect((await merchant3.post(`/api/v1/projects/${svc.id}/adoptions`, {})).statusCode).toBe(201);
    expect((await merchant1.ok('GET', '/api/v1/adoptions/mine')).items.map((x: { status: string }) => x.status)).toEqual(['cancelled']);
    const tl = await staff.ok('GET', `/api/v1/projects/${svc.id}/timeline`);
    expect(tl.items.map((e: { action: string }) => e.action)).toEqual(['create', 'adopt', 'adopt', 'adopt_cancel', 'adopt']);

    // units do not adopt; undertakings and closed projects take no adoptions; another alliance sees nothing
    expect((await lawHandler.post(`/api/v1/projects/${svc.id}/adoptions`, {})).statusCode).toBe(403);
    const plain = await mallHandler.ok('POST', '/api/v1/projects', { title: '普通项目' });
    expect((await merchant1.post(`/api/v1/projects/${plain.id}/adoptions`, {})).statusCode).toBe(409);
    await mallHandler.ok('POST', `/api/v1/projects/${svc.id}/status`, { status: 'done' });
    expect((await merchant1.post(`/api/v1/projects/${svc.id}/adoptions`, {})).json().error.code).toBe('ILLEGAL_TRANSITION');
    expect((await adminB.post(`/api/v1/projects/${svc.id}/adoptions`, {})).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/adoptions/${a1.json().id}/cancel`)).statusCode).toBe(404);
    // a project with adoptions is not deleted, and capacity cannot drop below them
    expect((await mallHandler.del(`/api/v1/projects/${svc.id}`)).statusCode).toBe(409);
    expect((await mallHandler.patch(`/api/v1/projects/${svc.id}`, { capacity: 1 })).statusCode).toBe(409);
  });

  it('links an adoption to the merchant the user runs', async () => {
    const person = (await staff.ok('POST', '/api/v1/people', { name: '王丽娟' })).id;
    const m = await env.member(A.id, A.roles['商户'] as string, { personId: person });
    const now = env.clock.now();
    const merchantId = 'm-test-0001';
    // the merchant registry row (its module is built separately): operator = the user's person
    await env.deps.db
      .insertInto('merchants')
      .values({
        id: merchantId,
        alliance_id: A.id,
        credit_code: '91330782MA2ABCDE1X',
        name: '荷花童装',
        business_type: 'retail',
        address: null,
        lng: null,
        lat: null,
        crs: null,
        wgs_lng: null,
        wgs_lat: null,
        grid_id: null,
        operator_person_id: person,
        operator_name: '王丽娟',
        party_member_operator: 0,
        contact_phone_enc: null,
        contact_phone_bidx: null,
        status: 'operating',
        public_code: 'test-public-code-1',
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
      })
      .execute();
    const svc = await mallHandler.ok('POST', '/api/v1/projects', { kind: 'service', title: '认领敬老助餐点', capacity: 5 });
    const a = await m.ok('POST', `/api/v1/projects/${svc.id}/adoptions`, {});
    expect(a).toMatchObject({ merchantId, merchantName: '荷花童装' });
  });

  it('marks overdue by Asia/Shanghai dates and filters on it', async () => {
    // the clock reads 2026-11-20 10:00 in Shanghai
    const late = await staff.ok('POST', '/api/v1/projects', { title: '沿街店招统一更换', ownerUnitId: U.mall, deadline: '2026-11-19' });
    const today = await staff.ok('POST', '/api/v1/projects', { title: '消防通道清理', ownerUnitId: U.mall, deadline: '2026-11-20' });
    expect(late.overdue).toBe(true);
    expect(today.overdue).toBe(false);
    const ids = (await staff.ok('GET', '/api/v1/projects?overdue=true&pageSize=100')).items.map((x: { id: string }) => x.id);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(today.id);
    // 2026-11-20 17:00 UTC is already 11-21 01:00 in Shanghai: yesterday's deadline is now passed
    // (in steps, so that the session never sits idle for 30 minutes)
    for (let moved = 0; moved < 15 * HOUR; moved += HOUR / 4) {
      env.clock.advance(HOUR / 4);
      await staff.ok('GET', '/api/v1/projects?pageSize=1');
    }
    expect((await staff.ok('GET', `/api/v1/projects/${today.id}`)).overdue).toBe(true);
    await staff.ok('POST', `/api/v1/projects/${today.id}/status`, { status: 'done' });
    expect((await staff.ok('GET', `/api/v1/projects/${today.id}`)).overdue).toBe(false);
  });
});
