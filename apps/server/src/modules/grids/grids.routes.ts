import { Grid, GridCreate, GridMemberBody, GridMemberParams, GridQuery, GridUpdate, IdParams, Ok, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './grids.service.ts';

/** CRUD of the grid tree (levels named per alliance) and its members (网格员, 邻铺长, 中心户). */
export function gridRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['grids'];
    r.get('/api/v1/grids', { schema: { tags, querystring: GridQuery, response: { 200: listOf(Grid) } } }, async (req) =>
      s.listGrids(deps, requireTenant(req.actor, 'grid:read'), req.query),
    );
    r.get('/api/v1/grids/tree', { schema: { tags, response: { 200: listOf(Grid) } } }, async (req) => s.gridTree(deps, requireTenant(req.actor, 'grid:read')));
    r.get('/api/v1/grids/:id', { schema: { tags, params: IdParams, response: { 200: Grid } } }, async (req) =>
      s.getGrid(deps, requireTenant(req.actor, 'grid:read'), req.params.id),
    );
    r.post('/api/v1/grids', { schema: { tags, body: GridCreate, response: { 201: Grid } } }, async (req, reply) =>
      reply.status(201).send(await s.createGrid(deps, requireTenant(req.actor, 'grid:write'), req.body)),
    );
    r.patch('/api/v1/grids/:id', { schema: { tags, params: IdParams, body: GridUpdate, response: { 200: Grid } } }, async (req) =>
      s.updateGrid(deps, requireTenant(req.actor, 'grid:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/grids/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.deleteGrid(deps, requireTenant(req.actor, 'grid:write'), req.params.id);
      return { ok: true as const };
    });
    r.post('/api/v1/grids/:id/members', { schema: { tags, params: IdParams, body: GridMemberBody, response: { 200: Grid } } }, async (req) =>
      s.addGridMember(deps, requireTenant(req.actor, 'grid:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/grids/:id/members/:personId/:role', { schema: { tags, params: GridMemberParams, response: { 200: Grid } } }, async (req) =>
      s.removeGridMember(deps, requireTenant(req.actor, 'grid:write'), req.params.id, req.params.personId, req.params.role),
    );
  };
}
