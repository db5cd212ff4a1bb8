import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ping } from '../db/index.ts';
import type { Deps } from '../lib/context.ts';

const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['sqlite', 'postgres']),
  dbOk: z.boolean(),
  version: z.string(),
  time: z.number().int(),
});

/** `GET /api/health` for load balancers and the README's first check. */
export function healthRoutes(deps: Deps, version: string) {
  return async function (app: FastifyInstance): Promise<void> {
    app
      .withTypeProvider<ZodTypeProvider>()
      .get('/api/health', { schema: { tags: ['system'], response: { 200: Health, 503: Health } } }, async (_req, reply) => {
        const dbOk = await ping(deps.db);
        const body = { status: dbOk ? ('ok' as const) : ('degraded' as const), db: deps.dbKind, dbOk, version, time: deps.clock.now() };
        return reply.status(dbOk ? 200 : 503).send(body);
      });
  };
}
