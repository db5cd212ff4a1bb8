import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyQuery, IdParams, Ok, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './apiKeys.service.ts';

/** API keys of the current alliance (each bound to one role). */
export function apiKeyRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['api-keys'];
    r.get('/api/v1/api-keys', { schema: { tags, querystring: ApiKeyQuery, response: { 200: listOf(ApiKey) } } }, async (req) =>
      s.listApiKeys(deps, requireTenant(req.actor, 'apikey:manage'), req.query),
    );
    r.post('/api/v1/api-keys', { schema: { tags, body: ApiKeyCreate, response: { 201: ApiKeyCreated } } }, async (req, reply) =>
      reply.status(201).send(await s.createApiKey(deps, requireTenant(req.actor, 'apikey:manage'), req.body)),
    );
    r.delete('/api/v1/api-keys/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.revokeApiKey(deps, requireTenant(req.actor, 'apikey:manage'), req.params.id);
      return { ok: true as const };
    });
  };
}
