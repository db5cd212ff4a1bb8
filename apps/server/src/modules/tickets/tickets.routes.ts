import {
  AgendaItem,
  AgendaQuery,
  DuplicateQuery,
  IdParams,
  Ticket,
  TicketCreate,
  TicketDetail,
  TicketExportQuery,
  TicketPage,
  TicketQuery,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { fileLang } from '../../lib/pageLang.ts';
import { sendXlsx } from '../../lib/xlsxReply.ts';
import { requireTenant } from '../access/index.ts';
import { listAgenda } from './tickets.agenda.ts';
import { exportTickets } from './tickets.export.ts';
import { HTTP_ACTIONS, actOnTicket } from './tickets.actions.ts';
import { createTicket, findDuplicates, getTicket, listTickets } from './tickets.service.ts';

const ActionParams = IdParams.extend({ action: z.enum(HTTP_ACTIONS) });

/** The closed loop over HTTP (docs/API-tickets.md). */
export function ticketRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['tickets'];
    r.get('/api/v1/tickets', { schema: { tags, querystring: TicketQuery, response: { 200: TicketPage } } }, async (req) =>
      listTickets(deps, requireTenant(req.actor, 'ticket:read'), req.query),
    );
    r.get(
      '/api/v1/tickets/duplicates',
      { schema: { tags, querystring: DuplicateQuery, response: { 200: z.object({ items: z.array(Ticket) }) } } },
      async (req) => findDuplicates(deps, requireTenant(req.actor, 'ticket:read'), req.query),
    );
    r.get('/api/v1/tickets/export', { schema: { tags, querystring: TicketExportQuery } }, async (req, reply) => {
      const { page: _p, pageSize: _s, lang, ...filters } = req.query;
      const file = await exportTickets(deps, requireTenant(req.actor, 'ticket:read'), filters, fileLang(lang, req.headers['accept-language']));
      return sendXlsx(reply, file.name, file.content, 'tickets.xlsx');
    });
    r.post('/api/v1/tickets', { schema: { tags, body: TicketCreate, response: { 201: TicketDetail } } }, async (req, reply) =>
      reply.status(201).send(await createTicket(deps, requireTenant(req.actor, 'ticket:create'), req.body)),
    );
    r.get('/api/v1/agenda-items', { schema: { tags, querystring: AgendaQuery, response: { 200: listOf(AgendaItem) } } }, async (req) =>
      listAgenda(deps, requireTenant(req.actor, 'ticket:read'), req.query),
    );
    r.get('/api/v1/tickets/:id', { schema: { tags, params: IdParams, response: { 200: TicketDetail } } }, async (req) =>
      getTicket(deps, requireTenant(req.actor, 'ticket:read'), req.params.id),
    );
    // one route for every action; the body is parsed with that action's schema
    r.post(
      '/api/v1/tickets/:id/actions/:action',
      { schema: { tags, params: ActionParams, body: z.unknown().optional(), response: { 200: TicketDetail } } },
      async (req) => actOnTicket(deps, requireTenant(req.actor, 'ticket:read'), req.params.id, req.params.action, req.body),
    );
  };
}
