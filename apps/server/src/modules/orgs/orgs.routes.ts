import { IdParams, Ok, Org, OrgCreate, OrgQuery, OrgUpdate, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './orgs.service.ts';

/** CRUD of the 党组织 tree. */
export function orgRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['orgs'];
    r.get('/api/v1/orgs', { schema: { tags, querystring: OrgQuery, response: { 200: listOf(Org) } } }, async (req) =>
      s.listOrgs(deps, requireTenant(req.actor, 'org:read'), req.query),
    );
    r.get('/api/v1/orgs/tree', { schema: { tags, response: { 200: listOf(Org) } } }, async (req) => s.orgTree(deps, requireTenant(req.actor, 'org:read')));
    r.get('/api/v1/orgs/:id', { schema: { tags, params: IdParams, response: { 200: Org } } }, async (req) =>
      s.getOrg(deps, requireTenant(req.actor, 'org:read'), req.params.id),
    );
    r.post('/api/v1/orgs', { schema: { tags, body: OrgCreate, response: { 201: Org } } }, async (req, reply) =>
      reply.status(201).send(await s.createOrg(deps, requireTenant(req.actor, 'org:write'), req.body)),
    );
    r.patch('/api/v1/orgs/:id', { schema: { tags, params: IdParams, body: OrgUpdate, response: { 200: Org } } }, async (req) =>
      s.updateOrg(deps, requireTenant(req.actor, 'org:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/orgs/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.deleteOrg(deps, requireTenant(req.actor, 'org:write'), req.params.id);
      return { ok: true as const };
    });
  };
}
