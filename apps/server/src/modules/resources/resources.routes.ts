import {
  Adoption,
  AdoptionCreate,
  AdoptionQuery,
  DispatchWithResourceBody,
  IdParams,
  Ok,
  Project,
  ProjectCreate,
  ProjectEvent,
  ProjectNode,
  ProjectProgressBody,
  ProjectQuery,
  ProjectStatusBody,
  ProjectUpdate,
  Resource,
  ResourceCreate,
  ResourceQuery,
  ResourceSuggestion,
  ResourceUpdate,
  SuggestionQuery,
  TicketDetail,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as ad from './adoptions.service.ts';
import * as pj from './projects.service.ts';
import { dispatchWithResource, suggestResources } from './resources.dispatch.ts';
import * as rs from './resources.service.ts';

/** 资源清单, 项目清单 (progress roll-up, timeline), matching needs to resources, adoption of service projects (docs/RESOURCES.md). */
export function resourceRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['resources'];
    r.get('/api/v1/resources', { schema: { tags, querystring: ResourceQuery, response: { 200: listOf(Resource) } } }, async (req) =>
      rs.listResources(deps, requireTenant(req.actor, 'resource:read'), req.query),
    );
    r.get('/api/v1/resources/:id', { schema: { tags, params: IdParams, response: { 200: Resource } } }, async (req) =>
      rs.getResource(deps, requireTenant(req.actor, 'resource:read'), req.params.id),
    );
    r.post('/api/v1/resources', { schema: { tags, body: ResourceCreate, response: { 201: Resource } } }, async (req, reply) =>
      reply.status(201).send(await rs.createResource(deps, requireTenant(req.actor, 'resource:write'), req.body)),
    );
    r.patch('/api/v1/resources/:id', { schema: { tags, params: IdParams, body: ResourceUpdate, response: { 200: Resource } } }, async (req) =>
      rs.updateResource(deps, requireTenant(req.actor, 'resource:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/resources/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await rs.deleteResource(deps, requireTenant(req.actor, 'resource:write'), req.params.id);
      return { ok: true as const };
    });

    r.get(
      '/api/v1/tickets/:id/resource-suggestions',
      { schema: { tags, params: IdParams, querystring: SuggestionQuery, response: { 200: z.object({ items: z.array(ResourceSuggestion) }) } } },
      async (req) => suggestResources(deps, requireTenant(req.actor, 'resource:read'), req.params.id, req.query.limit),
    );
    r.post(
      '/api/v1/tickets/:id/dispatch-with-resource',
      { schema: { tags, params: IdParams, body: DispatchWithResourceBody, response: { 200: z.object({ ticket: TicketDetail, project: Project }) } } },
      async (req) => dispatchWithResource(deps, requireTenant(req.actor, 'ticket:dispatch'), req.params.id, req.body),
    );

    const ptags = ['projects'];
    r.get('/api/v1/projects', { schema: { tags: ptags, querystring: ProjectQuery, response: { 200: listOf(Project) } } }, async (req) =>
      pj.listProjects(deps, requireTenant(req.actor, 'resource:read'), req.query),
    );
    r.get('/api/v1/projects/tree', { schema: { tags: ptags, querystring: ProjectQuery, response: { 200: listOf(ProjectNode) } } }, async (req) =>
      pj.projectTree(deps, requireTenant(req.actor, 'resource:read'), req.query),
    );
    r.get('/api/v1/projects/:id', { schema: { tags: ptags, params: IdParams, response: { 200: Project } } }, async (req) =>
      pj.getProject(deps, requireTenant(req.actor, 'resource:read'), req.params.id),
    );
    r.post('/api/v1/projects', { schema: { tags: ptags, body: ProjectCreate, response: { 201: Project } } }, async (req, reply) =>
      reply.status(201).send(await pj.createProject(deps, requireTenant(req.actor, 'resource:write'), req.body)),
    );
    r.patch('/api/v1/projects/:id', { schema: { tags: ptags, params: IdParams, body: ProjectUpdate, response: { 200: Project } } }, async (req) =>
      pj.updateProject(deps, requireTenant(req.actor, 'resource:write'), req.params.id, req.body),
    );
    r.delete('/api/v1/projects/:id', { schema: { tags: ptags, params: IdParams, response: { 200: Ok } } }, async (req) => {
      await pj.deleteProject(deps, requireTenant(req.actor, 'resource:write'), req.params.id);
      return { ok: true as const };
    });
    r.post('/api/v1/projects/:id/progress', { schema: { tags: ptags, params: IdParams, body: ProjectProgressBody, response: { 200: Project } } }, async (req) =>
      pj.reportProgress(deps, requireTenant(req.actor, 'resource:write'), req.params.id, req.body),
    );
    r.post('/api/v1/projects/:id/status', { schema: { tags: ptags, params: IdParams, body: ProjectStatusBody, response: { 200: Project } } }, async (req) =>
      pj.changeStatus(deps, requireTenant(req.actor, 'resource:write'), req.params.id, req.body),
    );
    r.get(
      '/api/v1/projects/:id/timeline',
      { schema: { tags: ptags, params: IdParams, response: { 200: z.object({ items: z.array(ProjectEvent) }) } } },
      async (req) => pj.projectTimeline(deps, requireTenant(req.actor, 'resource:read'), req.params.id),
    );

    r.post(
      '/api/v1/projects/:id/adoptions',
      { schema: { tags: ptags, params: IdParams, body: AdoptionCreate, response: { 201: Adoption } } },
      async (req, reply) => reply.status(201).send(await ad.adopt(deps, requireTenant(req.actor, 'resource:read'), req.params.id, req.body)),
    );
    r.get(
      '/api/v1/projects/:id/adoptions',
      { schema: { tags: ptags, params: IdParams, querystring: AdoptionQuery, response: { 200: listOf(Adoption) } } },
      async (req) => ad.projectAdoptions(deps, requireTenant(req.actor, 'resource:read'), req.params.id, req.query),
    );
    r.get('/api/v1/adoptions/mine', { schema: { tags: ptags, querystring: AdoptionQuery, response: { 200: listOf(Adoption) } } }, async (req) =>
      ad.myAdoptions(deps, requireTenant(req.actor, 'resource:read'), req.query),
    );
    r.post('/api/v1/adoptions/:id/cancel', { schema: { tags: ptags, params: IdParams, response: { 200: Adoption } } }, async (req) =>
      ad.cancelAdoption(deps, requireTenant(req.actor, 'resource:read'), req.params.id),
    );
  };
}
