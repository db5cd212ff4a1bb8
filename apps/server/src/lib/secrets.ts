import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';

/**
 * The master secret: TONGXIN_SECRET, or for the embedded database a key file created beside it on first start.
 * PostgreSQL deployments must configure it, since several processes have to share it.
 */
export function resolveSecret(config: Config): { secret: string; generated: boolean } {
  if (config.secret) return { secret: config.secret, generated: false };
  if (config.db.kind === 'postgres') throw new Error('TONGXIN_SECRET (32+ characters) must be set when DATABASE_URL points to PostgreSQL');
  const file = secretFile(config);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), generated: false };
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, generated: true };
}

/** Where the embedded deployment keeps its generated master secret. */
export function secretFile(config: Config): string {
  return join(config.dataDir, 'secret.key');
}
