import {
  CandidateDecision,
  ComplaintVerdict,
  ComplaintVerdictBody,
  CreditEntry,
  CreditEntryCreate,
  CreditItem,
  CreditItemCreate,
  CreditItemUpdate,
  CreditNotice,
  CreditObjection,
  CreditSettings,
  EvaluationRound,
  IdParams,
  MerchantCredit,
  NoticeQuery,
  ObjectionCreate,
  ObjectionDecision,
  ObjectionQuery,
  PageQuery,
  PromiseBody,
  PromiseRecord,
  RoundCandidateParams,
  RoundCreate,
  RoundDetail,
  RoundQuery,
  VerdictState,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { requireTenant } from '../access/index.ts';
import { runCreditClockOnce } from './credit.clock.ts';
import * as o from './credit.objections.ts';
import * as r from './credit.rounds.ts';
import * as s from './credit.service.ts';

/** 十二分制 credit over HTTP (docs/CREDIT.md), and the credit clock of this process. */
export function creditRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['credit'];

    api.get('/api/v1/credit/settings', { schema: { tags, response: { 200: CreditSettings } } }, async (req) =>
      s.getSettings(deps, requireTenant(req.actor, 'merchant:read')),
    );
    api.put('/api/v1/credit/settings', { schema: { tags, body: CreditSettings, response: { 200: CreditSettings } } }, async (req) =>
      s.putSettings(deps, requireTenant(req.actor, 'credit:decide'), req.body),
    );

    api.get('/api/v1/credit/catalogue', { schema: { tags, response: { 200: z.object({ items: z.array(CreditItem) }) } } }, async (req) =>
      s.listCatalogue(deps, requireTenant(req.actor, 'merchant:read')),
    );
    api.post('/api/v1/credit/catalogue', { schema: { tags, body: CreditItemCreate, response: { 201: CreditItem } } }, async (req, reply) =>
      reply.status(201).send(await s.createItem(deps, requireTenant(req.actor, 'credit:decide'), req.body)),
    );
    api.patch('/api/v1/credit/catalogue/:id', { schema: { tags, params: IdParams, body: CreditItemUpdate, response: { 200: CreditItem } } }, async (req) =>
      s.updateItem(deps, requireTenant(req.actor, 'credit:decide'), req.params.id, req.body),
    );

    api.get('/api/v1/merchants/:id/credit', { schema: { tags, params: IdParams, response: { 200: MerchantCredit } } }, async (req) =>
      s.getCredit(deps, requireTenant(req.actor, 'merchant:read'), req.params.id),
    );
    api.post(
      '/api/v1/merchants/:id/credit/entries',
      { schema: { tags, params: IdParams, body: CreditEntryCreate, response: { 201: CreditEntry } } },
      async (req, reply) => reply.status(201).send(await s.recordEntry(deps, requireTenant(req.actor, 'credit:write'), req.params.id, req.body)),
    );
    api.post(
      '/api/v1/merchants/:id/credit/promise',
      { schema: { tags, params: IdParams, body: PromiseBody, response: { 201: PromiseRecord } } },
      async (req, reply) => reply.status(201).send(await s.setPromise(deps, requireTenant(req.actor, 'merchant:write'), req.params.id, req.body)),
    );
    api.get(
      '/api/v1/merchants/:id/credit/notices',
      { schema: { tags, params: IdParams, querystring: PageQuery, response: { 200: listOf(CreditNotice) } } },
      async (req) => s.merchantNotices(deps, requireTenant(req.actor, 'merchant:read'), req.params.id, req.query),
    );
    api.post(
      '/api/v1/merchants/:id/credit/objections',
      { schema: { tags, params: IdParams, body: ObjectionCreate, response: { 201: CreditObjection } } },
      async (req, reply) => reply.status(201).send(await o.fileObjection(deps, requireTenant(req.actor, 'merchant:read'), req.params.id, req.body)),
    );

    api.get('/api/v1/credit/objections', { schema: { tags, querystring: ObjectionQuery, response: { 200: listOf(CreditObjection) } } }, async (req) =>
      o.listObjections(deps, requireTenant(req.actor, 'credit:decide'), req.query),
    );
    api.post(
      '/api/v1/credit/objections/:id/decision',
      { schema: { tags, params: IdParams, body: ObjectionDecision, response: { 200: CreditObjection } } },
      async (req) => o.decideObjection(deps, requireTenant(req.actor, 'credit:decide'), req.params.id, req.body),
    );

    api.post(
      '/api/v1/tickets/:id/verdict',
      { schema: { tags, params: IdParams, body: ComplaintVerdictBody, response: { 200: ComplaintVerdict } } },
      async (req) => o.giveVerdict(deps, requireTenant(req.actor, 'credit:decide'), req.params.id, req.body),
    );

    api.get('/api/v1/tickets/:id/verdict', { schema: { tags, params: IdParams, response: { 200: VerdictState } } }, async (req) =>
      o.verdictState(deps, requireTenant(req.actor, 'ticket:read'), req.params.id),
    );

    api.get('/api/v1/credit/notices', { schema: { tags, querystring: NoticeQuery, response: { 200: listOf(CreditNotice) } } }, async (req) =>
      s.listNotices(deps, requireTenant(req.actor, 'credit:decide'), req.query),
    );

    api.get('/api/v1/credit/rounds', { schema: { tags, querystring: RoundQuery, response: { 200: listOf(EvaluationRound) } } }, async (req) =>
      r.listRounds(deps, requireTenant(req.actor, 'credit:decide'), req.query),
    );
    api.post('/api/v1/credit/rounds', { schema: { tags, body: RoundCreate, response: { 201: RoundDetail } } }, async (req, reply) =>
      reply.status(201).send(await r.createRound(deps, requireTenant(req.actor, 'credit:decide'), req.body)),
    );
    api.get('/api/v1/credit/rounds/:id', { schema: { tags, params: IdParams, response: { 200: RoundDetail } } }, async (req) =>
      r.getRound(deps, requireTenant(req.actor, 'credit:decide'), req.params.id),
    );
    api.post(
      '/api/v1/credit/rounds/:id/candidates/:merchantId/decision',
      { schema: { tags, params: RoundCandidateParams, body: CandidateDecision, response: { 200: RoundDetail } } },
      async (req) => r.decideCandidate(deps, requireTenant(req.actor, 'credit:decide'), req.params.id, req.params.merchantId, req.body),
    );
    api.post('/api/v1/credit/rounds/:id/finish', { schema: { tags, params: IdParams, response: { 200: RoundDetail } } }, async (req) =>
      r.finishRound(deps, requireTenant(req.actor, 'credit:decide'), req.params.id),
    );

    // every process runs the credit clock each minute; the lease lets one of them work (tests call runCreditClockOnce)
    if (deps.config.env !== 'test') {
      const holder = newId();
      let timer: NodeJS.Timeout | null = null;
      app.addHook('onReady', async () => {
        timer = setInterval(() => {
          runCreditClockOnce(deps, holder).catch((err: unknown) => app.log.warn({ err }, 'credit clock failed'));
        }, 60_000);
        timer.unref();
      });
      app.addHook('onClose', async () => {
        if (timer) clearInterval(timer);
      });
    }
  };
}
