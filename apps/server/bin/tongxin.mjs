#!/usr/bin/env node
// The `tongxin` command. The server runs from its TypeScript source: tsx compiles it on the fly (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
