import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { openMigratedDb, type Database, type DbHandle } from '../src/db/index.ts';
import { ManualClock } from '../src/lib/clock.ts';
import type { Deps } from '../src/lib/context.ts';
import { newId } from '../src/lib/ids.ts';
import { createUserAccount } from '../src/modules/users/index.ts';
import { multipart, realJpeg } from './fuzz/multipart.ts';

/** Which database this run targets: TEST_DB=postgres runs the same files on PostgreSQL. */
export const TEST_DB: 'sqlite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const PASSWORD = 'Test-Passw0rd!';

/** A logged-in HTTP client over app.inject. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    public cookie: string | null,
    readonly headers: Record<string, string> = {},
  ) {}
  async req(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...this.headers };
    if (this.cookie) headers.cookie = this.cookie;
    return this.app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body as object }) });
  }
  get = (url: string) => this.req('GET', url);
  post = (url: string, body: unknown = {}) => this.req('POST', url, body);
  patch = (url: string, body: unknown) => this.req('PATCH', url, body);
  del = (url: string) => this.req('DELETE', url);
  /** Uploads a real JPEG through POST /api/v1/files, as the apps do, and returns the stored photo's id. */
  async uploadPhoto(): Promise<string> {
    const { payload, contentType } = multipart([{ name: 'file', value: await realJpeg(), filename: 'evidence.jpg', contentType: 'image/jpeg' }]);
    const headers: Record<string, string> = { ...this.headers, 'content-type': contentType };
    if (this.cookie) headers.cookie = this.cookie;
    const r = await this.app.inject({ method: 'POST', url: '/api/v1/files', headers, payload });
    if (r.statusCode !== 201) throw new Error(`POST /api/v1/files → ${r.statusCode}: ${r.body}`);
    return (r.json() as { id: string }).id;
  }
  /** The JSON body of a call that must succeed with the given status. */
  async ok<T = any>(method: string, url: string, body?: unknown, status?: number): Promise<T> {
    const r = await this.req(method, url, body);
    const want = status ?? (method === 'POST' ? [200, 201] : [200]);
    if (!(Array.isArray(want) ? want : [want]).includes(r.statusCode)) throw new Error(`${method} ${url} → ${r.statusCode}: ${r.body}`);
    return r.json() as T;
  }
}

export interface TestEnv {
  app: FastifyInstance;
  deps: Deps;
  handle: DbHandle;
  clock: ManualClock;
  config: Config;
  city: Client;
  anon: Client;
  login(username: string, password?: string): Promise<Client>;
  /** creates an alliance as the city admin (extra: further AllianceCreate fields) and returns it with its role ids by name */
  alliance(code: string, name?: string, extra?: Record<string, unknown>): Promise<{ id: string; roles: Record<string, string> }>;
  /** a new account (POST /api/v1/users as the city admin) with a membership in the alliance, logged in and switched there */
  member(
    allianceId: string,
    roleId: string,
    extra?: { unitId?: string; scopeOrgId?: string; scopeGridId?: string; personId?: string; username?: string },
  ): Promise<Client & { userId: string }>;
  close(): Promise<void>;
}

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

async function openTestDb(): Promise<{ handle: DbHandle; url: string; cleanup: () => Promise<void> }> {
  if (TEST_DB === 'postgres') {
    const schema = `t_${uniq()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    await admin.end();
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const dropSchema = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    };
    let handle: DbHandle;
    try {
      handle = await openMigratedDb('postgres', url);
    } catch (err) {
      await dropSchema();
      throw err;
    }
    return {
      handle,
      url,
      cleanup: async () => {
        await handle.close();
        await dropSchema();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-test-'));
  const url = join(dir, 'test.db');
  const handle = await openMigratedDb('sqlite', url);
  return {
    handle,
    url,
    cleanup: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Builds the real app on a fresh database (a temp SQLite file, or a fresh PostgreSQL schema) with a city admin;
 * `settings`: further environment variables of its configuration (ID_NUMBER_PROBE_LIMIT …).
 */
export async function setupEnv(settings: Record<string, string> = {}): Promise<TestEnv> {
  const { handle, url, cleanup } = await openTestDb();
  const config = loadConfig({
    ...settings,
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DB === 'postgres' ? url : url,
    TONGXIN_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    DATA_DIR: tmpdir(),
  });
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 2, 0, 0));
  const { app, deps } = await buildApp({ config, clock, handle, logger: false, loginRateMax: 10_000 });
  await app.ready();
  const anon = new Client(app, null);
  const login = async (username: string, password = PASSWORD) => {
    const r = await anon.post('/api/v1/auth/login', { username, password });
    if (r.statusCode !== 200) throw new Error(`login ${username} → ${r.statusCode} ${r.body}`);
    const set = r.cookies.find((c) => c.name === 'tx_session');
    return new Client(app, `tx_session=${set?.value}`);
  };
  const cityName = `city_${uniq()}`;
  await createUserAccount(deps, { username: cityName, displayName: '市级管理员', password: PASSWORD, isCityAdmin: true });
  const city = await login(cityName);
  const env: TestEnv = {
    app,
    deps,
    handle,
    clock,
    config,
    city,
    anon,
    login,
    async alliance(code, name, extra = {}) {
      const a = await city.ok('POST', '/api/v1/alliances', { code, name: name ?? `${code} 联盟`, ...extra });
      await city.ok('POST', '/api/v1/auth/switch', { allianceId: a.id });
      const roles = await city.ok<{ items: { id: string; name: string }[] }>('GET', '/api/v1/roles?pageSize=100');
      return { id: a.id as string, roles: Object.fromEntries(roles.items.map((r) => [r.name, r.id])) };
    },
    async member(allianceId, roleId, extra = {}) {
      await city.ok('POST', '/api/v1/auth/switch', { allianceId });
      const username = extra.username ?? `u_${uniq()}`;
      const { username: _u, ...fields } = extra;
      const u = await city.ok('POST', '/api/v1/users', { username, displayName: username, password: PASSWORD, roleId, ...fields });
      const c = await login(username);
      await c.ok('POST', '/api/v1/auth/switch', { allianceId });
      return Object.assign(c, { userId: u.id as string });
    },
    async close() {
      await app.close();
      await cleanup();
    },
  };
  return env;
}

/** Rows of a table in one alliance, or in all of them when allianceId is left out (straight from the database). */
export async function countRows(env: TestEnv, table: keyof Database, allianceId?: string): Promise<number> {
  // every table is counted the same way; the cast only lets one query builder serve them all
  let q = env.deps.db.selectFrom(table as 'units').select((eb) => eb.fn.countAll<number>().as('n'));
  if (allianceId !== undefined) q = q.where('alliance_id', '=', allianceId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** A photo of the alliance written straight to the database (its bytes are no image): for bodies that need evidence photos. */
export async function insertPhoto(env: TestEnv, allianceId: string, id: string = newId()): Promise<string> {
  await env.deps.db
    .insertInto('files')
    .values({
      id,
      alliance_id: allianceId,
      owner_user_id: null,
      mime: 'image/jpeg',
      bytes: 1,
      width: 1,
      height: 1,
      sha256: 'x',
      content: Buffer.from('x'),
      thumb: Buffer.from('x'),
      created_at: env.clock.now(),
    })
    .execute();
  // a fresh upload, waiting for the record that takes it (files.takePhotos)
  await env.deps.db.insertInto('pending_uploads').values({ file_id: id, created_at: env.clock.now() }).execute();
  return id;
}

/** An active category of the alliance (its first), or a new 环境卫生 one when the alliance has none yet. */
export async function firstCategory(env: TestEnv, allianceId: string): Promise<{ id: string; name: string }> {
  const [hit] = await env.deps.db.selectFrom('categories').select(['id', 'name']).where('alliance_id', '=', allianceId).where('active', '=', 1).execute();
  if (hit) return hit;
  const now = env.clock.now();
  const cat = { id: newId(), name: '环境卫生' };
  await env.deps.db
    .insertInto('categories')
    .values({
      ...cat,
      alliance_id: allianceId,
      code: 'T01',
      gb_class: null,
      accept_hours: 24,
      resolve_days: 7,
      urgent_hours: 2,
      default_lead_unit_id: null,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return cat;
}

/** A custom (non-builtin) role written straight to the database, e.g. to give a member a scope no builtin role carries. */
export async function insertRole(
  env: TestEnv,
  allianceId: string,
  role: { name: string; permissions: string[]; dataScope: 'alliance' | 'org' | 'grid' | 'unit' | 'own' },
): Promise<string> {
  const id = newId();
  await env.deps.db
    .insertInto('roles')
    .values({
      id,
      alliance_id: allianceId,
      name: role.name,
      description: null,
      permissions: JSON.stringify(role.permissions),
      data_scope: role.dataScope,
      builtin: 0,
      created_at: env.clock.now(),
      updated_at: env.clock.now(),
    })
    .execute();
  return id;
}

/** The data of a ticket's 'create' timeline event, parsed (straight from the database). */
export async function createEventData(env: TestEnv, ticketId: string): Promise<Record<string, unknown>> {
  const e = await env.deps.db
    .selectFrom('ticket_events')
    .select('data')
    .where('ticket_id', '=', ticketId)
    .where('action', '=', 'create')
    .executeTakeFirstOrThrow();
  return JSON.parse(e.data ?? '{}') as Record<string, unknown>;
}

/**
 * An edit that changes nothing (an empty body, then `same`: the edit form saved as shown) answers `shown` as it is and
 * writes nothing: updated_at kept, no audit record. `change` still writes once, with a new updated_at. For every PATCH.
 */
export async function expectNoChangeEdit(
  env: TestEnv,
  c: Client,
  at: { url: string; table: keyof Database; id: string },
  shown: Record<string, unknown>,
  same: Record<string, unknown>,
  change: Record<string, unknown>,
): Promise<void> {
  const updatedAt = async () =>
    Number(
      (
        await env.deps.db
          .selectFrom(at.table as 'units')
          .select('updated_at')
          .where('id', '=', at.id)
          .executeTakeFirstOrThrow()
      ).updated_at,
    );
  const stored = await updatedAt();
  env.clock.advance(60_000);
  const audits = await countRows(env, 'audit_log');
  for (const body of [{}, same]) expect(await c.ok('PATCH', at.url, body)).toEqual(shown);
  expect(await countRows(env, 'audit_log')).toBe(audits);
  expect(await updatedAt()).toBe(stored);
  expect(await c.ok('PATCH', at.url, { ...same, ...change })).toMatchObject(change);
  expect(await countRows(env, 'audit_log')).toBe(audits + 1);
  expect(await updatedAt()).toBe(env.clock.now());
}
