import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';

/** Routes of in-app inbox, webhooks, SMS, outbox delivery (placeholder until the module lands). */
export function notificationRoutes(_deps: Deps) {
  return async function (_app: FastifyInstance): Promise<void> {};
}
