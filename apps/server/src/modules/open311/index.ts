import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Routes of Open311 GeoReport v2 at /open311/v2/ (placeholder until the module lands). */
export function open311Routes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
