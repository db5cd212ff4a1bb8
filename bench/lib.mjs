// The Node flags the server runs with: read from `npm start` (package.json), so the bench measures the server as it
// is deployed (docs/OPERATIONS.md uses the same flags); importing this also builds the server bundle when stale.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8'));

// the server runs as deployed: from its bundle (scripts/build-server.mjs), built here when missing or stale
const { buildServer, serverBundleFresh } = await import('../scripts/build-server.mjs');
if (!serverBundleFresh()) await buildServer();

/** The `--flag=value` options between `node` and the script in the root package's start script. */
export const SERVER_NODE_FLAGS = [...String(pkg.scripts.start).matchAll(/\s(--[a-z-]+=\S+)/g)].map((m) => m[1]);
