import type { DataScope, Permission } from '@tongxin/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { Clock } from './clock.ts';
import type { Keys, PiiCipher } from './crypto.ts';

/** What every service receives instead of globals. */
export interface Deps {
  db: Db;
  dbKind: Config['db']['kind'];
  clock: Clock;
  cipher: PiiCipher;
  keys: Keys;
  config: Config;
  log: FastifyBaseLogger;
}

/** Who is acting, in which alliance, with which rights and reach. */
export interface Actor {
  userId: string | null;
  name: string;
  /** current alliance; null only for city-level actions without one */
  allianceId: string | null;
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
  unitId: string | null;
  scopeOrgId: string | null;
  scopeGridId: string | null;
  personId: string | null;
  isCityAdmin: boolean;
  apiKeyId: string | null;
  requestId: string;
  ip: string | null;
}

/** An actor bound to an alliance, as every tenant service requires. */
export type TenantActor = Actor & { allianceId: string };
