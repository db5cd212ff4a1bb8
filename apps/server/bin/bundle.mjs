#!/usr/bin/env node
// Bundles the server's TypeScript (apps/server/src and @tongxin/domain) into apps/server/dist/cli.mjs with esbuild,
// the packages staying external. `tongxin` (tongxin.mjs) runs the bundle while it is newer than every source file, so
// a running server needs no TypeScript loader: tsx's loader thread cost ~35-55 MB of resident memory (issue 7).
// `npm run build` and `npm start` build it; `node apps/server/bin/bundle.mjs` alone does too. esbuild is imported
// only to build, so the freshness check costs the command nothing.
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const server = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(server, '..', '..');
export const SERVER_BUNDLE = join(server, 'dist', 'cli.mjs');
const SOURCES = [join(server, 'src'), join(root, 'packages', 'domain', 'src'), join(server, 'package.json')];

/** Newest modification time (ms) of the files under `paths`, skipping node_modules and dist; 0 when none exist. */
export function newestMtime(paths) {
  let max = 0;
  const walk = (p) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') walk(join(p, e));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  for (const p of paths) if (existsSync(p)) walk(p);
  return max;
}

/** True when the bundle exists and no source changed after it was built. */
export function serverBundleFresh() {
  return existsSync(SERVER_BUNDLE) && statSync(SERVER_BUNDLE).mtimeMs >= newestMtime(SOURCES);
}

/** Builds the bundle (about a second). */
export async function buildServer() {
  const { build } = await import('esbuild');
  rmSync(join(server, 'dist'), { recursive: true, force: true });
  const pkg = JSON.parse(readFileSync(join(server, 'package.json'), 'utf8'));
  // every dependency stays a runtime import except the workspace's own TypeScript package
  const external = Object.keys(pkg.dependencies).filter((d) => d !== '@tongxin/domain');
  await build({
    entryPoints: { cli: join(server, 'src', 'cli.ts') },
    outdir: join(server, 'dist'),
    outExtension: { '.js': '.mjs' },
    // the CLI's dynamic imports (the server, the generators) stay separate chunks, loaded when a command needs them
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildServer();
  console.log(`built ${SERVER_BUNDLE}`);
}
