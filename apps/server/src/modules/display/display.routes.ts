import { DashboardOverview, DisplayInfo, DisplayLink, DisplayLinkCreate, DisplayLinkCreated, DisplayLinkQuery, IdParams, Ok, listOf } from '@tongxin/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { displayInfo, displayOverview } from './display.view.ts';
import { createDisplayLink, listDisplayLinks, requireDisplayManager, revokeDisplayLink } from './displayLinks.service.ts';

const meta = (req: FastifyRequest) => ({ requestId: String(req.id), ip: req.ip });

/** Display links (大屏投屏链接): their management in the console, and the wall screen's reads with a link's token. */
export function displayRoutes(deps: Deps, opts: { displayRateMax?: number } = {}) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['display'];
    r.get('/api/v1/display-links', { schema: { tags, querystring: DisplayLinkQuery, response: { 200: listOf(DisplayLink) } } }, async (req) =>
      listDisplayLinks(deps, requireDisplayManager(req.actor), req.query),
    );
    r.post('/api/v1/display-links', { schema: { tags, body: DisplayLinkCreate, response: { 201: DisplayLinkCreated } } }, async (req, reply) =>
      reply.status(201).send(await createDisplayLink(deps, requireDisplayManager(req.actor), req.body)),
    );
    r.delete('/api/v1/display-links/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await revokeDisplayLink(deps, requireDisplayManager(req.actor), req.params.id);
      return { ok: true as const };
    });

    // a screen reads once a minute; several screens may share one address (a command centre behind one NAT)
    const config = { rateLimit: { max: opts.displayRateMax ?? 60, timeWindow: '1 minute' } };
    const security = [{ display: [] }];
    r.get('/api/v1/display/info', { schema: { tags, security, response: { 200: DisplayInfo } }, config }, async (req) =>
      displayInfo(deps, req.headers.authorization, meta(req)),
    );
    r.get('/api/v1/display/overview', { schema: { tags, security, response: { 200: DashboardOverview } }, config }, async (req) =>
      displayOverview(deps, req.headers.authorization, meta(req)),
    );
  };
}
