#!/usr/bin/env node
// `npm start`: builds the web apps and the server bundle when missing or older than their sources, then runs
// `tongxin start` in this process (PORT, HOST, DATABASE_URL … pass through; default http://localhost:8080).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps', 'web');
const built = join(web, 'dist', 'index.html');

const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'h5', 'index.html'),
  join(web, 'vite.config.ts'),
  join(web, 'public'),
  join(root, 'packages', 'domain', 'src'),
];
const { buildServer, newestMtime, serverBundleFresh } = await import('../apps/server/bin/bundle.mjs');
const stale = !existsSync(built) || statSync(built).mtimeMs < newestMtime(sources);
if (stale && process.env.WEB_DIST) {
  console.log(`WEB_DIST is set (${process.env.WEB_DIST}): not building apps/web`);
} else if (stale) {
  console.log(
    existsSync(built) ? 'web apps changed since the last build: rebuilding (vite build)…' : 'web apps are not built yet: building them once (vite build)…',
  );
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    if (!existsSync(built)) {
      console.error('the web build failed; fix it or run `node apps/server/bin/tongxin.mjs start` for the API alone');
      process.exit(r.status ?? 1);
    }
    console.error('the web build failed: serving the previous build');
  }
}

// the server bundle (apps/server/bin/bundle.mjs): a second to build, and the server then runs without a TypeScript loader
// TONGXIN_FROM_SOURCE=1 runs the TypeScript source (bin/tongxin.mjs): no bundle needed
if (process.env.TONGXIN_FROM_SOURCE !== '1' && !serverBundleFresh()) {
  console.log('building the server bundle (esbuild)…');
  await buildServer().catch((e) => console.error(`the server bundle failed to build (${e.message}): running the TypeScript source`));
}

process.argv = [process.argv[0], join(root, 'apps', 'server', 'bin', 'tongxin.mjs'), 'start'];
await import('../apps/server/bin/tongxin.mjs');
