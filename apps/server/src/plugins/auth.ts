import { BACKGROUND_REQUEST_HEADER } from '@tongxin/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Deps } from '../lib/context.ts';
import { AppError } from '../lib/errors.ts';
import { actorFromApiKey, actorFromSession, SESSION_COOKIE } from '../modules/auth/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    sessionExpiresAt: number | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A write a browser sends for a page of another origin (a form or script on any other site or port): the session cookie
 * would go with it (SameSite=Lax still sends it across ports of one host, and with top-level form posts from subdomains).
 * Browsers say where a request comes from in Sec-Fetch-Site, or at least Origin; a client that sends neither is no
 * browser and carries its own credentials.
 */
function crossOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  try {
    // both through URL, which drops a default port (Host: example.org:443 is the origin https://example.org)
    return new URL(origin).host !== new URL(`${req.protocol}://${req.host}`).host;
  } catch {
    return true;
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
    const s = await actorFromSession(deps, token, meta, { background: req.headers[BACKGROUND_REQUEST_HEADER] === '1' });
    if (s && !SAFE_METHODS.has(req.method) && crossOrigin(req)) {
      throw new AppError('FORBIDDEN', 403, 'a write from another origin is refused (cross-site request)', { reason: 'cross_origin' });
    }
    if (s) {
      req.actor = s.actor;
      req.sessionId = s.sessionId;
      req.sessionExpiresAt = s.expiresAt;
    }
  });
}
