import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Routes of 十二分制 credit, flags, stars, plaques, evaluation rounds, objections (placeholder until the module lands). */
export function creditRoutes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
