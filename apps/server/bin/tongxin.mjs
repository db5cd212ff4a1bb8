#!/usr/bin/env node
// The `tongxin` command. It runs the bundle `npm run build` makes (apps/server/dist/cli.mjs, scripts/build-server.mjs)
// while that is newer than every source file; otherwise the TypeScript source, compiled on the fly by tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
const sources = [new URL('../src', import.meta.url), new URL('../../../packages/domain/src', import.meta.url), new URL('../package.json', import.meta.url)];

/** True when the bundle exists and no source file is newer. */
function bundleFresh() {
  if (!existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  const newer = (p) => {
    const st = statSync(p);
    if (!st.isDirectory()) return st.mtimeMs > built;
    return readdirSync(p).some((e) => newer(new URL(`${p.href.replace(/\/?$/, '/')}${e}`)));
  };
  return !sources.some((s) => existsSync(s) && newer(s));
}

if (process.env.TONGXIN_FROM_SOURCE !== '1' && bundleFresh()) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
