import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { openMigratedDb, type DbHandle } from './db/index.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import type { Deps } from './lib/context.ts';
import { PiiCipher, deriveKeys } from './lib/crypto.ts';
import { newId } from './lib/ids.ts';
import { RawRoutes } from './lib/rawRoutes.ts';
import { resolveSecret } from './lib/secrets.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler } from './plugins/errors.ts';
import { registerSecurityHeaders } from './plugins/securityHeaders.ts';
import { registerCompression } from './plugins/compression.ts';
import { registerInputGuard } from './plugins/inputGuard.ts';
import { rateLimitBackend } from './plugins/rateLimitStore.ts';
import { purgeIdleSessions } from './modules/auth/index.ts';
import { purgeUnusedPublicUploads } from './modules/files/index.ts';
import { ensureCalendarSeeded } from './modules/calendar/index.ts';
import { runSlaClockOnce } from './modules/slaClock/index.ts';
import { runNotificationsOnce } from './modules/notifications/index.ts';
import { registerModules } from './modules/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const VERSION = (JSON.parse(readFileSync(join(here, '../package.json'), 'utf8')) as { version: string }).version;

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** an already open database (tests share one per file) */
  handle?: DbHandle;
  logger?: boolean;
  loginRateMax?: number;
  /** run the SLA clock every minute; on by default except when config.env is 'test' (tests call runSlaClockOnce) */
  slaClock?: boolean;
  /** run the notification worker (outbox → inbox, webhooks, SMS) every 5 s; same rule as slaClock (tests call runNotificationsOnce) */
  notifications?: boolean;
}

export interface Built {
  app: FastifyInstance;
  deps: Deps;
  handle: DbHandle;
}

/** Builds the Fastify instance with every plugin and module; `server.ts`/the CLI only listen. */
export async function buildApp(opts: BuildOptions): Promise<Built> {
  const { config } = opts;
  const handle = opts.handle ?? (await openMigratedDb(config.db.kind, config.db.url, { preparedStatements: config.db.preparedStatements }));
  const { secret } = resolveSecret(config);
  const keys = deriveKeys(secret);
  // no request may hang a worker forever
  const timeouts = { requestTimeout: 30_000, connectionTimeout: 60_000, keepAliveTimeout: 72_000 };
  const raw = new RawRoutes();
  const app = Fastify({
    serverFactory: raw.serverFactory(timeouts),
    logger: opts.logger === false ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-api-key"]'] },
    genReqId: () => newId(),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
    ...timeouts,
  });
  const deps: Deps = { db: handle.db, dbKind: handle.kind, clock: opts.clock ?? systemClock, cipher: new PiiCipher(keys), keys, config, log: app.log };
  // the holiday calendar starts from the published statutory years (idempotent; safe with several processes)
  await ensureCalendarSeeded(deps);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  registerInputGuard(app);
  registerCompression(app);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // counters in Redis when REDIS_URL is set, so several processes share each limit; in process memory otherwise
  const limits = await rateLimitBackend(config, app.log);
  app.addHook('onClose', () => limits.close());
  await app.register(rateLimit, limits.options);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Tongxin 同心 API', version: VERSION },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tx_session' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerAuth(app, deps);
  await registerModules(app, deps, { version: VERSION, loginRateMax: opts.loginRateMax ?? 30, raw });
  await registerWeb(app, config);

  // idle sessions are refused on read anyway; this only keeps the table small. Public uploads no case took go too.
  let purge: NodeJS.Timeout | null = null;
  // every process runs the SLA clock; a lease row lets one of them work per tick
  let slaTimer: NodeJS.Timeout | null = null;
  const slaEnabled = opts.slaClock ?? config.env !== 'test';
  const slaHolder = newId();
  // the notification worker: every process runs it; rows are claimed one by one, so none is sent twice
  let notifyTimer: NodeJS.Timeout | null = null;
  let notifyRun: Promise<unknown> | null = null;
  const notifyEnabled = opts.notifications ?? config.env !== 'test';
  app.addHook('onReady', async () => {
    purge = setInterval(() => {
      purgeIdleSessions(deps.db, deps.clock.now() - config.sessionIdleMs).catch((err: unknown) => app.log.warn({ err }, 'session purge failed'));
      purgeUnusedPublicUploads(deps).catch((err: unknown) => app.log.warn({ err }, 'unused public upload purge failed'));
    }, 10 * 60_000);
    purge.unref();
    if (slaEnabled) {
      slaTimer = setInterval(() => {
        runSlaClockOnce(deps, slaHolder).catch((err: unknown) => app.log.warn({ err }, 'SLA clock failed'));
      }, 60_000);
      slaTimer.unref();
    }
    if (notifyEnabled) {
      notifyTimer = setInterval(() => {
        if (notifyRun) return; // the previous pass is still sending
        notifyRun = runNotificationsOnce(deps, slaHolder)
          .catch((err: unknown) => app.log.warn({ err }, 'notification worker failed'))
          .finally(() => (notifyRun = null));
      }, 5_000);
      notifyTimer.unref();
    }
  });
  app.addHook('onClose', async () => {
    if (purge) clearInterval(purge);
    if (slaTimer) clearInterval(slaTimer);
    if (notifyTimer) clearInterval(notifyTimer);
    // let a pass in flight finish before the database closes
    if (notifyRun) await notifyRun;
    if (!opts.handle) await handle.close();
  });
  return { app, deps, handle };
}

/** Serves the built console at `/` and the H5 app at `/h5/`, falling back to their index.html for deep links. */
/** Fastify's trustProxy for the configured trust: a hop count becomes "the nearest n hops" (proxy-addr's own reading). */
function trustProxyOption(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

async function registerWeb(app: FastifyInstance, config: Config): Promise<void> {
  const dist = resolve(config.webDist ?? join(here, '../../web/dist'));
  if (!existsSync(join(dist, 'index.html'))) {
    app.log.warn({ dist }, 'web apps are not built: run `npm run build` to serve the console and H5');
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    index: false,
    wildcard: false,
    // the build writes .br and .gz beside each text file (apps/web/build/precompress.ts): sent to browsers that accept
    // them, about a third of the bytes, compressed once at build time instead of on every request
    preCompressed: true,
    // send's own `public, max-age=0` would replace the header below
    cacheControl: false,
    setHeaders: (res, path) => {
      // file names under assets/ carry their content hash: a browser keeps them for good and never asks again
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('vary', 'accept-encoding');
    },
  });
  const consoleHtml = readFileSync(join(dist, 'index.html'));
  const h5Html = existsSync(join(dist, 'h5/index.html')) ? readFileSync(join(dist, 'h5/index.html')) : consoleHtml;
  const spa = (html: Buffer) => (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  // browsers ask for /favicon.ico on pages without an icon link: the public /m/ and /t/ pages
  const icon = existsSync(join(dist, 'favicon.svg')) ? readFileSync(join(dist, 'favicon.svg')) : null;
  if (icon) app.get('/favicon.ico', (_req, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(icon));
  app.get('/', spa(consoleHtml));
  app.get('/h5', (_req, reply) => reply.redirect('/h5/'));
  app.get('/h5/', spa(h5Html));
  app.get('/h5/*', spa(h5Html));
  app.get('/*', (req, reply) => {
    const p = req.url.split('?')[0] ?? '';
    if (p.startsWith('/api/') || p.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(p)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `route ${req.method} ${p} not found` }, requestId: String(req.id) });
    }
    return spa(consoleHtml)(req, reply);
  });
}
