import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Routes of the public integrity page /m/<code>, QR posters, monitoring points (placeholder until the module lands). */
export function integrityRoutes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
