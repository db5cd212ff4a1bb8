/**
 * Creates the demo alliances on an empty database. Only the city administrator is written directly
 * (there is nobody to log in as before it); everything else goes through the real HTTP API with
 * app.inject, so validation, encryption of phones and ID numbers, scopes and the audit chain all apply.
 */
import { BUILTIN_ROLES, type BuiltinRole } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import { seedDemoCredit } from './demo.credit.seed.ts';
import { seedDemoHistory } from './demo.history.seed.ts';
import { seedDemoMeetings } from './demo.meetings.seed.ts';
import { seedDemoMerchants } from './demo.merchants.seed.ts';
import { seedDemoNotifications } from './demo.notifications.seed.ts';
import { seedDemoResources } from './demo.resources.seed.ts';
import type { Deps } from '../../lib/context.ts';
import { createUserAccount } from '../users/index.ts';
import { DEMO_ALLIANCES, DEMO_CITY_ADMIN, DEMO_PASSWORD, DEMO_ROUTING, DEMO_SHARED_ACCOUNTS, type DemoAlliance } from './demo.data.ts';
import { seedTickets } from './demo.tickets.seed.ts';
import { INTERNAL_HEADER, internalKey } from '../../lib/internalKey.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A logged-in API client over app.inject; any non-2xx answer throws with the body. */
export class DemoApi {
  constructor(
    private readonly app: FastifyInstance,
    private readonly cookie: string,
  ) {}

  static async login(app: FastifyInstance, username: string, password: string): Promise<DemoApi> {
    const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { [INTERNAL_HEADER]: internalKey() }, payload: { username, password } });
    if (r.statusCode !== 200) throw new Error(`demo seed: login as ${username} → ${r.statusCode}: ${r.body}`);
    const c = r.cookies.find((x) => x.name === 'tx_session');
    if (!c) throw new Error('demo seed: login answered without a tx_session cookie');
    return new DemoApi(app, `tx_session=${c.value}`);
  }

  async call<T = { id: string }>(method: Method, url: string, body?: object): Promise<T> {
    const r = await this.app.inject({ method, url, headers: { cookie: this.cookie }, ...(body === undefined ? {} : { payload: body }) });
    if (r.statusCode < 200 || r.statusCode >= 300) throw new Error(`demo seed: ${method} ${url} → ${r.statusCode}: ${r.body}`);
    return r.json() as T;
  }

  /** Uploads a photo through POST /api/v1/files, as the apps do; returns its id. */
  async upload(bytes: Buffer, filename: string): Promise<string> {
    const boundary = `----tongxinDemo${Date.now().toString(36)}`;
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`;
    const payload = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { cookie: this.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` };
    const r = await this.app.inject({ method: 'POST', url: '/api/v1/files', headers, payload });
    if (r.statusCode !== 201) throw new Error(`demo seed: POST /api/v1/files → ${r.statusCode}: ${r.body}`);
    return (r.json() as { id: string }).id;
  }
}

/** Maps the data's local keys to the ids the API answered. */
export function need(map: Map<string, string>, key: string | undefined, what: string): string | null {
  if (key === undefined) return null;
  const id = map.get(key);
  if (!id) throw new Error(`demo seed: unknown ${what} key "${key}"`);
  return id;
}

export interface Created {
  allianceId: string;
  roles: Map<BuiltinRole['key'], string>;
  orgs: Map<string, string>;
  grids: Map<string, string>;
  units: Map<string, string>;
  people: Map<string, string>;
}

async function switchTo(api: DemoApi, allianceId: string): Promise<void> {
  await api.call('POST', '/api/v1/auth/switch', { allianceId });
}

async function builtinRoleIds(api: DemoApi): Promise<Map<BuiltinRole['key'], string>> {
  const list = await api.call<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/roles?pageSize=200');
  const out = new Map<BuiltinRole['key'], string>();
  for (const b of BUILTIN_ROLES) {
    const r = list.items.find((x) => x.name === b.name);
    if (!r) throw new Error(`demo seed: built-in role ${b.name} is missing from GET /api/v1/roles`);
    out.set(b.key, r.id);
  }
  return out;
}

async function seedAlliance(api: DemoApi, a: DemoAlliance): Promise<Created> {
  const alliance = await api.call('POST', '/api/v1/alliances', {
    code: a.code,
    name: a.name,
    region: a.region,
    description: a.description,
    gridLevelNames: a.gridLevelNames,
  });
  await switchTo(api, alliance.id);
  const c: Created = { allianceId: alliance.id, roles: await builtinRoleIds(api), orgs: new Map(), grids: new Map(), units: new Map(), people: new Map() };

  // parents come first in the data, so one pass in order builds each tree
  for (const [i, o] of a.orgs.entries()) {
    const row = await api.call('POST', '/api/v1/orgs', {
      parentId: need(c.orgs, o.parent, 'org'),
      kind: o.kind,
      name: o.name,
      secretary: o.secretary ?? null,
      description: o.description ?? null,
      sortOrder: i,
    });
    c.orgs.set(o.key, row.id);
  }
  for (const [i, g] of a.grids.entries()) {
    const row = await api.call('POST', '/api/v1/grids', {
      parentId: need(c.grids, g.parent, 'grid'),
      name: g.name,
      code: g.code ?? null,
      orgId: need(c.orgs, g.org, 'org'),
      description: g.description ?? null,
      sortOrder: i,
    });
    c.grids.set(g.key, row.id);
  }
  for (const u of a.units) {
    const row = await api.call('POST', '/api/v1/units', {
      kind: u.kind,
      name: u.name,
      category: u.category,
      orgId: need(c.orgs, u.org, 'org'),
      gridId: need(c.grids, u.grid, 'grid'),
      contactName: u.contactName,
      contactPhone: u.contactPhone ?? null,
      address: u.address,
      duties: u.duties,
    });
    c.units.set(u.key, row.id);
  }
  await seedRouting(api, a, c);
  for (const p of a.people) {
    const row = await api.call('POST', '/api/v1/people', {
      name: p.name,
      gender: p.gender,
      phone: p.phone,
      idType: p.idType,
      idNumber: p.idNumber,
      isPartyMember: p.isPartyMember,
      orgId: need(c.orgs, p.org, 'org'),
      unitId: need(c.units, p.unit, 'unit'),
      gridId: need(c.grids, p.grid, 'grid'),
      title: p.title ?? null,
      note: p.note ?? null,
    });
    c.people.set(p.key, row.id);
  }
  for (const p of a.people) {
    for (const gr of p.gridRoles ?? []) {
      await api.call('POST', `/api/v1/grids/${need(c.grids, gr.grid, 'grid')}/members`, { personId: need(c.people, p.key, 'person'), role: gr.role });
    }
  }
  for (const acc of a.accounts) {
    await api.call('POST', '/api/v1/users', {
      username: acc.username,
      displayName: acc.displayName,
      password: DEMO_PASSWORD,
      personId: need(c.people, acc.person, 'person'),
      roleId: need(c.roles, acc.role, 'role'),
      unitId: need(c.units, acc.unit, 'unit'),
      scopeOrgId: need(c.orgs, acc.org, 'org'),
      scopeGridId: need(c.grids, acc.grid, 'grid'),
    });
  }
  return c;
}

/**
 * Seeds the demo alliances when the database has none; otherwise does nothing (`created: false`).
 * Creates the city administrator `admin` (password DEMO_PASSWORD), logs in over HTTP and builds the
 * rest through the API. Throws on any non-2xx answer, naming the call and the body.
 */
export async function seedDemo(app: FastifyInstance, deps: Deps, log?: (msg: string) => void): Promise<{ created: boolean }> {
  const any = await deps.db.selectFrom('alliances').select('id').limit(1).executeTakeFirst();
  if (any) {
    log?.('demo: alliances already exist, nothing to do');
    return { created: false };
  }
  const taken = await deps.db.selectFrom('users').select('id').where('username', '=', DEMO_CITY_ADMIN.username).executeTakeFirst();
  if (taken) {
    throw new Error(`demo seed: the database has no alliance but already has a user "${DEMO_CITY_ADMIN.username}"; seed the demo only into an empty database`);
  }
  const started = Date.now();
  await createUserAccount(deps, { username: DEMO_CITY_ADMIN.username, displayName: DEMO_CITY_ADMIN.displayName, password: DEMO_PASSWORD, isCityAdmin: true });
  const api = await DemoApi.login(app, DEMO_CITY_ADMIN.username, DEMO_PASSWORD);

  const byCode = new Map<string, Created>();
  for (const a of DEMO_ALLIANCES) {
    const c = await seedAlliance(api, a);
    byCode.set(a.code, c);
    log?.(
      `demo: ${a.code} ${a.name}: ${a.orgs.length} orgs, ${a.grids.length} grids, ${a.units.length} units, ${a.people.length} people, ${a.accounts.length} accounts`,
    );
  }

  for (const s of DEMO_SHARED_ACCOUNTS) {
    for (const [i, m] of s.memberships.entries()) {
      const c = byCode.get(m.alliance);
      if (!c) throw new Error(`demo seed: shared account ${s.username} names unknown alliance ${m.alliance}`);
      await switchTo(api, c.allianceId);
      const membership = {
        roleId: need(c.roles, m.role, 'role'),
        unitId: need(c.units, m.unit, 'unit'),
        scopeOrgId: need(c.orgs, m.org, 'org'),
        scopeGridId: need(c.grids, m.grid, 'grid'),
      };
      if (i === 0) await api.call('POST', '/api/v1/users', { username: s.username, displayName: s.displayName, password: DEMO_PASSWORD, ...membership });
      else await api.call('POST', '/api/v1/users/memberships', { username: s.username, ...membership });
    }
    log?.(`demo: ${s.username} is a member of ${s.memberships.map((m) => m.alliance).join(' and ')}`);
  }

  const t0 = Date.now();
  for (const a of DEMO_ALLIANCES) {
    const c = byCode.get(a.code);
    if (!c) continue;
    const n = await seedTickets(app, deps, a, c);
    log?.(`demo: ${a.code}: ${n} tickets`);
  }
  log?.(`demo: tickets in ${Date.now() - t0} ms`);

  // each feature seeds its own part, in the order they build on each other (merchants before their credit and before the
  // earlier year's cases, whose texts name their shops; the 项目清单 before the meetings whose resolutions add to it)
  for (const seed of [seedDemoMerchants, seedDemoHistory, seedDemoCredit, seedDemoResources, seedDemoMeetings, seedDemoNotifications]) {
    for (const a of DEMO_ALLIANCES) {
      const c = byCode.get(a.code);
      if (c) log?.(await seed(app, deps, a, c));
    }
  }

  await api.call('POST', '/api/v1/auth/logout', {});
  log?.(`demo: done in ${Date.now() - started} ms; accounts and their public password are listed in docs/DEMO.md`);
  return { created: true };
}

/** Gives the seeded categories their default lead units (DEMO_ROUTING) and the alliance's grid routes, through the API. */
async function seedRouting(api: DemoApi, a: DemoAlliance, c: Created): Promise<void> {
  const cats = await api.call<{ items: Array<{ id: string; code: string }> }>('GET', '/api/v1/categories?pageSize=200');
  for (const cat of cats.items) {
    const unit = DEMO_ROUTING[cat.code];
    const routes = (a.gridRoutes ?? []).filter((r) => r.category === cat.code);
    if (!unit && routes.length === 0) continue;
    await api.call('PATCH', `/api/v1/categories/${cat.id}`, {
      defaultLeadUnitId: need(c.units, unit, 'unit'),
      gridRoutes: routes.map((r) => ({ gridId: need(c.grids, r.grid, 'grid'), unitId: need(c.units, r.unit, 'unit') })),
    });
  }
}
