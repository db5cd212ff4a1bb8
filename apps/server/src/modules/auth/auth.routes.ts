import { ChangePasswordBody, LoginBody, MeResponse, Ok, SwitchAllianceBody } from '@tongxin/domain';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { SESSION_COOKIE, meView } from './actor.ts';
import * as service from './auth.service.ts';
import { isInternal } from '../../lib/internalKey.ts';

/** Login, logout, alliance switch, password change and `/me`. */
export function authRoutes(deps: Deps, opts: { loginRateMax: number }) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const setCookie = (reply: FastifyReply, token: string) =>
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });

    r.post(
      '/api/v1/auth/login',
      {
        schema: { tags: ['auth'], body: LoginBody, response: { 200: MeResponse } },
        config: { rateLimit: { max: opts.loginRateMax, timeWindow: '1 minute', allowList: (req) => isInternal(req.headers) } },
      },
      async (req, reply) => {
        const { token, actor, expiresAt } = await service.login(deps, req.body, {
          requestId: String(req.id),
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        setCookie(reply, token);
        return meView(deps, actor, expiresAt);
      },
    );

    r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], response: { 200: Ok } } }, async (req, reply) => {
      if (req.sessionId) await service.logout(deps, req.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    });

    r.get('/api/v1/me', { schema: { tags: ['auth'], response: { 200: MeResponse } } }, async (req) => {
      if (!req.actor || !req.sessionId) throw unauthenticated();
      return meView(deps, req.actor, req.sessionExpiresAt ?? 0);
    });

    // the same answer as /me, but null (200) for a visitor without a session: pages that anyone may open (the H5
    // report form) learn whether someone is signed in without a 401 in every resident's browser console
    r.get('/api/v1/auth/session', { schema: { tags: ['auth'], response: { 200: MeResponse.nullable() } } }, async (req) => {
      if (!req.actor || !req.sessionId) return null;
      return meView(deps, req.actor, req.sessionExpiresAt ?? 0);
    });

    r.post('/api/v1/auth/switch', { schema: { tags: ['auth'], body: SwitchAllianceBody, response: { 200: MeResponse } } }, async (req) => {
      if (!req.actor || !req.sessionId) throw unauthenticated();
      const next = await service.switchAlliance(deps, req.actor, req.sessionId, req.body.allianceId);
      return meView(deps, next, req.sessionExpiresAt ?? 0);
    });

    r.post('/api/v1/auth/password', { schema: { tags: ['auth'], body: ChangePasswordBody, response: { 200: Ok } } }, async (req) => {
      if (!req.actor || !req.sessionId) throw unauthenticated();
      await service.changePassword(deps, req.actor, req.sessionId, req.body.oldPassword, req.body.newPassword);
      return { ok: true as const };
    });
  };
}
