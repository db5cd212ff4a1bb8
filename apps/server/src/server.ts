import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import type { Deps } from './lib/context.ts';
import { secretFile } from './lib/secrets.ts';
import { DEMO_CITY_ADMIN, DEMO_PASSWORD, seedDemo } from './modules/demo/index.ts';

/** True when the database holds no account yet (a first start). */
async function isEmpty(deps: Deps): Promise<boolean> {
  const row = await deps.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

function publicUrl(config: Config, port: number): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

/**
 * Starts the platform: builds the app, seeds the demo on a first start of the embedded database (DEMO on),
 * listens on HOST:PORT and closes cleanly on SIGTERM/SIGINT. Run by `tongxin start`.
 */
export async function startServer(config: Config = loadConfig()): Promise<FastifyInstance> {
  const { app, deps, secretGenerated: generated } = await buildApp({ config });
  await app.ready();

  let demoSeeded = false;
  if (config.db.kind === 'sqlite' && config.demo && (await isEmpty(deps))) {
    process.stdout.write('empty embedded database: creating the demo alliances (DEMO=false starts empty)…\n');
    // the seed goes through the HTTP API in-process: keep its hundreds of request logs out of the console
    const level = app.log.level;
    if (level === 'info' || level === 'debug' || level === 'trace') app.log.level = 'warn';
    try {
      demoSeeded = (await seedDemo(app, deps, (msg) => process.stdout.write(`  ${msg}\n`))).created;
    } finally {
      app.log.level = level;
    }
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = publicUrl(config, port);
  const lines = [
    '',
    `  Tongxin 同心 is running on ${config.db.kind === 'sqlite' ? `the embedded database (${resolve(config.db.url)})` : 'PostgreSQL'}`,
    `    console   ${url}/`,
    `    phone H5  ${url}/h5/`,
    `    API docs  ${url}/docs`,
    `    health    ${url}/api/health`,
  ];
  if (generated) lines.push('', `  A new master secret was written to ${resolve(secretFile(config))} — back it up with the database.`);
  if (demoSeeded) {
    lines.push(
      '',
      `  Demo data was created. Log in as ${DEMO_CITY_ADMIN.username} / ${DEMO_PASSWORD} (city administrator); the other demo accounts are in README.md.`,
      '  The demo password is public: never put real data into a demo database.',
    );
  } else if (config.db.kind === 'sqlite' && config.demo) {
    lines.push('', '  Demo accounts (when this database was created by the demo): see README.md.');
  }
  lines.push('', '  Press Ctrl+C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
  return app;
}
