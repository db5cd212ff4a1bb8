import { BACKGROUND_REQUEST_HEADER, CLIENT_HEADER } from '@tongxin/domain';
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
/** The content types a page may POST to another origin without a preflight (a plain HTML form's). */
const SIMPLE_TYPES = new Set(['', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * A write a page of another origin could make the browser send with the session cookie (CSRF): a form's POST, which
 * needs no CORS preflight. PUT, PATCH, DELETE, a JSON body or our apps' own header (CLIENT_HEADER) all need a preflight,
 * which this server never grants, so a browser sends them only for our own pages.
 */
function forgeable(req: FastifyRequest): boolean {
  if (req.method !== 'POST' || req.headers[CLIENT_HEADER] !== undefined) return false;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return SIMPLE_TYPES.has(type);
}

/**
 * Whether a cookie-carrying write comes from a page of another origin. Browsers say so in Sec-Fetch-Site (HTTPS and
 * localhost). Without it, only a forgeable request can be another page's, and its Origin is compared with the host
 * the server sees; a client that sends no Origin either is no browser and carries its own credentials.
 */
function crossOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  if (!forgeable(req)) return false;
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
    // before the session is even looked at: a forged request must not keep the victim's session alive either
    if (!SAFE_METHODS.has(req.method) && crossOrigin(req)) {
      throw new AppError('FORBIDDEN', 403, 'a write from another origin is refused (cross-site request)', { reason: 'cross_origin' });
    }
    const s = await actorFromSession(deps, token, meta, { background: req.headers[BACKGROUND_REQUEST_HEADER] === '1' });
    if (s) {
      req.actor = s.actor;
      req.sessionId = s.sessionId;
      req.sessionExpiresAt = s.expiresAt;
    }
  });
}
