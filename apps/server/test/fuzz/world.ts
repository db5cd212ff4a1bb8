import { DEMO_PASSWORD, seedDemo } from '../../src/modules/demo/index.ts';
import { Client, setupEnv, type TestEnv } from '../harness.ts';
import { fuzzableRoutes, type RouteInfo } from './routes.ts';

/** A logged-in (or anonymous) caller of the fuzz, able to log itself back in when a fuzzed request ended its session. */
export interface Actor {
  name: 'anon' | 'adminA' | 'lowA' | 'adminB';
  client: Client;
  username: string | null;
}

/** One GET answer of the crawl. */
export interface Crawled {
  actor: string;
  url: string;
  status: number;
  contentType: string;
  body: string;
}

/** The demo world the fuzz and abuse tests run in: two alliances with real data, their callers and the ids they own. */
export interface World {
  env: TestEnv;
  alliances: { A: { id: string; code: string }; B: { id: string; code: string } };
  actors: Record<Actor['name'], Actor>;
  routes: RouteInfo[];
  /** ids alliance A owns (what its admin may address) and ids of alliance B (what it must never reach) */
  pools: { own: string[]; foreign: string[] };
  /** tracking tokens (/t/:token) and integrity page codes (/m/:code) of each alliance */
  tokens: { own: string[]; foreign: string[] };
  merchantCodes: { own: string[]; foreign: string[] };
  /** an API key of alliance A (staff role) for Open311 and X-API-Key requests */
  apiKeyA: string;
  /** checks every actor's session and logs it back in (or makes a new account) when a fuzzed request ended it */
  revive(): Promise<void>;
}

const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every string id in a JSON value (fields named id or …Id). */
export function collectIds(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectIds(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && (k === 'id' || k.endsWith('Id')) && ID_RE.test(v)) out.add(v);
      else collectIds(v, out);
    }
  }
}

/** GETs every list route, then every detail route with ids from its list, as one caller; the answers are returned. */
export async function crawl(client: Client, actor: string, routes: RouteInfo[]): Promise<Crawled[]> {
  const out: Crawled[] = [];
  const lists = new Map<string, unknown>();
  const get = async (url: string) => {
    const r = await client.get(url);
    out.push({ actor, url, status: r.statusCode, contentType: String(r.headers['content-type'] ?? ''), body: r.body });
    return r;
  };
  const gets = routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/'));
  for (const r of gets.filter((x) => !x.path.includes(':'))) {
    const res = await get(r.path.includes('?') ? r.path : `${r.path}${/export|template/.test(r.path) ? '' : '?pageSize=100'}`);
    if (res.statusCode === 200 && String(res.headers['content-type']).includes('json')) lists.set(r.path, res.json());
  }
  for (const r of gets.filter((x) => /^[^:]*\/:id(\/[^:]*)?$/.test(x.path))) {
    const listPath = r.path.slice(0, r.path.indexOf('/:id'));
    const ids = new Set<string>();
    const list = lists.get(listPath) as { items?: unknown[] } | unknown[] | undefined;
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    for (const item of items.slice(0, 4)) {
      const id = (item as { id?: unknown }).id;
      if (typeof id === 'string') ids.add(id);
    }
    for (const id of ids) await get(r.path.replace(':id', id));
  }
  return out;
}

async function loginAs(env: TestEnv, username: string, allianceId: string | null): Promise<Client> {
  const c = await env.login(username, DEMO_PASSWORD);
  if (allianceId) await c.ok('POST', '/api/v1/auth/switch', { allianceId });
  return c;
}

/** Seeds the demo (alliances HHX = A and LJJ = B), logs in the callers, crawls both alliances for ids and tokens. */
export async function buildWorld(): Promise<World> {
  const env = await setupEnv();
  await seedDemo(env.app, env.deps, () => {});
  const all = await env.city.ok<{ items: Array<{ id: string; code: string }> }>('GET', '/api/v1/alliances?pageSize=100');
  const find = (code: string) => {
    const a = all.items.find((x) => x.code === code);
    if (!a) throw new Error(`demo alliance ${code} missing`);
    return { id: a.id, code: a.code };
  };
  const A = find('HHX');
  const B = find('LJJ');
  const accounts = { adminA: ['hhx_admin', A.id], lowA: ['hhx_volunteer', A.id], adminB: ['ljj_admin', B.id] } as const;
  const actors = {
    anon: { name: 'anon', client: new Client(env.app, null), username: null },
    adminA: { name: 'adminA', client: await loginAs(env, accounts.adminA[0], A.id), username: accounts.adminA[0] },
    lowA: { name: 'lowA', client: await loginAs(env, accounts.lowA[0], A.id), username: accounts.lowA[0] },
    adminB: { name: 'adminB', client: await loginAs(env, accounts.adminB[0], B.id), username: accounts.adminB[0] },
  } satisfies Record<Actor['name'], Actor>;
  const routes = fuzzableRoutes(env.app);

  // tracking tokens: one public report in each alliance
  const tokens = { own: [] as string[], foreign: [] as string[] };
  for (const [a, admin, bucket] of [
    [A, actors.adminA.client, tokens.own],
    [B, actors.adminB.client, tokens.foreign],
  ] as const) {
    const cats = await admin.ok<{ items: Array<{ id: string }> }>('GET', '/api/v1/categories?pageSize=100');
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      remoteAddress: `10.9.${bucket === tokens.own ? 1 : 2}.1`,
      payload: { allianceCode: a.code, categoryId: cats.items[0]?.id, description: '路灯不亮，晚上很黑', consent: true, reporterPhone: '13912345678' },
    });
    if (r.statusCode !== 201) throw new Error(`public report → ${r.statusCode} ${r.body}`);
    bucket.push(String(r.json().trackingUrl).split('/t/')[1] ?? '');
  }

  const ownIds = new Set<string>();
  const foreignIds = new Set<string>();
  const merchantCodes = { own: new Set<string>(), foreign: new Set<string>() };
  for (const [client, name, ids, codes] of [
    [actors.adminA.client, 'adminA', ownIds, merchantCodes.own],
    [actors.adminB.client, 'adminB', foreignIds, merchantCodes.foreign],
  ] as const) {
    for (const c of await crawl(client, name, routes)) {
      if (c.contentType.includes('json')) collectIds(JSON.parse(c.body), ids);
      for (const m of c.body.matchAll(/"publicCode":"([^"]{1,40})"|\/m\/([A-Za-z0-9_-]{4,40})/g)) codes.add(m[1] ?? m[2] ?? '');
      codes.delete('');
    }
  }
  // codes whose public page shows (an operating merchant) first: the complaint form needs one
  const operating = async (codes: Set<string>) => {
    const open: string[] = [];
    const rest: string[] = [];
    for (const c of codes) ((await env.app.inject({ method: 'GET', url: `/m/${encodeURIComponent(c)}` })).statusCode === 200 ? open : rest).push(c);
    return [...open, ...rest];
  };
  for (const id of ownIds) foreignIds.delete(id); // shared rows (city-level) are nobody's "foreign" id

  const roles = await actors.adminA.client.ok<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/roles?pageSize=100');
  const staff = roles.items.find((r) => r.name === '党委工作人员') ?? roles.items[0];
  const key = await actors.adminA.client.ok<{ secret: string }>('POST', '/api/v1/api-keys', { name: 'fuzz', roleId: staff?.id });

  const revive = async () => {
    for (const name of ['adminA', 'lowA', 'adminB'] as const) {
      const actor: Actor = actors[name];
      const me = await actor.client.get('/api/v1/me');
      if (me.statusCode === 200) continue;
      const [username, allianceId] = accounts[name];
      try {
        actor.client = await loginAs(env, username, allianceId);
      } catch {
        // a fuzzed request disabled the account or changed its password: a fresh account with the same role
        const roleName = name === 'lowA' ? '志愿者' : '联盟管理员';
        await env.city.ok('POST', '/api/v1/auth/switch', { allianceId });
        const list = await env.city.ok<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/roles?pageSize=100');
        const role = list.items.find((r) => r.name === roleName) ?? list.items[0];
        actor.client = await env.member(allianceId, role?.id ?? '');
      }
    }
  };

  return {
    env,
    alliances: { A, B },
    actors,
    routes,
    pools: { own: [...ownIds], foreign: [...foreignIds] },
    tokens,
    merchantCodes: { own: await operating(merchantCodes.own), foreign: await operating(merchantCodes.foreign) },
    apiKeyA: key.secret,
    revive,
  };
}

/** A day of the holiday calendar far from any test's clock: the name planted there cannot move a deadline. */
export const PLANTED_HOLIDAY = '2099-12-30';

/**
 * Types a mobile and a resident ID number into the free texts of alliance A that are masked on the way out: a grid's
 * and a role's description, the alliance's description and region, a unit's category, a category's GB class, a
 * holiday's name, the reporter name staff type for a caller, an evaluation round's name, and (planted in their rows,
 * as named before names refused numbers) a merchant's grid, a project's and a resource's unit, a case's category. Each
 * text is a two-character marker and the numbers; the markers are returned, for the crawl to find each text again, masked.
 */
export async function plantFreeTexts(world: World, phone: string, idNumber: string): Promise<string[]> {
  const { env, alliances } = world;
  const admin = world.actors.adminA.client;
  // 30 characters: with its two-character marker it fits the shortest of these fields (32)
  const numbers = `${phone}，${idNumber}`;
  const grids = await admin.ok<{ items: Array<{ id: string }> }>('GET', '/api/v1/grids?pageSize=1');
  await admin.ok('PATCH', `/api/v1/grids/${grids.items[0]?.id}`, { description: `网格${numbers}` });
  await admin.ok('POST', '/api/v1/roles', { name: '隐私测试角色', description: `角色${numbers}`, permissions: [], dataScope: 'own' }, 201);
  await admin.ok('PATCH', `/api/v1/alliances/${alliances.A.id}`, { description: `简介${numbers}`, region: `区域${numbers}` });
  await admin.ok('POST', '/api/v1/units', { kind: 'enterprise', name: '隐私测试单位类别', category: `类别${numbers}` }, 201);
  const category = await admin.ok<{ id: string }>(
    'POST',
    '/api/v1/categories',
    { code: 'PRIVACY', name: '隐私测试分类', gbClass: `国标${numbers}`, acceptHours: 24, resolveDays: 7, urgentHours: 2 },
    201,
  );
  // a holiday's name takes no number any more (400 contains_number): one named before the rule is planted in its row
  await env.city.ok('PUT', `/api/v1/calendar/days/${PLANTED_HOLIDAY}`, { kind: 'holiday', name: '隐私测试假日' });
  await env.deps.db
    .updateTable('calendar_days')
    .set({ name: `假日${numbers}` })
    .where('date', '=', PLANTED_HOLIDAY)
    .execute();
  // names of things joined into other rows' answers, named before the rule: a merchant's grid, a project's and a
  // resource's unit, a case's category
  const db = env.deps.db;
  const A = alliances.A.id;
  // one update serves the three tables: the cast only lets one query builder take them all
  const rename = (table: 'grids' | 'units' | 'categories', id: string, name: string) =>
    db
      .updateTable(table as 'units')
      .set({ name })
      .where('id', '=', id)
      .execute();
  const shop = await db.selectFrom('merchants').select('grid_id').where('alliance_id', '=', A).where('grid_id', 'is not', null).executeTakeFirstOrThrow();
  await rename('grids', shop.grid_id as string, `格名${numbers}`);
  const project = await db.selectFrom('projects').select('owner_unit_id').where('alliance_id', '=', A).executeTakeFirstOrThrow();
  await rename('units', project.owner_unit_id, `单名${numbers}`);
  const resource = await db
    .selectFrom('resources')
    .select('unit_id')
    .where('alliance_id', '=', A)
    .where('unit_id', '!=', project.owner_unit_id)
    .executeTakeFirst();
  if (resource) await rename('units', resource.unit_id, `资名${numbers}`);
  const ticket = await db.selectFrom('tickets').select('category_id').where('alliance_id', '=', A).executeTakeFirstOrThrow();
  await rename('categories', ticket.category_id, `类名${numbers}`);
  // every other unit, grid and category of A too: which rows the picks above land on depends on row order, and a
  // name joined into some answer (a webhook's unit, an agenda item's lead unit) must be caught in every run
  const picked = new Set([shop.grid_id, project.owner_unit_id, resource?.unit_id, ticket.category_id]);
  for (const table of ['units', 'grids', 'categories'] as const) {
    const rows = await db
      .selectFrom(table as 'units')
      .select('id')
      .where('alliance_id', '=', A)
      .orderBy('id')
      .execute();
    let i = 0;
    for (const r of rows) if (!picked.has(r.id)) await rename(table, r.id, `其${i++}号${numbers}`);
  }
  // webhooks and API keys named before the rule: their own names, shown in their lists
  const hooks = await db
    .updateTable('webhooks')
    .set({ name: `钩名${numbers}` })
    .where('alliance_id', '=', A)
    .executeTakeFirst();
  await db
    .updateTable('api_keys')
    .set({ name: `钥名${numbers}` })
    .where('alliance_id', '=', A)
    .execute();
  // a caller's name takes no number any more either (a person's name): one typed before the rule is planted in its row
  const call = await admin.ok<{ id: string }>(
    'POST',
    '/api/v1/tickets',
    { kind: 'need', categoryId: category.id, description: '电话求助', reporterName: '来电人' },
    201,
  );
  await env.deps.db
    .updateTable('tickets')
    .set({ reporter_name: `来电${numbers}` })
    .where('id', '=', call.id)
    .execute();
  // a round's name takes no number any more (400 contains_number): one named before the rule is planted in its row
  const round = await admin.ok<{ id: string }>('POST', '/api/v1/credit/rounds', { name: '隐私测试评选', plaqueKind: 'trusted' }, 201);
  await env.deps.db
    .updateTable('credit_rounds')
    .set({ name: `评选${numbers}` })
    .where('id', '=', round.id)
    .execute();
  return [
    '网格',
    '角色',
    '简介',
    '区域',
    '类别',
    '国标',
    '假日',
    '来电',
    '评选',
    '格名',
    '单名',
    ...(resource ? ['资名'] : []),
    '类名',
    '其0号',
    '钥名',
    ...(Number(hooks.numUpdatedRows) > 0 ? ['钩名'] : []),
  ];
}
