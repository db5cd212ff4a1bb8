// CPU cost of one ticket creation over HTTP under load, measured inside the server process (so it holds on a
// busy machine): node --import tsx bench/profile-http.ts [seconds]   (PROF=1 writes /tmp/tongxin-load.cpuprofile)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import { groupCommitStats } from '../apps/server/src/db/index.ts';
import { seedDemo } from '../apps/server/src/modules/demo/index.ts';

const seconds = process.argv[2] ?? '8';
const dir = mkdtempSync(join(tmpdir(), 'tx-prof-'));
const config = loadConfig({ ...process.env, DATA_DIR: dir, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
const { app, deps } = await buildApp({ config, logger: false, slaClock: false, notifications: false });
await app.ready();
await seedDemo(app, deps);
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'hhx_staff', password: 'Tongxin@2026' } });
const cookie = String(login.headers['set-cookie']).split(';')[0]!;
const cats = (await app.inject({ method: 'GET', url: '/api/v1/categories', headers: { cookie } })).json().items;
const grids = (await app.inject({ method: 'GET', url: '/api/v1/grids', headers: { cookie } })).json().items;
const body = JSON.stringify({
  kind: 'report',
  description: '南京东路步行街188号门口共享单车乱停放，占用盲道，老人和视障人士通行困难，请尽快清理并加强管理。',
  categoryId: cats[0].id,
  gridId: grids[grids.length - 1].id,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

const session = new Session();
session.connect();
if (process.env.PROF) {
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const before = { ...groupCommitStats };
// the event loop's own thread (on Linux its tid is the pid; clock ticks of 10 ms): the create's bound when it is busy
// and the machine is not. process.cpuUsage() adds V8's helper threads and the thread pool.
const mainTicks = (): number => {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return Number.NaN;
  }
};
const main0 = mainTicks();
const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const args = [
  '-c',
  '50',
  '-d',
  seconds,
  '-m',
  'POST',
  '-H',
  `cookie=${cookie}`,
  '-H',
  'content-type=application/json',
  '-b',
  body,
  `http://127.0.0.1:${port}/api/v1/tickets`,
];
const load = spawn(join(import.meta.dirname, '../node_modules/.bin/autocannon'), args, { stdio: ['ignore', 'inherit', 'inherit'] });
await new Promise((resolve) => load.on('exit', resolve));
const cpu = process.cpuUsage(cpu0);
const mainMs = (mainTicks() - main0) * 10;
const wallMs = performance.now() - wall0;
if (process.env.PROF) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('/tmp/tongxin-load.cpuprofile', JSON.stringify(profile));
}
const n = groupCommitStats.transactions - before.transactions;
const commits = groupCommitStats.commits - before.commits;
console.log(
  `CPU per create: ${((cpu.user + cpu.system) / n / 1000).toFixed(3)} ms (user ${(cpu.user / n / 1000).toFixed(3)}, system ${(cpu.system / n / 1000).toFixed(3)}) over ${n} transactions`,
);
console.log(`group commit: ${commits} commits, ${(n / commits).toFixed(1)} transactions each`);
if (!Number.isNaN(mainMs)) console.log(`event-loop thread: ${((mainMs / wallMs) * 100).toFixed(0)} % busy, ${(mainMs / n).toFixed(3)} ms per create`);
await app.close();
