import { Alliance, AllianceCreate, AllianceQuery, AllianceUpdate, IdParams, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import * as s from './alliances.service.ts';

/** Alliances (tenants): listing for the switcher, creation by the city admin, settings. */
export function allianceRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['alliances'];
    r.get('/api/v1/alliances', { schema: { tags, querystring: AllianceQuery, response: { 200: listOf(Alliance) } } }, async (req) =>
      s.listAlliances(deps, req.actor, req.query),
    );
    r.get('/api/v1/alliances/:id', { schema: { tags, params: IdParams, response: { 200: Alliance } } }, async (req) =>
      s.getAlliance(deps, req.actor, req.params.id),
    );
    r.post('/api/v1/alliances', { schema: { tags, body: AllianceCreate, response: { 201: Alliance } } }, async (req, reply) =>
      reply.status(201).send(await s.createAlliance(deps, req.actor, req.body)),
    );
    r.patch('/api/v1/alliances/:id', { schema: { tags, params: IdParams, body: AllianceUpdate, response: { 200: Alliance } } }, async (req) =>
      s.updateAlliance(deps, req.actor, req.params.id, req.body),
    );
  };
}
