#!/usr/bin/env node
// The `tongxin` command. It runs the bundle `npm run build` makes (apps/server/dist/cli.mjs, scripts/build-server.mjs)
// while that is newer than every source file; otherwise the TypeScript source, compiled on the fly by tsx.
// TONGXIN_FROM_SOURCE=1 always runs the source.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const server = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(server, 'dist', 'cli.mjs');
const sources = [join(server, 'src'), join(server, '..', '..', 'packages', 'domain', 'src'), join(server, 'package.json')];

/** True when the bundle exists and no source file is newer. */
function bundleFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  const newer = (p) => {
    const st = statSync(p);
    return st.isDirectory() ? readdirSync(p).some((e) => newer(join(p, e))) : st.mtimeMs > built;
  };
  return !sources.some((s) => existsSync(s) && newer(s));
}

if (process.env.TONGXIN_FROM_SOURCE !== '1' && bundleFresh()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
