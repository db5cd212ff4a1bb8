import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Placeholder until the module is written. */
export function statsRoutes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
