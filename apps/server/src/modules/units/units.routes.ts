import { IdParams, Ok, Unit, UnitCreate, UnitQuery, UnitUpdate, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as s from './units.service.ts';

/** CRUD of the 成员单位; the contact phone is stored encrypted and answered masked. */
export function unitRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['units'];
    r.get('/api/v1/units', { schema: { tags, querystring: UnitQuery, response: { 200: listOf(Unit) } } }, async (req) =>
      s.listUnits(deps, requireTenant(req.actor, 'unit:read'), req.query),
    );
    r.get('/api/v1/units/:id', { schema: { tags, params: IdParams, response: { 200: Unit } } }, async (req) =>
      s.getUnit(deps, requireTenant(req.actor, 'unit:read'), req.params.id),
    );
    r.post('/api/v1/units', { schema: { tags, body: UnitCreate, response: { 201: Unit } } }, async (req, reply) =>
      reply.status(201).send(await s.createUnit(deps, requireTenant(req.actor, 'unit:write'), req.body)),
    );
    r.patch('/api/v1/units/:id', { schema: { tags, params: IdParams, body: UnitUpdate, response: { 200: Unit } } }, async (req) =>
      s.updateUnit(deps, requireTenant(req.actor, 'unit:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/units/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await s.deleteUnit(deps, requireTenant(req.actor, 'unit:write'), req.params.id);
      return { ok: true as const };
    });
  };
}
