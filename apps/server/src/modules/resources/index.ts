import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Routes of 资源清单, 项目清单, matching, adoption (placeholder until the module lands). */
export function resourceRoutes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
