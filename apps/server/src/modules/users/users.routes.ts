import { IdParams, MembershipCreate, Ok, ResetPasswordBody, User, UserCreate, UserQuery, UserUpdate, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './users.service.ts';

/** Accounts that are members of the current alliance, and their memberships. */
export function userRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['users'];
    r.get('/api/v1/users', { schema: { tags, querystring: UserQuery, response: { 200: listOf(User) } } }, async (req) =>
      s.listUsers(deps, requireTenant(req.actor, 'user:read'), req.query),
    );
    r.post('/api/v1/users', { schema: { tags, body: UserCreate, response: { 201: User } } }, async (req, reply) =>
      reply.status(201).send(await s.createUser(deps, requireTenant(req.actor, 'user:write'), req.body)),
    );
    r.post('/api/v1/users/memberships', { schema: { tags, body: MembershipCreate, response: { 201: User } } }, async (req, reply) =>
      reply.status(201).send(await s.addMembership(deps, requireTenant(req.actor, 'user:write'), req.body)),
    );
    r.get('/api/v1/users/:id', { schema: { tags, params: IdParams, response: { 200: User } } }, async (req) =>
      s.getUser(deps, requireTenant(req.actor, 'user:read'), req.params.id),
    );
    r.patch('/api/v1/users/:id', { schema: { tags, params: IdParams, body: UserUpdate, response: { 200: User } } }, async (req) =>
      s.updateUser(deps, requireTenant(req.actor, 'user:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/users/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.removeMembership(deps, requireTenant(req.actor, 'user:write'), req.params.id);
      return { ok: true as const };
    });
    r.post('/api/v1/users/:id/reset-password', { schema: { tags, params: IdParams, body: ResetPasswordBody, response: { 200: Ok } } }, async (req) => {
      await s.resetPassword(deps, requireTenant(req.actor, 'user:write'), req.params.id, req.body.password);
      return { ok: true as const };
    });
    r.post('/api/v1/users/:id/unlock', { schema: { tags, params: IdParams, response: { 200: User } } }, async (req) =>
      s.unlockUser(deps, requireTenant(req.actor, 'user:write'), req.params.id),
    );
  };
}
