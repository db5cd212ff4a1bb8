import { PublicReportCreate } from '@tongxin/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { sendPublicPage as sendPage } from '../../lib/publicPage.ts';
import { readFileBytes } from '../files/index.ts';
import { pageLang } from '../../lib/pageLang.ts';
import { messagePage, notFoundPage, TRACKING_TEXT, trackingPage } from './public.page.ts';
import { mergedTargetOf } from '../tickets/index.ts';
import { createPublicReport, publicAlliance, rateByToken, ticketByToken, ticketFileIds } from './public.service.ts';

const TokenParams = z.object({ token: z.string().max(200) });
const PhotoParams = TokenParams.extend({ fileId: z.string().max(64) });
const AllianceParams = z.object({ code: z.string().max(16) });
const PublicAlliance = z.object({
  name: z.string(),
  categories: z.array(z.object({ id: z.string(), name: z.string() })),
  grids: z.array(z.object({ id: z.string(), name: z.string(), levelName: z.string() })),
});

/** The rating form as browsers post it (form-encoded strings). */
const RateForm = z.object({
  stars: z.coerce.number().int().min(1).max(5),
  solved: z.enum(['yes', 'no', '1', '0', 'true', 'false']).transform((v) => v === 'yes' || v === '1' || v === 'true'),
  comment: z
    .string()
    .max(500)
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
});

export interface PublicRouteOptions {
  reportRateMax?: number;
  rateRateMax?: number;
  pageRateMax?: number;
}

/** Account-less intake (the H5 report form's API) and the server-rendered tracking page /t/<token>. */
export function publicRoutes(deps: Deps, opts: PublicRouteOptions = {}) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['public'];

    r.get(
      '/api/public/alliances/:code',
      { schema: { tags, params: AllianceParams, response: { 200: PublicAlliance } }, config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
      async (req) => publicAlliance(deps, req.params.code),
    );

    r.post(
      '/api/public/reports',
      {
        schema: { tags, body: PublicReportCreate, response: { 201: z.object({ number: z.string(), trackingUrl: z.string() }) } },
        config: { rateLimit: { max: opts.reportRateMax ?? 5, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const out = await createPublicReport(deps, req.body, { requestId: String(req.id), ip: req.ip ?? null });
        return reply.status(201).send({ number: out.number, trackingUrl: out.trackingUrl });
      },
    );

    const pageLimit = { rateLimit: { max: opts.pageRateMax ?? 60, timeWindow: '1 minute' }, htmlErrors: true };
    // the pages speak the browser's language (lib/pageLang.ts): caches must key them by Accept-Language
    const langOf = (req: FastifyRequest, reply: FastifyReply) => {
      reply.header('vary', 'accept-language');
      return pageLang(req.headers['accept-language']);
    };

    r.get('/t/:token', { schema: { hide: true, params: TokenParams }, config: pageLimit }, async (req, reply) => {
      const lang = langOf(req, reply);
      const ticket = await ticketByToken(deps, req.params.token);
      if (!ticket) return sendPage(reply, 404, notFoundPage(lang));
      const q = req.query as { m?: string };
      const message = q.m === 'rated' ? { text: TRACKING_TEXT[lang].rated, ok: true } : undefined;
      return sendPage(reply, 200, trackingPage({ token: req.params.token, ticket, message, mergedInto: await mergedTargetOf(deps, ticket), lang }));
    });

    r.post(
      '/t/:token/rate',
      { schema: { hide: true, params: TokenParams }, config: { rateLimit: { max: opts.rateRateMax ?? 10, timeWindow: '1 minute' }, htmlErrors: true } },
      async (req, reply) => {
        const { token } = req.params;
        const lang = langOf(req, reply);
        const x = TRACKING_TEXT[lang];
        const ticket = await ticketByToken(deps, token);
        if (!ticket) return sendPage(reply, 404, notFoundPage(lang));
        const form = RateForm.safeParse(req.body ?? {});
        if (!form.success) {
          return sendPage(reply, 400, trackingPage({ token, ticket, message: { text: x.rateInvalid, ok: false }, lang }));
        }
        try {
          await rateByToken(deps, token, form.data, { requestId: String(req.id), ip: req.ip ?? null });
        } catch (err) {
          if (err instanceof AppError && err.status === 404) return sendPage(reply, 404, notFoundPage(lang));
          if (err instanceof AppError && (err.status === 409 || err.status === 400)) {
            const fresh = (await ticketByToken(deps, token)) ?? ticket;
            return sendPage(reply, err.status, trackingPage({ token, ticket: fresh, message: { text: x.rateRefused, ok: false }, lang }));
          }
          throw err;
        }
        return reply.redirect(`/t/${encodeURIComponent(token)}?m=rated`, 303);
      },
    );

    const photo = (variant: 'content' | 'thumb') => async (req: FastifyRequest<{ Params: { token: string; fileId: string } }>, reply: FastifyReply) => {
      const ticket = await ticketByToken(deps, req.params.token);
      const bytes = ticket && ticketFileIds(ticket).has(req.params.fileId) ? await readFileBytes(deps, req.params.fileId, variant) : undefined;
      if (!bytes) {
        const lang = langOf(req, reply);
        return sendPage(reply, 404, messagePage(TRACKING_TEXT[lang].notFoundTitle, TRACKING_TEXT[lang].photoNotFound, lang));
      }
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(bytes);
    };
    r.get('/t/:token/photos/:fileId', { schema: { hide: true, params: PhotoParams }, config: pageLimit }, photo('content'));
    r.get(
      '/t/:token/photos/:fileId/thumb',
      { schema: { hide: true, params: PhotoParams }, config: { rateLimit: { max: 300, timeWindow: '1 minute' } } },
      photo('thumb'),
    );
  };
}
