import { Category, CategoryCreate, CategoryQuery, CategoryUpdate, IdParams, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './categories.service.ts';

/** Categories of the alliance with their SLA and routing (default lead unit, per-grid routes). */
export function categoryRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['categories'];
    r.get('/api/v1/categories', { schema: { tags, querystring: CategoryQuery, response: { 200: listOf(Category) } } }, async (req) =>
      s.listCategories(deps, requireTenant(req.actor, 'ticket:read'), req.query),
    );
    r.get('/api/v1/categories/:id', { schema: { tags, params: IdParams, response: { 200: Category } } }, async (req) =>
      s.getCategory(deps, requireTenant(req.actor, 'ticket:read'), req.params.id),
    );
    r.post('/api/v1/categories', { schema: { tags, body: CategoryCreate, response: { 201: Category } } }, async (req, reply) =>
      reply.status(201).send(await s.createCategory(deps, requireTenant(req.actor, 'category:write'), req.body)),
    );
    r.patch('/api/v1/categories/:id', { schema: { tags, params: IdParams, body: CategoryUpdate, response: { 200: Category } } }, async (req) =>
      s.updateCategory(deps, requireTenant(req.actor, 'category:write'), req.params.id, req.body),
    );
  };
}
