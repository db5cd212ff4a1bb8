import type { FastifyBaseLogger } from 'fastify';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor, RateLimitPluginOptions } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';

// Every limited route (login, public report and rating, integrity complaint, Open311 POST, public upload …) declares
// `config: { rateLimit: { max, timeWindow } }` and counts in the store of the one plugin registered in app.ts. With
// REDIS_URL that store is Redis, so N processes behind a load balancer allow `max` together, not N × max.

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

// One fixed window per key, atomically: the first hit starts the window, later hits read what is left of it.
const FIXED_WINDOW = `
local current = redis.call('INCR', KEYS[1])
local ttl
if current == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
else
  ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
end
return {current, ttl}
`;

interface LimiterRedis extends Redis {
  txRateLimit(key: string, windowMs: number): Promise<[number, number]>;
}

/** Per-process counters: the stand-in while Redis does not answer. */
class MemoryWindows {
  private readonly windows = new Map<string, { count: number; until: number }>();
  constructor(private readonly maxKeys = 20_000) {}
  /** Counts one hit of `key` in its current window. */
  hit(key: string, windowMs: number): { current: number; ttl: number } {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.until <= now) {
      this.windows.delete(key);
      // the oldest keys go first; a flood of new addresses must not grow memory without bound
      if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string);
      w = { count: 0, until: now + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { current: w.count, ttl: w.until - now };
  }
}

/** What the Redis-backed stores of one app share: the client, and whether Redis is answering. */
class SharedRedis {
  private degraded = false;
  constructor(
    readonly client: LimiterRedis,
    private readonly log: FastifyBaseLogger,
  ) {
    client.on('ready', () => {
      if (!this.degraded) return;
      this.degraded = false;
      log.warn('Redis answers again: rate limits are shared between processes again');
    });
  }
  /** Logs an outage once (not once per request). */
  failed(err: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.log.error({ err }, 'Redis does not answer: rate limits fall back to per-process memory (each process allows the full limit) until it does');
  }
}

/**
 * A store class for @fastify/rate-limit that counts in Redis, and in memory while Redis is down. Only the plain
 * fixed window is kept (no route uses continueExceeding or exponentialBackoff).
 */
function redisStoreClass(shared: SharedRedis, rootPrefix: string): FastifyRateLimitStoreCtor {
  class RedisWindowStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = rootPrefix,
      private readonly fallback = new MemoryWindows(),
    ) {}
    incr(key: string, callback: Callback, timeWindow?: number): void {
      const windowMs = Math.max(1, Math.trunc(timeWindow ?? 60_000));
      const k = this.prefix + key;
      shared.client.txRateLimit(k, windowMs).then(
        ([current, ttl]) => callback(null, { current: Number(current), ttl: Number(ttl) }),
        (err: unknown) => {
          // a Redis outage must neither take logins down nor lift the limits: count here until it is back
          shared.failed(err);
          callback(null, this.fallback.hit(k, windowMs));
        },
      );
    }
    child(routeOptions: unknown): FastifyRateLimitStore {
      // the route's method and URL pattern (not the concrete URL) keep one counter per route for every process
      const info = (routeOptions as { routeInfo?: { method?: unknown; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : String(info.method ?? '');
      return new RedisWindowStore(undefined, `${this.prefix}${method}${info.url ?? ''}:`);
    }
  }
  return RedisWindowStore as unknown as FastifyRateLimitStoreCtor;
}

/** Where @fastify/rate-limit keeps its counters, and what to close with the app. */
export interface RateLimitBackend {
  options: RateLimitPluginOptions;
  /** 'redis' when the counters are shared between processes */
  kind: 'memory' | 'redis';
  close(): Promise<void>;
}

/** Hides a password in a Redis URL for messages and logs. */
export function describeRedis(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'the configured Redis';
  }
}

/**
 * The rate-limit store of one app: Redis when REDIS_URL is set, checked at start (fails fast if it does not
 * answer, so a cluster never starts with limits silently multiplied by its size); in-process memory otherwise.
 */
export async function rateLimitBackend(config: Config, log: FastifyBaseLogger): Promise<RateLimitBackend> {
  // the plugin's own in-memory store (an LRU per route) serves a single process
  if (!config.redis) return { options: { global: false }, kind: 'memory', close: async () => {} };
  const where = describeRedis(config.redis.url);
  const client = new Redis(config.redis.url, {
    lazyConnect: true,
    // while disconnected, fail at once (and count in memory) instead of queueing requests behind a reconnect
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3_000,
    // a Redis that hangs must not hang logins
    commandTimeout: 1_000,
  }) as LimiterRedis;
  // without a listener every failed reconnect would be an unhandled 'error' event; outages are logged by SharedRedis
  let lastError: unknown = null;
  client.on('error', (e: unknown) => (lastError = e));
  client.defineCommand('txRateLimit', { numberOfKeys: 1, lua: FIXED_WINDOW });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    client.disconnect();
    // ioredis rejects with "Connection is closed."; the socket's own error (ECONNREFUSED …) says more
    const err = lastError ?? e;
    throw new Error(
      `REDIS_URL is set but Redis at ${where} does not answer (${err instanceof Error ? err.message : String(err)}). ` +
        'Several processes need it to share rate limits: start Redis, or unset REDIS_URL to run one process with in-memory limits.',
      { cause: err },
    );
  }
  log.info({ redis: where }, 'rate limits are shared between processes through Redis');
  const shared = new SharedRedis(client, log);
  return {
    options: { global: false, store: redisStoreClass(shared, `${config.redis.keyPrefix}rl:`) },
    kind: 'redis',
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
