import type { FastifyInstance } from 'fastify';
import type { Deps } from '../lib/context.ts';
import { allianceRoutes } from './alliances/index.ts';
import { apiKeyRoutes } from './apiKeys/index.ts';
import { auditRoutes } from './audit/index.ts';
import { calendarRoutes } from './calendar/index.ts';
import { categoryRoutes } from './categories/index.ts';
import { fileRoutes } from './files/index.ts';
import { publicRoutes } from './public/index.ts';
import { statsRoutes } from './stats/index.ts';
import { ticketRoutes } from './tickets/index.ts';
import { authRoutes } from './auth/index.ts';
import { gridRoutes } from './grids/index.ts';
import { healthRoutes } from './health.ts';
import { orgRoutes } from './orgs/index.ts';
import { peopleRoutes } from './people/index.ts';
import { roleRoutes } from './roles/index.ts';
import { unitRoutes } from './units/index.ts';
import { userRoutes } from './users/index.ts';

/** Registers every module's routes. */
export async function registerModules(app: FastifyInstance, deps: Deps, opts: { version: string; loginRateMax: number }): Promise<void> {
  await app.register(healthRoutes(deps, opts.version));
  await app.register(authRoutes(deps, { loginRateMax: opts.loginRateMax }));
  await app.register(allianceRoutes(deps));
  await app.register(orgRoutes(deps));
  await app.register(unitRoutes(deps));
  await app.register(peopleRoutes(deps));
  await app.register(gridRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(roleRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(categoryRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(ticketRoutes(deps));
  await app.register(statsRoutes(deps));
  await app.register(fileRoutes(deps));
  await app.register(publicRoutes(deps));
}
