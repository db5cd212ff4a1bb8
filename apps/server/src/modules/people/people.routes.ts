import { IdParams, Ok, Person, PersonCreate, PersonQuery, PersonUpdate, RevealBody, RevealResponse, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './people.service.ts';

/** CRUD of people (党员, 工作人员, 居民); phone and ID number masked, revealed only with person:reveal (audited). */
export function peopleRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['people'];
    r.get('/api/v1/people', { schema: { tags, querystring: PersonQuery, response: { 200: listOf(Person) } } }, async (req) =>
      s.listPeople(deps, requireTenant(req.actor, 'person:read'), req.query),
    );
    r.get('/api/v1/people/:id', { schema: { tags, params: IdParams, response: { 200: Person } } }, async (req) =>
      s.getPerson(deps, requireTenant(req.actor, 'person:read'), req.params.id),
    );
    r.post('/api/v1/people', { schema: { tags, body: PersonCreate, response: { 201: Person } } }, async (req, reply) =>
      reply.status(201).send(await s.createPerson(deps, requireTenant(req.actor, 'person:write'), req.body)),
    );
    r.patch('/api/v1/people/:id', { schema: { tags, params: IdParams, body: PersonUpdate, response: { 200: Person } } }, async (req) =>
      s.updatePerson(deps, requireTenant(req.actor, 'person:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/people/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.deletePerson(deps, requireTenant(req.actor, 'person:write'), req.params.id);
      return { ok: true as const };
    });
    r.post('/api/v1/people/:id/reveal', { schema: { tags, params: IdParams, body: RevealBody, response: { 200: RevealResponse } } }, async (req) =>
      s.revealPerson(deps, requireTenant(req.actor, 'person:reveal'), req.params.id, req.body.field),
    );
  };
}
