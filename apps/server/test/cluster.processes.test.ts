// Issue 7 part 5: several server processes behind a load balancer without sticky sessions. Sessions live in the
// database, so a cookie from one process works on another and a logout on one is refused by the other once its
// actor cache (2 s, modules/auth/actor.ts) has expired; with REDIS_URL every limited route counts in Redis, so the
// limit holds for all processes together.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { migrateToLatest, openDb } from '../src/db/index.ts';
import { PASSWORD, PG_URL, setupEnv, TEST_DB, type TestEnv } from './harness.ts';
import { freePort } from './ports.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../bin/tongxin.mjs');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// the actor cache of each process (ACTOR_TTL_MS in modules/auth/actor.ts) plus a margin
const ACTOR_TTL_MS = 2_000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`several server processes (${TEST_DB})`, { timeout: 120_000 }, () => {
  let env: TestEnv;
  let child: ChildProcess | null = null;
  let dataDir: string;
  let username: string;
  let allianceId: string;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('CLS');
    allianceId = A.id;
    username = `cls_${randomBytes(3).toString('hex')}`;
    await env.member(A.id, A.roles['党委工作人员'] as string, { username });
    // the other process reads the real clock: bring this one to now (sessions made before are idle from here on)
    env.clock.advance(Date.now() - env.clock.now());
    dataDir = mkdtempSync(join(tmpdir(), 'tongxin-peer-'));
  });
  afterAll(async () => {
    child?.kill('SIGTERM');
    await env?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A second `tongxin start` process on the same database; returns its base URL. */
  async function startProcess(): Promise<string> {
    const port = await freePort();
    const p = spawn(process.execPath, [BIN, 'start'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: env.config.db.url,
        TONGXIN_SECRET: 'test-secret-test-secret-test-secret-0123',
        DATA_DIR: dataDir,
        DEMO: 'false',
        LOG_LEVEL: 'error',
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child = p;
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      if (p.exitCode !== null) throw new Error(`server exited: ${err}`);
      try {
        if ((await fetch(`${base}/api/health`)).ok) return base;
      } catch {
        // not listening yet
      }
      await pause(100);
    }
    throw new Error(`server did not start: ${err}`);
  }

  it('a session made on one process works on the other, and a logout on either is refused by both', async () => {
    const base = await startProcess();
    const onB = (path: string, cookie: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers as object) } });
    const onA = (path: string, cookie: string, method: 'GET' | 'POST' = 'GET', body?: object) =>
      env.app.inject({ method, url: path, headers: { cookie }, ...(body ? { payload: body } : {}) });
    const loginOnA = async () => {
      const r = await env.anon.post('/api/v1/auth/login', { username, password: PASSWORD });
      expect(r.statusCode).toBe(200);
      const cookie = `tx_session=${r.cookies.find((c) => c.name === 'tx_session')?.value}`;
      expect((await onA('/api/v1/auth/switch', cookie, 'POST', { allianceId })).statusCode).toBe(200);
      return cookie;
    };

    // made on A, used on B: reads and writes
    const cookie1 = await loginOnA();
    const me = await onB('/api/v1/me', cookie1);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe(username);
    const categories = (await (await onB('/api/v1/categories', cookie1)).json()) as { items: { id: string }[] };
    const categoryId = categories.items[0]?.id as string;
    // the session's alliance, chosen on A, holds on B
    const made = await onB('/api/v1/tickets', cookie1, {
      method: 'POST',
      body: JSON.stringify({ kind: 'report', categoryId, description: '在 B 进程上报的工单：门口占道' }),
    });
    expect(made.status).toBe(201);
    const ticketId = ((await made.json()) as { id: string }).id;
    expect((await onA(`/api/v1/tickets/${ticketId}`, cookie1)).statusCode).toBe(200);

    // logged out on B: B refuses at once, A once its cached actor has expired
    expect((await onA('/api/v1/me', cookie1)).statusCode).toBe(200);
    expect((await onB('/api/v1/auth/logout', cookie1, { method: 'POST', body: '{}' })).status).toBe(200);
    expect((await onB('/api/v1/me', cookie1)).status).toBe(401);
    await pause(ACTOR_TTL_MS + 200);
    expect((await onA('/api/v1/me', cookie1)).statusCode).toBe(401);
    expect((await onA('/api/v1/tickets', cookie1)).statusCode).toBe(401);

    // made on B, logged out on A: A refuses at once, B after its cache expired
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie2 = /tx_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] as string;
    expect(cookie2).toBeTruthy();
    expect((await onA('/api/v1/me', cookie2)).statusCode).toBe(200);
    expect((await onB('/api/v1/me', cookie2)).status).toBe(200);
    expect((await onA('/api/v1/auth/logout', cookie2, 'POST', {})).statusCode).toBe(200);
    expect((await onA('/api/v1/me', cookie2)).statusCode).toBe(401);
    await pause(ACTOR_TTL_MS + 200);
    expect((await onB('/api/v1/me', cookie2)).status).toBe(401);
    expect((await onB('/api/v1/tickets', cookie2)).status).toBe(401);
  });

  it.skipIf(TEST_DB !== 'postgres')('processes starting together on an empty PostgreSQL schema apply each migration once', async () => {
    const schema = `mig_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(q).finally(() => c.end());
    };
    await admin(`create schema "${schema}"`);
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const handles = [1, 2, 3].map(() => openDb('postgres', url, { poolSize: 2 }));
    try {
      // what every process does on start (openMigratedDb), all at once
      const applied = await Promise.all(handles.map((h) => migrateToLatest(h.db as unknown as Kysely<unknown>, 'postgres')));
      const counts = applied.map((a) => a.length).sort((x, y) => y - x);
      expect(counts[0]).toBeGreaterThan(5);
      expect(counts.slice(1)).toEqual([0, 0]);
    } finally {
      for (const h of handles) await h.close();
      await admin(`drop schema "${schema}" cascade`);
    }
  });

  describe('rate limits shared through Redis', () => {
    const prefix = `tongxin-test:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
    const apps: FastifyInstance[] = [];
    let redis: Redis;
    const LOGIN_MAX = 6;

    beforeAll(async () => {
      redis = new Redis(REDIS_URL, { lazyConnect: true });
      await redis.connect();
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      // this run's keys only
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    });

    /** Another app instance ("process") on the same database, with its own rate-limit plugin and Redis client. */
    async function instance(redisUrl: string | null): Promise<FastifyInstance> {
      const config: Config = { ...env.config, redis: redisUrl ? { url: redisUrl, keyPrefix: prefix } : null };
      const { app } = await buildApp({ config, clock: env.clock, handle: env.handle, logger: false, loginRateMax: LOGIN_MAX });
      await app.ready();
      apps.push(app);
      return app;
    }
    const badLogin = (app: FastifyInstance, ip: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { username: 'nobody_here', password: 'Wrong-Passw0rd!' } });

    it('the login limit is reached by both processes together, and so is the public report limit', async () => {
      const [a, b] = [await instance(REDIS_URL), await instance(REDIS_URL)];
      const codes: number[] = [];
      for (let i = 0; i < LOGIN_MAX; i++) codes.push((await badLogin(i % 2 ? b : a, '198.51.100.7')).statusCode);
      expect(codes).toEqual(Array(LOGIN_MAX).fill(401));
      expect((await badLogin(a, '198.51.100.7')).statusCode).toBe(429);
      expect((await badLogin(b, '198.51.100.7')).statusCode).toBe(429);
      // another client address has its own count
      expect((await badLogin(b, '198.51.100.8')).statusCode).toBe(401);

      // the public report form: 5 a minute per address, counted before the body is checked
      const report = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/api/public/reports', remoteAddress: '198.51.100.9', payload: {} });
      const reports: number[] = [];
      for (let i = 0; i < 5; i++) reports.push((await report(i % 2 ? a : b)).statusCode);
      expect(reports).toEqual([400, 400, 400, 400, 400]);
      expect((await report(a)).statusCode).toBe(429);

      const keys = await redis.keys(`${prefix}*`);
      expect(keys.some((k) => k.includes('POST/api/v1/auth/login'))).toBe(true);
      expect(keys.some((k) => k.includes('POST/api/public/reports'))).toBe(true);
    });

    it('without REDIS_URL each process counts alone (the single-process default)', async () => {
      const [a, b] = [await instance(null), await instance(null)];
      const codes: number[] = [];
      for (let i = 0; i < LOGIN_MAX; i++) codes.push((await badLogin(a, '203.0.113.5')).statusCode);
      for (let i = 0; i < LOGIN_MAX; i++) codes.push((await badLogin(b, '203.0.113.5')).statusCode);
      expect(codes).toEqual(Array(2 * LOGIN_MAX).fill(401));
      expect((await badLogin(a, '203.0.113.5')).statusCode).toBe(429);
    });

    it('fails fast at start when REDIS_URL is set but Redis does not answer', async () => {
      const port = await freePort();
      const config: Config = { ...env.config, redis: { url: `redis://127.0.0.1:${port}`, keyPrefix: prefix } };
      await expect(buildApp({ config, clock: env.clock, handle: env.handle, logger: false })).rejects.toThrow(
        new RegExp(`REDIS_URL is set but Redis at 127\\.0\\.0\\.1:${port} does not answer`),
      );
    });

    it('while Redis is down, limits fall back to per-process memory instead of failing or vanishing', async () => {
      // a proxy in front of Redis that the test can cut
      const sockets = new Set<Socket>();
      const target = new URL(REDIS_URL);
      const proxy: Server = createServer((inbound) => {
        const outbound = connect(Number(target.port || 6379), target.hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('error', () => s.destroy());
          s.on('close', () => sockets.delete(s));
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const port = (proxy.address() as { port: number }).port;
      const app = await instance(`redis://127.0.0.1:${port}`);
      const ip = '192.0.2.44';
      for (let i = 0; i < 3; i++) expect((await badLogin(app, ip)).statusCode).toBe(401);
      expect(Number(await redis.get(`${prefix}rl:POST/api/v1/auth/login:${ip}`))).toBe(3);

      await new Promise<void>((r) => {
        proxy.close(() => r());
        for (const s of sockets) s.destroy();
      });
      const started = performance.now();
      const during: number[] = [];
      for (let i = 0; i < LOGIN_MAX + 1; i++) during.push((await badLogin(app, ip)).statusCode);
      // counted afresh in memory: the full limit, then refused — and no request waited on the dead connection
      expect(during).toEqual([...Array(LOGIN_MAX).fill(401), 429]);
      expect(performance.now() - started).toBeLessThan(10_000);
    });
  });
});
