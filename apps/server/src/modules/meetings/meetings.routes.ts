import {
  Id,
  IdParams,
  MeetingCancelBody,
  MeetingCreate,
  MeetingDetail,
  MeetingHoldBody,
  MeetingQuery,
  MeetingTakeBody,
  MeetingTopicCreate,
  MeetingUpdate,
  Meeting,
  ResolutionCreate,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { requireTenant } from '../access/index.ts';
import * as ms from './meetings.service.ts';

const ItemParams = z.object({ id: Id, itemId: Id });

/** 联席会议: meetings, their agenda (吹哨 cases and topics), minutes, resolutions that become projects (docs/MEETINGS.md). */
export function meetingRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['meetings'];
    const read = (actor: Parameters<typeof requireTenant>[0]) => requireTenant(actor, 'meeting:read');
    const write = (actor: Parameters<typeof requireTenant>[0]) => requireTenant(actor, 'meeting:write');
    const one = { tags, params: IdParams, response: { 200: MeetingDetail } };

    r.get('/api/v1/meetings', { schema: { tags, querystring: MeetingQuery, response: { 200: listOf(Meeting) } } }, async (req) =>
      ms.listMeetings(deps, read(req.actor), req.query),
    );
    r.get('/api/v1/meetings/:id', { schema: one }, async (req) => ms.getMeeting(deps, read(req.actor), req.params.id));
    r.post('/api/v1/meetings', { schema: { tags, body: MeetingCreate, response: { 201: MeetingDetail } } }, async (req, reply) =>
      reply.status(201).send(await ms.createMeeting(deps, write(req.actor), req.body)),
    );
    r.patch('/api/v1/meetings/:id', { schema: { ...one, body: MeetingUpdate } }, async (req) =>
      ms.updateMeeting(deps, write(req.actor), req.params.id, req.body),
    );
    r.post('/api/v1/meetings/:id/hold', { schema: { ...one, body: MeetingHoldBody } }, async (req) =>
      ms.holdMeeting(deps, write(req.actor), req.params.id, req.body),
    );
    r.post('/api/v1/meetings/:id/cancel', { schema: { ...one, body: MeetingCancelBody } }, async (req) =>
      ms.cancelMeeting(deps, write(req.actor), req.params.id, req.body),
    );
    r.post('/api/v1/meetings/:id/agenda', { schema: { ...one, body: MeetingTakeBody } }, async (req) =>
      ms.takeItem(deps, write(req.actor), req.params.id, req.body),
    );
    r.delete('/api/v1/meetings/:id/agenda/:itemId', { schema: { ...one, params: ItemParams } }, async (req) =>
      ms.releaseItem(deps, write(req.actor), req.params.id, req.params.itemId),
    );
    r.post('/api/v1/meetings/:id/topics', { schema: { ...one, body: MeetingTopicCreate } }, async (req) =>
      ms.addTopic(deps, write(req.actor), req.params.id, req.body),
    );
    r.delete('/api/v1/meetings/:id/topics/:itemId', { schema: { ...one, params: ItemParams } }, async (req) =>
      ms.removeTopic(deps, write(req.actor), req.params.id, req.params.itemId),
    );
    r.post('/api/v1/meetings/:id/resolutions', { schema: { ...one, body: ResolutionCreate, response: { 201: MeetingDetail } } }, async (req, reply) =>
      reply.status(201).send(await ms.addResolution(deps, write(req.actor), req.params.id, req.body)),
    );
  };
}
