import { IdParams, Ok, Role, RoleCreate, RoleQuery, RoleUpdate, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './roles.service.ts';

/** Roles of the current alliance: permission sets with a data scope. */
export function roleRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['roles'];
    r.get('/api/v1/roles', { schema: { tags, querystring: RoleQuery, response: { 200: listOf(Role) } } }, async (req) =>
      s.listRoles(deps, requireTenant(req.actor, 'role:read'), req.query),
    );
    r.get('/api/v1/roles/:id', { schema: { tags, params: IdParams, response: { 200: Role } } }, async (req) =>
      s.getRole(deps, requireTenant(req.actor, 'role:read'), req.params.id),
    );
    r.post('/api/v1/roles', { schema: { tags, body: RoleCreate, response: { 201: Role } } }, async (req, reply) =>
      reply.status(201).send(await s.createRole(deps, requireTenant(req.actor, 'role:write'), req.body)),
    );
    r.patch('/api/v1/roles/:id', { schema: { tags, params: IdParams, body: RoleUpdate, response: { 200: Role } } }, async (req) =>
      s.updateRole(deps, requireTenant(req.actor, 'role:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/roles/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.deleteRole(deps, requireTenant(req.actor, 'role:write'), req.params.id);
      return { ok: true as const };
    });
  };
}
