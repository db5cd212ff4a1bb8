import { isIP } from 'node:net';
import { z } from 'zod';

const Bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Which proxies in front may name the client in X-Forwarded-For: none (false, the default); true or a count: that many
 * hops nearest the server (true = one, a reverse proxy that appends the address it saw); or the proxies' addresses and
 * CIDR ranges, comma-separated. Never all of them: the leftmost entries are whatever the client sent, and trusting them
 * lets anyone choose the address that the rate limits count.
 */
const TrustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    const low = v.toLowerCase();
    if (['false', '0', 'no', ''].includes(low)) return false;
    if (['true', 'yes'].includes(low)) return 1;
    if (/^\d+$/.test(v) && Number(v) <= 10) return Number(v);
    const list = v.split(',').map((x) => x.trim());
    const ok = list.every((x) => {
      const [addr, bits, extra] = x.split('/');
      if (extra !== undefined || !addr || !isIP(addr)) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(addr) === 4 ? 32 : 128));
    });
    if (ok) return list;
    ctx.addIssue({ code: 'custom', message: 'false, true, a hop count (1–10), or proxy addresses / CIDR ranges separated by commas' });
    return z.NEVER;
  });

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // an empty value is a mistake, not port 0 (a random port)
  PORT: z.string().trim().regex(/^\d+$/, { message: 'must be a port number' }).transform(Number).pipe(z.number().int().min(0).max(65535)).default(8080),
  HOST: z.string().default('0.0.0.0'),
  // postgres://… selects PostgreSQL; otherwise a SQLite file path (default DATA_DIR/tongxin.db)
  DATABASE_URL: z
    .string()
    .optional()
    // a mistyped scheme (postgress://, mysql://) would otherwise become a SQLite file in nested folders
    .refine((u) => u === undefined || /^postgres(ql)?:\/\//.test(u) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(u), {
      message: 'only postgres:// or postgresql:// URLs, or a SQLite file path',
    }),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  // PostgreSQL: the hottest statements as named prepared statements; false behind a pooler in transaction mode that
  // does not keep them (PgBouncer before 1.21, or max_prepared_statements = 0)
  PG_PREPARED_STATEMENTS: Bool.default(true),
  // master secret from which the encryption, blind-index, audit and session keys are derived
  TONGXIN_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  // refusals of an ID number held outside a narrower account's scope it may collect within an hour before every new ID
  // number it enters is 429 (people/people.idNumber.ts): low enough that nobody tests numbers against the alliance
  ID_NUMBER_PROBE_LIMIT: z.coerce.number().int().min(1).max(100).default(5),
  COOKIE_SECURE: Bool.optional(),
  // create the demo alliances on the first start of an empty embedded database
  DEMO: Bool.optional(),
  TRUST_PROXY: TrustProxy.default(false),
  WEB_DIST: z.string().optional(),
  // extra words for the public free-text filter, comma-separated (added to a built-in list)
  SENSITIVE_WORDS: z.string().optional(),
  // the address printed in merchants' QR codes (e.g. https://tongxin.example.gov.cn); unset: taken from each request
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  // shared rate-limit counters for several server processes (redis://[:password@]host:6379[/db]); unset: in-process memory
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  // prefix of every Redis key this deployment writes (several deployments may share one Redis)
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('tongxin:'),
});

export type DbKind = 'sqlite' | 'postgres';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  db: { kind: DbKind; url: string; preparedStatements: boolean };
  dataDir: string;
  secret: string | null;
  logLevel: string;
  sessionIdleMs: number;
  /** out-of-scope ID-number refusals a narrower account may collect within an hour before it is answered 429 */
  idNumberProbeLimit: number;
  cookieSecure: boolean;
  demo: boolean;
  /** X-Forwarded-For trust (Fastify's trustProxy): false, a hop count, or proxy addresses and CIDR ranges */
  trustProxy: false | number | string[];
  webDist: string | null;
  /** extra sensitive words for public free text (the built-in list always applies) */
  sensitiveWords: string[];
  /** base URL of the public pages printed in QR posters, without a trailing slash; null: the request's own origin */
  publicBaseUrl: string | null;
  /** Redis holding the rate-limit counters shared by every process; null: each process counts in its own memory */
  redis: { url: string; keyPrefix: string } | null;
}

/** Reads and validates the environment once; throws a readable error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isPg = !!e.DATABASE_URL && /^postgres(ql)?:\/\//.test(e.DATABASE_URL);
  const sqlitePath = e.DATABASE_URL ? e.DATABASE_URL.replace(/^sqlite:/, '') : `${e.DATA_DIR}/tongxin.db`;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    db: isPg
      ? { kind: 'postgres', url: e.DATABASE_URL as string, preparedStatements: e.PG_PREPARED_STATEMENTS }
      : { kind: 'sqlite', url: sqlitePath, preparedStatements: e.PG_PREPARED_STATEMENTS },
    dataDir: e.DATA_DIR,
    secret: e.TONGXIN_SECRET ?? null,
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    idNumberProbeLimit: e.ID_NUMBER_PROBE_LIMIT,
    cookieSecure: e.COOKIE_SECURE ?? false,
    demo: e.DEMO ?? !isPg,
    trustProxy: e.TRUST_PROXY,
    webDist: e.WEB_DIST ?? null,
    sensitiveWords: (e.SENSITIVE_WORDS ?? '')
      .split(/[,，]/)
      .map((w) => w.trim())
      .filter((w) => w.length > 0),
    publicBaseUrl: e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } : null,
  };
}
