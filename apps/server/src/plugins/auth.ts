import type { FastifyInstance } from 'fastify';
import type { Actor, Deps } from '../lib/context.ts';
import { actorFromApiKey, actorFromSession, SESSION_COOKIE } from '../modules/auth/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    sessionExpiresAt: number | null;
  }
}

/** Resolves the caller from the session cookie or an API key before every /api route. */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('sessionExpiresAt', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const meta = { requestId: String(req.id), ip: req.ip };
    const auth = req.headers.authorization;
    const key = (typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : null) ?? (auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null);
    if (key) {
      req.actor = await actorFromApiKey(deps, key, meta);
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token || token.length > 200) return;
    const s = await actorFromSession(deps, token, meta);
    if (s) {
      req.actor = s.actor;
      req.sessionId = s.sessionId;
      req.sessionExpiresAt = s.expiresAt;
    }
  });
}
