import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Routes of the merchant registry, Excel import/export (placeholder until the module lands). */
export function merchantRoutes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
