#!/usr/bin/env node
// The `tongxin` command. It runs the bundle `npm run build` makes (apps/server/dist/cli.mjs, bundle.mjs) while that is
// newer than every source file; otherwise the TypeScript source, compiled on the fly by tsx.
// TONGXIN_FROM_SOURCE=1 always runs the source.
import { pathToFileURL } from 'node:url';
import { SERVER_BUNDLE, serverBundleFresh } from './bundle.mjs';

if (process.env.TONGXIN_FROM_SOURCE !== '1' && serverBundleFresh()) {
  // stack traces in the logs name the TypeScript sources (the bundle's maps, ~2 MB, are read as its modules load);
  // only a formatted stack pays for the mapping, and only unexpected errors (500) are logged with theirs
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(SERVER_BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
