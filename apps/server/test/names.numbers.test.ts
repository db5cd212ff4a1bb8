import { completeCreditCode, idNumberCheckChar } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/types.ts';
import { bumpAuthEpoch } from '../src/lib/authEpoch.ts';
import { runNotificationsOnce } from '../src/modules/notifications/index.ts';
import { buildTemplate, type TemplateRow } from '../src/modules/merchants/merchants.xlsx.ts';
import { multipart } from './fuzz/multipart.ts';
import { countRows, PASSWORD, setupEnv, type Client, type TestEnv } from './harness.ts';

// Names of things (a merchant, a category, a unit, a grid, a role, an org, a project, a meeting) are shown unmasked
// wherever their row is joined: a phone or ID number typed into one is refused, and one stored before the rule stays editable.

const PHONE = '13857901234';
const MASKED = '138****1234';
const ID_NUMBER = `33078219800101001${idNumberCheckChar('33078219800101001')}`;
/** tables without an alliance_id: counted whole */
const CITY_TABLES = new Set<keyof Database>(['calendar_days', 'alliances', 'users']);
const code = (n: number) => completeCreditCode(`92330782NN${String(n).padStart(6, '0')}`) as string;

describe('names of things refuse phone and ID numbers', () => {
  let env: TestEnv;
  let allianceId: string;
  let admin: Client;
  let unitId: string;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('NUM');
    allianceId = A.id;
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
    unitId = (await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '名称测试物业' }, 201)).id;
  });
  afterAll(async () => env?.close());

  /** Asserts a 400 naming the field with `contains_number`, and that the table kept its rows and no audit record was written. */
  async function refused(method: string, url: string, body: unknown, field: string, table: keyof Database, by: Client = admin) {
    const rows = await countRows(env, table, CITY_TABLES.has(table) ? undefined : allianceId);
    const audits = await countRows(env, 'audit_log');
    const r = await by.req(method, url, body);
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(400);
    expect(r.json().error.details).toContainEqual(expect.objectContaining({ path: field, code: 'contains_number' }));
    expect(await countRows(env, table, CITY_TABLES.has(table) ? undefined : allianceId)).toBe(rows);
    expect(await countRows(env, 'audit_log')).toBe(audits);
  }

  /** Asserts that each edit answers 200 and writes nothing (no audit record): a name stored before the rule sent back. */
  async function keptAsStored(url: string, bodies: unknown[], method = 'PATCH', by: Client = admin) {
    const audits = await countRows(env, 'audit_log');
    for (const body of bodies) await by.ok(method, url, body);
    expect(await countRows(env, 'audit_log'), `${method} ${url}`).toBe(audits);
  }

  it('refuses a new merchant, category, unit, grid, role, org, project or meeting whose name holds a number', async () => {
    await refused('POST', '/api/v1/merchants', { creditCode: code(1), name: `老王小吃 ${PHONE}`, businessType: 'catering' }, 'name', 'merchants');
    // as people type them: split into groups, in full-width digits, an ID number
    await refused('POST', '/api/v1/merchants', { creditCode: code(1), name: '老王小吃 138-5790-1234', businessType: 'catering' }, 'name', 'merchants');
    await refused('POST', '/api/v1/merchants', { creditCode: code(1), name: '老王小吃１３８５７９０１２３４', businessType: 'catering' }, 'name', 'merchants');
    await refused('POST', '/api/v1/merchants', { creditCode: code(1), name: `老王小吃${ID_NUMBER}`, businessType: 'catering' }, 'name', 'merchants');
    await refused('POST', '/api/v1/categories', { code: 'NUMX', name: `噪音${PHONE}`, acceptHours: 24, resolveDays: 7, urgentHours: 2 }, 'name', 'categories');
    await refused('POST', '/api/v1/units', { kind: 'enterprise', name: `物业${PHONE}` }, 'name', 'units');
    await refused('POST', '/api/v1/grids', { name: `第一网格${PHONE}` }, 'name', 'grids');
    await refused('POST', '/api/v1/roles', { name: `巡查${PHONE}`, permissions: [], dataScope: 'own' }, 'name', 'roles');
    await refused('POST', '/api/v1/orgs', { kind: 'branch', name: `支部${PHONE}` }, 'name', 'orgs');
    await refused('POST', '/api/v1/projects', { title: `整改${PHONE}`, ownerUnitId: unitId }, 'title', 'projects');
    await refused('POST', '/api/v1/meetings', { title: `联席会议${PHONE}`, heldAt: env.clock.now() }, 'title', 'meetings');
    // staff registering a caller's case: the caller's name is a person's name, the number goes in reporterPhone
    const category = (await admin.ok('GET', '/api/v1/categories?pageSize=1')).items[0].id;
    await refused(
      'POST',
      '/api/v1/tickets',
      { kind: 'need', categoryId: category, description: '来电反映', reporterName: `王先生${PHONE}` },
      'reporterName',
      'tickets',
    );
    // numbers that are no phone or ID number stay allowed: a house number, a year
    expect((await admin.ok('POST', '/api/v1/merchants', { creditCode: code(2), name: '2026号 老王小吃 38号', businessType: 'catering' }, 201)).name).toBe(
      '2026号 老王小吃 38号',
    );
  });

  it('refuses an edit that changes a name to one holding a number; a renamed grid, unit or role likewise', async () => {
    const shop = await admin.ok('POST', '/api/v1/merchants', { creditCode: code(3), name: '张记面馆', businessType: 'catering' }, 201);
    await refused('PATCH', `/api/v1/merchants/${shop.id}`, { name: `张记面馆 ${PHONE}` }, 'name', 'merchants');
    expect((await admin.ok('GET', `/api/v1/merchants/${shop.id}`)).name).toBe('张记面馆');
    const grid = await admin.ok('POST', '/api/v1/grids', { name: '第二网格' }, 201);
    await refused('PATCH', `/api/v1/grids/${grid.id}`, { name: `第二网格${PHONE}` }, 'name', 'grids');
    await refused('PATCH', `/api/v1/units/${unitId}`, { name: `物业${PHONE}` }, 'name', 'units');
    const role = await admin.ok('POST', '/api/v1/roles', { name: '巡查员', permissions: [], dataScope: 'own' }, 201);
    await refused('PATCH', `/api/v1/roles/${role.id}`, { name: `巡查员${PHONE}` }, 'name', 'roles');
    expect((await env.deps.db.selectFrom('roles').select('name').where('id', '=', role.id).executeTakeFirstOrThrow()).name).toBe('巡查员');
  });

  it('keeps a merchant, person or unit named before the rule editable: its name sent back as stored or as shown passes, the public page masks it', async () => {
    const shop = await admin.ok('POST', '/api/v1/merchants', { creditCode: code(4), name: '老王小吃', businessType: 'catering' }, 201);
    const old = `老王小吃 ${PHONE}`;
    await env.deps.db.updateTable('merchants').set({ name: old }).where('id', '=', shop.id).execute();
    const shown = await admin.ok('GET', `/api/v1/merchants/${shop.id}`);
    expect(shown.name).toBe(`老王小吃 ${MASKED}`);
    const audits = await countRows(env, 'audit_log');
    // unchanged as stored (an API client) and as shown (the console's edit form): saved, nothing written
    expect((await admin.ok('PATCH', `/api/v1/merchants/${shop.id}`, { name: old })).name).toBe(`老王小吃 ${MASKED}`);
    expect((await admin.ok('PATCH', `/api/v1/merchants/${shop.id}`, { name: shown.name, address: '宾王路 1 号' })).address).toBe('宾王路 1 号');
    expect(await countRows(env, 'audit_log')).toBe(audits + 1);
    const stored = await env.deps.db.selectFrom('merchants').select('name').where('id', '=', shop.id).executeTakeFirstOrThrow();
    expect(stored.name).toBe(old);
    // another number is still refused; a clean name replaces the old one
    await refused('PATCH', `/api/v1/merchants/${shop.id}`, { name: `老王小吃 13900001111` }, 'name', 'merchants');
    // the public integrity page (no login) shows the old name masked
    const page = await env.anon.get(`/m/${shop.publicCode}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`老王小吃 ${MASKED}`);
    expect(page.body).not.toContain(PHONE);
    expect((await admin.ok('PATCH', `/api/v1/merchants/${shop.id}`, { name: '老王小吃' })).name).toBe('老王小吃');

    // a person named before the rule: saved as shown (masked) or as stored, nothing written; another number refused
    const person = await admin.ok('POST', '/api/v1/people', { name: '王五' }, 201);
    await env.deps.db
      .updateTable('people')
      .set({ name: `王五${PHONE}` })
      .where('id', '=', person.id)
      .execute();
    const personShown = await admin.ok('GET', `/api/v1/people/${person.id}`);
    expect(personShown.name).toBe(`王五${MASKED}`);
    const personAudits = await countRows(env, 'audit_log');
    await admin.ok('PATCH', `/api/v1/people/${person.id}`, { name: personShown.name });
    await admin.ok('PATCH', `/api/v1/people/${person.id}`, { name: `王五${PHONE}` });
    expect(await countRows(env, 'audit_log')).toBe(personAudits);
    expect((await env.deps.db.selectFrom('people').select('name').where('id', '=', person.id).executeTakeFirstOrThrow()).name).toBe(`王五${PHONE}`);
    await refused('PATCH', `/api/v1/people/${person.id}`, { name: '王五 13900001111' }, 'name', 'people');

    // a unit named before the rule: saved with its name unchanged
    await env.deps.db
      .updateTable('units')
      .set({ name: `名称测试物业${PHONE}` })
      .where('id', '=', unitId)
      .execute();
    expect((await admin.ok('PATCH', `/api/v1/units/${unitId}`, { name: `名称测试物业${PHONE}`, duties: '保洁' })).duties).toBe('保洁');
  });

  it('a holiday name and grid-level names refuse a number; ones stored before the rule stay editable and are shown masked', async () => {
    // the holiday calendar (city-wide, the city administrator's)
    const day = '2099-10-08';
    await refused('PUT', `/api/v1/calendar/days/${day}`, { kind: 'holiday', name: `国庆节${PHONE}` }, 'name', 'calendar_days', env.city);
    await env.city.ok('PUT', `/api/v1/calendar/days/${day}`, { kind: 'holiday', name: '国庆节' });
    await env.deps.db
      .updateTable('calendar_days')
      .set({ name: `国庆节${PHONE}` })
      .where('date', '=', day)
      .execute();
    const shownDay = (await env.city.ok('GET', '/api/v1/calendar?year=2099')).days.find((d: { date: string }) => d.date === day);
    expect(shownDay.name).toBe(`国庆节${MASKED}`);
    await keptAsStored(
      `/api/v1/calendar/days/${day}`,
      [
        { kind: 'holiday', name: `国庆节${PHONE}` },
        { kind: 'holiday', name: shownDay.name },
      ],
      'PUT',
      env.city,
    );
    expect((await env.deps.db.selectFrom('calendar_days').select('name').where('date', '=', day).executeTakeFirstOrThrow()).name).toBe(`国庆节${PHONE}`);
    await refused('PUT', `/api/v1/calendar/days/${day}`, { kind: 'holiday', name: `国庆节${ID_NUMBER}` }, 'name', 'calendar_days', env.city);

    // grid-level names: a new alliance's, an edit's new one
    await refused(
      'POST',
      '/api/v1/alliances',
      { code: 'NUMLV', name: '层级联盟', gridLevelNames: ['社区', `网格${PHONE}`] },
      'gridLevelNames.1',
      'alliances',
      env.city,
    );
    await refused('PATCH', `/api/v1/alliances/${allianceId}`, { gridLevelNames: ['社区', `网格${PHONE}`] }, 'gridLevelNames.1', 'alliances');
    const old = ['社区', `网格${PHONE}`];
    await env.deps.db
      .updateTable('alliances')
      .set({ grid_level_names: JSON.stringify(old) })
      .where('id', '=', allianceId)
      .execute();
    const shown = (await admin.ok('GET', `/api/v1/alliances/${allianceId}`)).gridLevelNames;
    expect(shown).toEqual(['社区', `网格${MASKED}`]);
    expect((await admin.ok('GET', '/api/v1/me')).currentAlliance.gridLevelNames).toEqual(shown);
    await keptAsStored(`/api/v1/alliances/${allianceId}`, [{ gridLevelNames: old }, { gridLevelNames: shown }]);
    // the level's name beside a grid, in its answer and on the public report form
    const grid = await admin.ok('POST', '/api/v1/grids', { name: '层级测试社区' }, 201);
    const child = await admin.ok('POST', '/api/v1/grids', { name: '层级测试网格', parentId: grid.id }, 201);
    expect(child.levelName).toBe(`网格${MASKED}`);
    const form = await env.anon.ok('GET', '/api/public/alliances/NUM');
    expect(form.grids.find((g: { id: string }) => g.id === child.id).levelName).toBe(`网格${MASKED}`);
    // a changed level name with a number is refused; a renamed one with none saves
    await refused('PATCH', `/api/v1/alliances/${allianceId}`, { gridLevelNames: ['社区', `网格${PHONE}`, `商铺13900001111`] }, 'gridLevelNames.2', 'alliances');
    expect((await admin.ok('PATCH', `/api/v1/alliances/${allianceId}`, { gridLevelNames: ['社区', '网格'] })).gridLevelNames).toEqual(['社区', '网格']);
  });

  it('names joined into other answers are shown masked: grid and persons in a merchant, unit in projects and resources', async () => {
    const grid = await admin.ok('POST', '/api/v1/grids', { name: '联查网格' }, 201);
    const person = await admin.ok('POST', '/api/v1/people', { name: '联查经营者' }, 201);
    const unit = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '联查物业' }, 201);
    const shop = await admin.ok(
      'POST',
      '/api/v1/merchants',
      {
        creditCode: code(30),
        name: '联查小吃',
        businessType: 'catering',
        gridId: grid.id,
        operatorPersonId: person.id,
        monitoringPoint: true,
        liaisonPersonId: person.id,
      },
      201,
    );
    const project = await admin.ok('POST', '/api/v1/projects', { title: '联查项目', ownerUnitId: unit.id }, 201);
    const resource = await admin.ok('POST', '/api/v1/resources', { unitId: unit.id, category: 'venue', title: '联查场地' }, 201);
    // named before the rule
    await env.deps.db
      .updateTable('grids')
      .set({ name: `联查网格${PHONE}` })
      .where('id', '=', grid.id)
      .execute();
    await env.deps.db
      .updateTable('people')
      .set({ name: `联查经营者${PHONE}` })
      .where('id', '=', person.id)
      .execute();
    await env.deps.db
      .updateTable('units')
      .set({ name: `联查物业${PHONE}` })
      .where('id', '=', unit.id)
      .execute();
    const category = (await admin.ok('GET', '/api/v1/categories?pageSize=1')).items[0];
    await env.deps.db
      .updateTable('categories')
      .set({ name: `联查分类${PHONE}` })
      .where('id', '=', category.id)
      .execute();

    const m = await admin.ok('GET', `/api/v1/merchants/${shop.id}`);
    expect([m.gridName, m.operatorPersonName, m.liaisonPersonName]).toEqual([`联查网格${MASKED}`, `联查经营者${MASKED}`, `联查经营者${MASKED}`]);
    const listed = (await admin.ok('GET', `/api/v1/merchants?q=${encodeURIComponent('联查小吃')}`)).items[0];
    expect(listed.gridName).toBe(`联查网格${MASKED}`);
    expect((await admin.ok('GET', `/api/v1/projects/${project.id}`)).ownerUnitName).toBe(`联查物业${MASKED}`);
    expect((await admin.ok('GET', `/api/v1/resources/${resource.id}`)).unitName).toBe(`联查物业${MASKED}`);
    // the things' own answers, and the public report form
    expect((await admin.ok('GET', `/api/v1/grids/${grid.id}`)).name).toBe(`联查网格${MASKED}`);
    expect((await admin.ok('GET', `/api/v1/units/${unit.id}`)).name).toBe(`联查物业${MASKED}`);
    expect((await admin.ok('GET', `/api/v1/categories/${category.id}`)).name).toBe(`联查分类${MASKED}`);
    const form = await env.anon.get('/api/public/alliances/NUM');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`联查网格${MASKED}`);
    expect(form.body).toContain(`联查分类${MASKED}`);
    // nothing above answered a full number
    for (const url of [
      `/api/v1/merchants/${shop.id}`,
      `/api/v1/projects/${project.id}`,
      `/api/v1/resources/${resource.id}`,
      '/api/v1/projects',
      '/api/v1/resources',
    ])
      expect((await admin.get(url)).body, url).not.toContain(PHONE);
    expect(form.body).not.toContain(PHONE);
    await env.deps.db.updateTable('categories').set({ name: category.name }).where('id', '=', category.id).execute();
  });

  it("a person's name in a record (a unit's contact, an org's secretary, a shop's operator, a resource's contact, an account) stays editable when stored before the rule", async () => {
    const unit = await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '联系人物业', contactName: '钱经理' }, 201);
    const org = await admin.ok('POST', '/api/v1/orgs', { kind: 'branch', name: '联系人支部', secretary: '孙书记' }, 201);
    const shop = await admin.ok(
      'POST',
      '/api/v1/merchants',
      { creditCode: code(31), name: '联系人小吃', businessType: 'catering', operatorName: '周老板' },
      201,
    );
    const resource = await admin.ok('POST', '/api/v1/resources', { unitId: unit.id, category: 'venue', title: '联系人场地', contactName: '吴干事' }, 201);
    const user = await admin.ok(
      'POST',
      '/api/v1/users',
      {
        username: 'numname',
        displayName: '郑工',
        password: PASSWORD,
        roleId: (await admin.ok('GET', '/api/v1/roles?pageSize=100')).items.find((r: { dataScope: string }) => r.dataScope === 'alliance').id,
      },
      201,
    );
    const cases: Array<[string, string, string, keyof Database, string, string]> = [
      [`/api/v1/units/${unit.id}`, 'contactName', 'contact_name', 'units', unit.id, '钱经理'],
      [`/api/v1/orgs/${org.id}`, 'secretary', 'secretary', 'orgs', org.id, '孙书记'],
      [`/api/v1/merchants/${shop.id}`, 'operatorName', 'operator_name', 'merchants', shop.id, '周老板'],
      [`/api/v1/resources/${resource.id}`, 'contactName', 'contact_name', 'resources', resource.id, '吴干事'],
      [`/api/v1/users/${user.id}`, 'displayName', 'display_name', 'users', user.id, '郑工'],
    ];
    for (const [url, field, column, table, id, name] of cases) {
      // a new number is refused
      await refused('PATCH', url, { [field]: `${name}${PHONE}` }, field, table);
      // one stored before the rule: sent back as stored, or as shown, saves and writes nothing
      const old = `${name}${PHONE}`;
      await env.deps.db
        .updateTable(table as 'units')
        .set({ [column as 'contact_name']: old })
        .where('id', '=', id)
        .execute();
      const shown = (await admin.ok('GET', url))[field];
      await keptAsStored(url, [{ [field]: old }, { [field]: shown }]);
      const stored = await env.deps.db
        .selectFrom(table as 'units')
        .select(column as 'contact_name')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored[column as 'contact_name'], url).toBe(old);
      // another number is refused; a clean name replaces it
      await refused('PATCH', url, { [field]: `${name} 13900001111` }, field, table);
      expect((await admin.ok('PATCH', url, { [field]: name }))[field], url).toBe(name);
    }
  });

  it("an account's display name stored with a number is shown masked wherever it appears; what is stored stays", async () => {
    const staff = await env.member(
      allianceId,
      (await admin.ok('GET', '/api/v1/roles?pageSize=100')).items.find((r: { name: string }) => r.name === '联盟管理员').id,
    );
    const old = `赵工${PHONE}`;
    await env.deps.db.updateTable('users').set({ display_name: old }).where('id', '=', staff.userId).execute();
    // the account's sessions see the new name at once (a rename through the API does the same)
    bumpAuthEpoch();
    const shownName = `赵工${MASKED}`;
    // the account acts: each act copies its name into the record (timeline, audit, "created by")
    const category = (await staff.ok('GET', '/api/v1/categories?pageSize=1')).items[0].id;
    const ticket = await staff.ok('POST', '/api/v1/tickets', { kind: 'need', categoryId: category, description: '账号名称测试' }, 201);
    await staff.ok('POST', `/api/v1/tickets/${ticket.id}/actions/dispatch`, { leadUnitId: unitId });
    await staff.ok('POST', `/api/v1/tickets/${ticket.id}/actions/escalate`, { reason: '请协调' });
    const meeting = await staff.ok('POST', '/api/v1/meetings', { title: '账号名称会议', heldAt: env.clock.now() }, 201);
    await staff.ok('POST', `/api/v1/meetings/${meeting.id}/topics`, { title: '账号名称议题' });
    const project = await staff.ok('POST', '/api/v1/projects', { title: '账号名称项目', ownerUnitId: unitId }, 201);
    await staff.ok('POST', `/api/v1/projects/${project.id}/progress`, { progress: 10, note: '推进' });
    await staff.ok('POST', '/api/v1/display-links', { name: '账号名称大屏' }, 201);
    await staff.ok('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: staff.userId });

    while ((await runNotificationsOnce(env.deps, 'names-test')).events > 0) {
      // every outbox event fanned out into the inbox
    }
    // the records it made since: each stores the name as it was (the audit chain's content is never rewritten)
    const copies = await env.deps.db.selectFrom('audit_log').select('id').where('actor_name', '=', old).execute();
    expect(copies.length).toBeGreaterThan(3);
    const made = new Set(copies.map((c) => c.id));
    const answers: Array<[string, unknown]> = [
      ['me', (await staff.ok('GET', '/api/v1/me')).user.displayName],
      ['user', (await admin.ok('GET', `/api/v1/users/${staff.userId}`)).displayName],
      ['users', (await admin.ok('GET', '/api/v1/users?pageSize=200')).items.find((u: { id: string }) => u.id === staff.userId).displayName],
      ['timeline', (await admin.ok('GET', `/api/v1/tickets/${ticket.id}`)).timeline.map((e: { actorName: string }) => e.actorName)],
      ['agenda', (await admin.ok('GET', '/api/v1/agenda-items?pageSize=200')).items.find((i: { ticketId: string }) => i.ticketId === ticket.id).createdByName],
      ['meeting', (await admin.ok('GET', `/api/v1/meetings/${meeting.id}`)).createdByName],
      ['topic', (await admin.ok('GET', `/api/v1/meetings/${meeting.id}`)).agenda.map((i: { addedByName: string }) => i.addedByName)],
      ['project events', (await admin.ok('GET', `/api/v1/projects/${project.id}/timeline`)).items.map((e: { actorName: string }) => e.actorName)],
      ['display link', (await admin.ok('GET', '/api/v1/display-links')).items.map((l: { createdByName: string }) => l.createdByName)],
      [
        'inbox',
        (await admin.ok('GET', '/api/v1/inbox?pageSize=100')).items
          .filter((i: { ticketId: string }) => i.ticketId === ticket.id)
          .map((i: { actorName: string }) => i.actorName),
      ],
      ['integrity', (await admin.ok('GET', '/api/v1/integrity/settings')).confidentialContactName],
      [
        'audit',
        (await admin.ok('GET', `/api/v1/audit?pageSize=200`)).items
          .filter((r: { id: string }) => made.has(r.id))
          .map((r: { actorName: string }) => r.actorName),
      ],
    ];
    for (const [what, shown] of answers) {
      const names = [shown].flat();
      expect(names.length, what).toBeGreaterThan(0);
      for (const name of names) expect(name, what).toBe(shownName);
    }
    // nothing answered the full number
    for (const url of [
      `/api/v1/tickets/${ticket.id}`,
      '/api/v1/audit?pageSize=200',
      `/api/v1/meetings/${meeting.id}`,
      '/api/v1/users?pageSize=200',
      '/api/v1/inbox',
    ])
      expect((await admin.get(url)).body, url).not.toContain(PHONE);
    // the stored name is untouched, and the audit chain holding its copies still verifies
    expect((await env.deps.db.selectFrom('users').select('display_name').where('id', '=', staff.userId).executeTakeFirstOrThrow()).display_name).toBe(old);
    expect((await admin.ok('GET', '/api/v1/audit/verify')).ok).toBe(true);
    await env.deps.db.updateTable('users').set({ display_name: '赵工' }).where('id', '=', staff.userId).execute();
    bumpAuthEpoch();
  });

  it('the merchant import rejects a row whose name or operator holds a number with its reason, imports the others, re-imports old ones as they are', async () => {
    const row = (n: number, name: string): TemplateRow => ({ name, creditCode: code(n), businessType: '餐饮', status: '在营' });
    const old = await admin.ok('POST', '/api/v1/merchants', { creditCode: code(20), name: '李记', businessType: 'catering' }, 201);
    await env.deps.db
      .updateTable('merchants')
      .set({ name: `李记 ${PHONE}`, operator_name: `老李${PHONE}` })
      .where('id', '=', old.id)
      .execute();
    // an operator named before the rule, exported masked
    const older = await admin.ok('POST', '/api/v1/merchants', { creditCode: code(25), name: '吴记', businessType: 'catering' }, 201);
    await env.deps.db
      .updateTable('merchants')
      .set({ operator_name: `老吴${PHONE}` })
      .where('id', '=', older.id)
      .execute();
    // a grid cell named before the rule, as the export and the template's drop-down show it (masked)
    const cell = await admin.ok('POST', '/api/v1/grids', { name: '导入网格' }, 201);
    await env.deps.db
      .updateTable('grids')
      .set({ name: `导入网格${PHONE}` })
      .where('id', '=', cell.id)
      .execute();
    const before = await countRows(env, 'merchants', allianceId);
    const file = await buildTemplate(
      [],
      [
        { ...row(26, '郑记'), grid: `导入网格${MASKED}` },
        row(21, '赵记小吃'),
        row(22, `钱记小吃 ${PHONE}`),
        { ...row(20, `李记 ${PHONE}`), operatorName: `老李${PHONE}` },
        row(23, `孙记 ${ID_NUMBER}`),
        { ...row(24, '周记'), operatorName: `老周${PHONE}` },
        { ...row(25, '吴记'), operatorName: `老吴${MASKED}` },
      ],
    );
    const b = multipart([{ name: 'file', value: file, filename: 'merchants.xlsx', contentType: 'application/octet-stream' }]);
    const r = await admin.app.inject({
      method: 'POST',
      url: '/api/v1/merchants/import?mode=valid',
      headers: { 'content-type': b.contentType, cookie: admin.cookie ?? '' },
      payload: b.payload,
    });
    expect(r.statusCode, r.body).toBe(200);
    const result = r.json();
    expect(result).toMatchObject({ total: 7, created: 2, unchanged: 2, rejected: 3 });
    const reason = '商户名称中不能含有手机号或身份证号（电话请填在联系电话列）';
    expect(result.errors).toEqual([
      { row: 4, reasons: [reason] },
      { row: 6, reasons: [reason] },
      { row: 7, reasons: ['经营者姓名中不能含有手机号或身份证号（电话请填在联系电话列）'] },
    ]);
    const operators = await env.deps.db.selectFrom('merchants').select('operator_name').where('id', 'in', [old.id, older.id]).orderBy('credit_code').execute();
    expect(operators.map((m) => m.operator_name)).toEqual([`老李${PHONE}`, `老吴${PHONE}`]);
    expect(await countRows(env, 'merchants', allianceId)).toBe(before + 2);
    expect((await env.deps.db.selectFrom('merchants').select('grid_id').where('credit_code', '=', code(26)).executeTakeFirstOrThrow()).grid_id).toBe(cell.id);
    const names = (await env.deps.db.selectFrom('merchants').select('name').where('alliance_id', '=', allianceId).execute()).map((m) => m.name);
    expect(names).toContain('赵记小吃');
    expect(names.some((n) => n.startsWith('钱记') || n.startsWith('孙记') || n.startsWith('周记'))).toBe(false);
  });
});
