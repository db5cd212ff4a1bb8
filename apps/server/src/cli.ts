import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import type { Kysely } from 'kysely';
import type { Built } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { AppError } from './lib/errors.ts';
import { secretFile } from './lib/secrets.ts';

// The app and the database drivers load only when a command needs them, so help and argument errors answer at once.
const VERSION = (JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../package.json'), 'utf8')) as { version: string }).version;

/** A failure the user can act on: printed without a stack trace, with its own exit code. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const out = (line = '') => process.stdout.write(`${line}\n`);
// `tongxin migrate | head -1`: a reader that goes away early is no error of ours
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
const err = (line: string) => process.stderr.write(`${line}\n`);

function describeDb(config: Config): string {
  if (config.db.kind === 'sqlite') return `SQLite ${resolve(config.db.url)}`;
  try {
    const u = new URL(config.db.url);
    return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** The embedded database must already exist for commands that read it (opening would create an empty one). */
function requireSqliteFile(config: Config): void {
  if (config.db.kind === 'sqlite' && !existsSync(config.db.url)) {
    throw new CliError(`no database at ${resolve(config.db.url)} (set DATABASE_URL or DATA_DIR, or run \`tongxin migrate\` first)`);
  }
}

/** Verifying with a freshly generated key would report every record as altered: require the real secret. */
function requireSecret(config: Config): void {
  if (config.secret) return;
  if (config.db.kind === 'postgres') throw new CliError('TONGXIN_SECRET must be set for PostgreSQL');
  const file = secretFile(config);
  if (!existsSync(file)) throw new CliError(`no master secret: set TONGXIN_SECRET or DATA_DIR (looked for ${resolve(file)})`);
}

/** Builds the app (migrating the database) without listening, runs `fn`, and closes. */
async function withApp<T>(
  config: Config,
  fn: (built: Built) => Promise<T>,
  opts: { secretCheck?: boolean; slaClock?: boolean; notifications?: boolean } = {},
): Promise<T> {
  const { buildApp } = await import('./app.ts');
  const built = await buildApp({ config, logger: false, ...opts });
  try {
    await built.app.ready();
    return await fn(built);
  } finally {
    await built.app.close();
  }
}

async function cmdMigrate(config: Config): Promise<void> {
  const { migrateToLatest, openDb, restoreDeferredIndexes } = await import('./db/index.ts');
  const handle = openDb(config.db.kind, config.db.url, { poolSize: 1, preparedStatements: config.db.preparedStatements });
  try {
    const applied = await migrateToLatest(handle.db as unknown as Kysely<unknown>, handle.kind);
    out(`database: ${describeDb(config)}`);
    if (applied.length === 0) out('already up to date');
    for (const name of applied) out(`applied ${name}`);
    const built = await restoreDeferredIndexes(handle.db as unknown as Kysely<unknown>);
    if (built > 0) out(`built ${built} indexes an interrupted bulk import had deferred`);
  } finally {
    await handle.close();
  }
}

interface SeedOpts {
  demo?: boolean;
  scale?: string;
  seed?: string;
  force?: boolean;
}

/** `seed --scale`: the city-scale generator (docs/OPERATIONS.md "City-scale data"). */
async function cmdSeedScale(config: Config, opts: SeedOpts): Promise<void> {
  if (opts.scale !== 'district' && opts.scale !== 'city') throw new CliError('--scale must be district or city', 2);
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new CliError('--seed must be a non-negative integer', 2);
  const { seedScale, NotEmptyError, SCALE_PASSWORD } = await import('./modules/demo/scale/index.ts');
  // background jobs stay off: the generator holds the SQLite connection in long transactions
  const { buildApp } = await import('./app.ts');
  const { app, deps, handle } = await buildApp({ config, logger: false, slaClock: false, notifications: false });
  const r = await seedScale(deps, handle, { scale: opts.scale, seed, force: !!opts.force, progress: process.stderr })
    .catch((e: unknown) => {
      throw e instanceof NotEmptyError ? new CliError(e.message) : e;
    })
    .finally(() => app.close());
  out(
    `generated ${r.alliances.length} alliances, ${r.merchants} merchants, ${r.tickets} cases (${r.rows} rows) on ${describeDb(config)} in ${r.seconds.toFixed(1)} s`,
  );
  const a = r.alliances[0];
  if (a) out(`log in as ${a.admin} (… through ${r.alliances[r.alliances.length - 1]?.admin}) / ${SCALE_PASSWORD}; the password is public`);
}

async function cmdSeed(config: Config, opts: SeedOpts): Promise<void> {
  if (opts.demo && opts.scale) throw new CliError('choose one of --demo and --scale', 2);
  if (!opts.demo && !opts.scale) throw new CliError('nothing to seed: use `tongxin seed --demo` or `tongxin seed --scale district|city`');
  if (config.db.kind === 'postgres' && !config.secret) throw new CliError('TONGXIN_SECRET must be set for PostgreSQL');
  if (opts.scale) return cmdSeedScale(config, opts);
  const { seedDemo, DEMO_CITY_ADMIN, DEMO_PASSWORD } = await import('./modules/demo/index.ts');
  const { created } = await withApp(config, ({ app, deps }) => seedDemo(app, deps, (msg) => out(msg)));
  if (!created) {
    out(`${describeDb(config)} already has alliances: nothing seeded`);
    return;
  }
  out(
    `demo data created on ${describeDb(config)}: log in as ${DEMO_CITY_ADMIN.username} / ${DEMO_PASSWORD}; the other demo accounts are in README.md (the password is public)`,
  );
}

interface UserCreateOpts {
  username: string;
  displayName: string;
  password?: string;
  cityAdmin?: boolean;
}

async function cmdUserCreate(config: Config, opts: UserCreateOpts): Promise<void> {
  const password = opts.password ?? process.env.TONGXIN_PASSWORD;
  if (!password) throw new CliError('no password: pass --password or set TONGXIN_PASSWORD (the command never prompts)');
  if (config.db.kind === 'postgres' && !config.secret) throw new CliError('TONGXIN_SECRET must be set for PostgreSQL');
  const { createUserAccount } = await import('./modules/users/index.ts');
  const id = await withApp(config, ({ deps }) =>
    createUserAccount(deps, { username: opts.username, displayName: opts.displayName, password, isCityAdmin: !!opts.cityAdmin }),
  );
  out(`created user ${opts.username.trim().toLowerCase()} (${id})${opts.cityAdmin ? ' — city administrator' : ''}`);
}

async function cmdAuditVerify(config: Config, opts: { chain?: string[] }): Promise<void> {
  requireSqliteFile(config);
  requireSecret(config);
  const { verifyChains } = await import('./modules/audit/index.ts');
  const verdicts = await withApp(config, ({ deps }) => verifyChains(deps.db, deps.keys.audit, opts.chain && opts.chain.length > 0 ? opts.chain : undefined), {
    secretCheck: false,
  });
  if (verdicts.length === 0) out('no audit chains yet');
  let failed = 0;
  for (const v of verdicts) {
    if (v.ok && v.records === 0 && opts.chain?.includes(v.chain)) {
      // a mistyped name must not read as a verified chain
      failed++;
      out(`FAIL chain ${v.chain}: no such chain (names are \`city\` and \`alliance:<alliance id>\`)`);
    } else if (v.ok) {
      out(`OK   chain ${v.chain}: ${v.records} record${v.records === 1 ? '' : 's'}`);
    } else {
      failed++;
      const bad = v.firstBad;
      out(`FAIL chain ${v.chain}: record #${bad?.seq ?? '?'}${bad?.id ? ` (${bad.id})` : ''} — ${bad?.reason ?? 'unknown'}`);
    }
  }
  if (failed > 0) throw new CliError(`audit verification failed: ${failed} of ${verdicts.length} chain${verdicts.length === 1 ? '' : 's'} broken`);
}

async function cmdBackup(config: Config, file: string, opts: { force?: boolean }): Promise<void> {
  if (config.db.kind === 'postgres') {
    err('backup of PostgreSQL is done with its own tools, e.g.:');
    err(`  pg_dump --format=custom --no-owner --file=${JSON.stringify(file)} "$DATABASE_URL"`);
    err('and restored into an empty database with pg_restore --no-owner (docs/OPERATIONS.md). Keep TONGXIN_SECRET with it.');
    throw new CliError('`tongxin backup` only copies the embedded SQLite database', 2);
  }
  requireSqliteFile(config);
  const target = resolve(file);
  if (target === resolve(config.db.url)) throw new CliError('the backup file cannot be the database itself');
  if (existsSync(target) && !opts.force) throw new CliError(`${target} exists: choose another name or pass --force to overwrite it`);
  if (!existsSync(dirname(target))) throw new CliError(`directory ${dirname(target)} does not exist`);
  const { openDb } = await import('./db/index.ts');
  const handle = openDb('sqlite', config.db.url);
  const tmp = `${target}.part-${process.pid}`;
  try {
    // SQLite's online backup API: a consistent snapshot while the server keeps writing (WAL readers never block
    // writers). Copying every page in one step keeps the copy inside one read transaction, so it never restarts.
    const sqlite = handle.sqlite;
    if (!sqlite) throw new CliError('not an SQLite database');
    const result = await sqlite.backup(tmp, { progress: () => 0x7fffffff }).catch((e: Error) => {
      throw new CliError(`cannot write the backup ${target}: ${e.message}`);
    });
    // the copy inherits WAL mode: as a rollback-journal file it is one self-contained file, which read-only storage
    // (a mounted backup volume) can be read from, and reading it leaves no -wal/-shm beside it
    const { default: SQLite } = await import('better-sqlite3');
    const copy = new SQLite(tmp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(tmp, target);
    out(`backup written to ${target} (${result.totalPages} pages)`);
    const keyFile = secretFile(config);
    if (!config.secret && existsSync(keyFile)) out(`keep a copy of ${resolve(keyFile)} with it: without the master secret, encrypted fields cannot be read`);
    else out('keep TONGXIN_SECRET with it: without the master secret, encrypted fields cannot be read');
  } finally {
    rmSync(tmp, { force: true });
    await handle.close();
  }
}

async function cmdRestore(config: Config, file: string, opts: { force?: boolean }): Promise<void> {
  if (config.db.kind === 'postgres') {
    err('PostgreSQL is restored with its own tools, into an empty database (see docs/OPERATIONS.md), e.g.:');
    err('  createdb tongxin_restored && pg_restore --no-owner --exit-on-error --dbname "$NEW_DATABASE_URL" <file>');
    err('then point DATABASE_URL at it and run `tongxin migrate` and `tongxin audit verify`. Keep TONGXIN_SECRET.');
    throw new CliError('`tongxin restore` only restores the embedded SQLite database', 2);
  }
  const { restoreSqlite, RestoreError } = await import('./db/restore.ts');
  try {
    const r = await restoreSqlite(file, config.db.url, { force: opts.force });
    out(`restored ${resolve(file)} into ${r.target} (migration ${r.migration}, ${r.tickets} tickets, ${r.auditRecords} audit records)`);
    if (r.previous) out(`the previous database is kept as ${r.previous}`);
    else if (r.replaced) out('the previous database was discarded (--force)');
    if (!config.secret && !existsSync(secretFile(config)))
      err(`warning: no master secret (TONGXIN_SECRET or ${resolve(secretFile(config))}): put the one the backup was made with there before starting`);
    out('next: start the server (pending migrations run on start) and check with `tongxin audit verify`');
  } catch (e) {
    if (e instanceof RestoreError) throw new CliError(e.message);
    throw e;
  }
}

interface RecountOpts {
  fix?: boolean;
  alliance?: string[];
}

/** The shown form of a stored or derived value: none as '-', long text cut. */
const shown = (v: string | number | null) => {
  if (v === null) return '-';
  const text = String(v).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

// rows listed per summary and alliance; the count says how many there are in all
const RECOUNT_LIST = 20;

async function cmdRecount(config: Config, opts: RecountOpts): Promise<void> {
  requireSqliteFile(config);
  requireSecret(config);
  const { recount, UnknownAllianceError } = await import('./modules/recount/index.ts');
  const fix = !!opts.fix;
  const results = await withApp(
    config,
    ({ deps }) =>
      recount(deps, { fix, only: opts.alliance ?? [] }, (r) => {
        if (r.differences === 0) {
          out(`OK   alliance ${r.code} ${r.name}: nothing differs`);
          return;
        }
        out(`${fix ? 'FIXED' : 'DIFF'} alliance ${r.code} ${r.name}: ${r.differences} difference${r.differences === 1 ? '' : 's'}`);
        for (const p of r.parts) {
          out(`  ${p.name}: ${p.drifts.length}`);
          for (const d of p.drifts.slice(0, RECOUNT_LIST)) out(`    ${d.id}: stored ${shown(d.stored)} → derived ${shown(d.derived)}`);
          if (p.drifts.length > RECOUNT_LIST) out(`    … and ${p.drifts.length - RECOUNT_LIST} more`);
        }
      }).catch((e: unknown) => {
        throw e instanceof UnknownAllianceError ? new CliError(e.message, 2) : e;
      }),
    { slaClock: false, notifications: false },
  );
  const differing = results.filter((r) => r.differences > 0);
  const total = differing.reduce((n, r) => n + r.differences, 0);
  if (results.length === 0) out('no alliances yet');
  if (differing.length === 0) return;
  if (fix) {
    out(`rewrote ${total} difference${total === 1 ? '' : 's'} in ${differing.length} of ${results.length} alliances (audit record system.recount in each)`);
    return;
  }
  throw new CliError(
    `${total} stored value${total === 1 ? '' : 's'} differ${total === 1 ? 's' : ''} from their sources in ${differing.length} of ${results.length} alliances: nothing written (run \`tongxin recount --fix\` to rewrite them)`,
  );
}

function buildProgram(): Command {
  const program = new Command('tongxin')
    .description('Tongxin 同心 — business-district co-governance platform. Configuration comes from the environment (see README.md).')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('start the server on HOST:PORT (default 0.0.0.0:8080); an empty embedded database gets the demo data unless DEMO=false')
    .action(async () => {
      const config = loadConfig();
      const { startServer } = await import('./server.ts');
      await startServer(config);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and print their names')
    .action(() => cmdMigrate(loadConfig()));

  program
    .command('seed')
    .description('create data in the configured database (SQLite or PostgreSQL)')
    .option('--demo', 'create the demo alliances, people, merchants and cases')
    .option('--scale <size>', 'generate a data set: district (2 alliances, 2,000 merchants, 10,000 cases) or city (100, 250,000, 1,000,000)')
    .option('--seed <n>', 'with --scale: seed of the generator (same seed, same data)', '1')
    .option('--force', 'with --scale: write even though the database already has alliances, merchants or cases')
    .action((opts: SeedOpts) => cmdSeed(loadConfig(), opts));

  const user = program.command('user').description('manage login accounts');
  user
    .command('create')
    .description('create a login account (the password may come from TONGXIN_PASSWORD instead of --password)')
    .requiredOption('--username <name>', 'login name (3–32 of a-z 0-9 _ . -)')
    .requiredOption('--display-name <name>', 'name shown in the apps')
    .option('--password <password>', 'initial password (at least 10 characters, 3 of upper, lower, digit, symbol)')
    .option('--city-admin', 'make the account a city administrator (may create alliances)')
    .action((opts: UserCreateOpts) => cmdUserCreate(loadConfig(), opts));

  const audit = program.command('audit').description('audit log tools');
  audit
    .command('verify')
    .description('verify the HMAC chains of the audit log; exits 1 naming the first bad record of a broken chain')
    .option('--chain <name...>', 'only these chains (e.g. city, alliance:<id>)')
    .action((opts: { chain?: string[] }) => cmdAuditVerify(loadConfig(), opts));

  program
    .command('recount')
    .description(
      're-derive every stored summary (upheld complaints, credit points/stars/flag/plaques, promises, reopen counts, ticket-number day counters, search rows, project roll-ups, resource tokens) from its source rows and list what differs per alliance; a dry run writes nothing and exits 1 when anything differs (safe while the server runs)',
    )
    .option('--fix', 'rewrite what differs: one short transaction and one system.recount audit record per alliance')
    .option('--alliance <code...>', 'only these alliances (code or id)')
    .action((opts: RecountOpts) => cmdRecount(loadConfig(), opts));

  program
    .command('backup')
    .description('write a consistent online copy of the embedded SQLite database (safe while the server runs)')
    .argument('<file>', 'backup file to create')
    .option('--force', 'overwrite the file if it exists')
    .action((file: string, opts: { force?: boolean }) => cmdBackup(loadConfig(), file, opts));

  program
    .command('restore')
    .description('put a backup in place of the embedded SQLite database (the server must be stopped); the old one is kept as .bak')
    .argument('<file>', 'backup file made by `tongxin backup`')
    .option('--force', 'discard the current database instead of keeping it as <name>.<time>.bak')
    .action((file: string, opts: { force?: boolean }) => cmdRestore(loadConfig(), file, opts));

  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode);
    if (e instanceof CliError) {
      err(`tongxin: ${e.message}`);
      process.exit(e.exitCode);
    }
    if (e instanceof AppError) {
      const details = Array.isArray(e.details)
        ? (e.details as { path?: string; message?: string }[]).map((d) => `${d.path ?? ''}: ${d.message ?? ''}`).join('; ')
        : '';
      err(`tongxin: ${details || e.message}`);
      process.exit(1);
    }
    err(`tongxin: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.DEBUG) err(e instanceof Error ? (e.stack ?? '') : '');
    process.exit(1);
  }
}

await main(process.argv);
