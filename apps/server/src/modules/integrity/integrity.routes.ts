import multipart from '@fastify/multipart';
import {
  IdParams,
  IntegritySettings,
  IntegritySettingsUpdate,
  MerchantCard,
  MerchantLookupQuery,
  MonitoringFeedback,
  MonitoringFeedbackCreate,
  MonitoringPoint,
  PageQuery,
  PosterBatchQuery,
  PublicComplaintForm,
  UnitOption,
  listOf,
} from '@tongxin/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import { AppError, invalidField } from '../../lib/errors.ts';
import type { SafeHtml } from '../../lib/html.ts';
import type { RawRoutes } from '../../lib/rawRoutes.ts';
import { requireTenant } from '../access/index.ts';
import { MAX_FILE_BYTES } from '../files/index.ts';
import { complaintDonePage, INTEGRITY_TEXT, merchantPage, unknownMerchantPage } from './integrity.page.ts';
import { posterDocument, reportPosterDocument } from './integrity.poster.ts';
import { rawIntegrityPage } from './integrity.raw.ts';
import { openPageReader } from './integrity.repo.ts';
import * as svc from './integrity.service.ts';
import { PAGE_CSP } from '../../lib/publicPage.ts';
import { pageLang, type PageLang } from '../../lib/pageLang.ts';

/** Posters: inline styles and inline SVG, no script. */
const POSTER_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** Headers of the server-rendered pages (over the security headers every response gets): their own CSP; always revalidated, so a deduction shows at once. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-dns-prefetch-control': 'off',
};

/** The merchant page's headers: it speaks the browser's language (lib/pageLang.ts), so caches key it by Accept-Language. */
const MERCHANT_PAGE_HEADERS = { ...PAGE_HEADERS, vary: 'accept-language' };

function sendPage(reply: FastifyReply, status: number, page: SafeHtml, csp = PAGE_CSP) {
  return reply
    .status(status)
    .headers(PAGE_HEADERS)
    .header('content-security-policy', csp)
    .header('x-frame-options', csp === POSTER_CSP ? 'SAMEORIGIN' : 'DENY')
    .send(page.value);
}

export interface IntegrityRouteOptions {
  /** complaints per IP per minute from the public page */
  complaintRateMax?: number;
  /** where a listening server serves GET /m/<code> before Fastify */
  raw?: RawRoutes;
}

const CodeParams = z.object({ code: z.string().max(100) });

/** The complaint form's fields and its optional photo, from form-encoded or multipart bodies. */
async function readComplaint(req: FastifyRequest): Promise<{ fields: Record<string, string>; photo: Buffer | null }> {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const k of ['description', 'phone', 'consent']) if (typeof body[k] === 'string') fields[k] = body[k] as string;
    return { fields, photo: null };
  }
  const fields: Record<string, string> = {};
  let photo: Buffer | null = null;
  for await (const part of req.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10, parts: 20 } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.fieldname === 'photo' && bytes.length > 0) photo = bytes;
    } else if (typeof part.value === 'string') {
      // PostgreSQL text cannot hold U+0000 (the insert failed with 500); the caller answers a malformed form with 400
      if (part.value.includes('\u0000')) throw new Error('malformed form: NUL character');
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, photo };
}

/** The page text (INTEGRITY_TEXT) of a refused field's issue. */
const FORM_MESSAGES: Record<string, 'consentRequired' | 'invalidPhone'> = {
  consent_required: 'consentRequired',
  invalid_phone: 'invalidPhone',
};

/** A refused complaint's fields as the form shows them again: the text, the phone as typed, the consent box. */
function sentBack(fields: Record<string, string>) {
  return { description: (fields.description ?? '').slice(0, 1000), phone: (fields.phone ?? '').slice(0, 24), consent: !!fields.consent };
}

/** Routes of the public integrity page /m/<code>, QR posters, monitoring-point feedback and the inspector's lookup. */
export function integrityRoutes(deps: Deps, opts: IntegrityRouteOptions = {}) {
  return async function (app: FastifyInstance): Promise<void> {
    // encapsulated: the multipart parser serves only the complaint form here
    await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1 }, throwFileSizeLimit: true });
    const reader = openPageReader(deps);
    app.addHook('onClose', async () => reader.close());
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['integrity'];

    // ---- the public page: no session, no rate limit on reading (one indexed row, or the cache), strict CSP.
    // The hottest public route: its headers are one constant object.
    const notFoundHtml: Record<PageLang, Buffer> = { zh: Buffer.from(unknownMerchantPage('zh').value), en: Buffer.from(unknownMerchantPage('en').value) };
    opts.raw?.add('/m/', rawIntegrityPage(deps, reader, MERCHANT_PAGE_HEADERS, notFoundHtml));
    // not compressed: a listening server answers from the raw handler, uncompressed, and both answer the same bytes
    app.get('/m/:code', { schema: { hide: true }, config: { compress: false } }, async (req, reply) => {
      const lang = pageLang(req.headers['accept-language']);
      const body = await svc.publicPageHtml(deps, reader, (req.params as { code: string }).code, lang);
      return reply
        .status(body === null ? 404 : 200)
        .headers(MERCHANT_PAGE_HEADERS)
        .send(body ?? notFoundHtml[lang]);
    });

    r.post(
      '/m/:code/complaint',
      { schema: { hide: true, params: CodeParams }, config: { rateLimit: { max: opts.complaintRateMax ?? 5, timeWindow: '1 minute' }, htmlErrors: true } },
      async (req, reply) => {
        const lang = pageLang(req.headers['accept-language']);
        const x = INTEGRITY_TEXT[lang];
        reply.header('vary', 'accept-language');
        const v = await svc.pageView(deps, reader, req.params.code);
        if (!v || !v.operating) return sendPage(reply, 404, unknownMerchantPage(lang));
        let input: { fields: Record<string, string>; photo: Buffer | null };
        try {
          input = await readComplaint(req);
        } catch (err) {
          const tooBig = err instanceof Error && /too large|limit/i.test(err.message);
          return sendPage(reply, tooBig ? 413 : 400, merchantPage(v, { description: '', message: { text: x.badForm, ok: false } }, lang));
        }
        const form = PublicComplaintForm.safeParse(input.fields);
        if (!form.success) {
          const issue = form.error.issues[0];
          const key = issue && FORM_MESSAGES[issue.message];
          const text = key ? x[key] : x.descriptionRequired;
          return sendPage(reply, 400, merchantPage(v, { ...sentBack(input.fields), message: { text, ok: false } }, lang));
        }
        try {
          const out = await svc.fileComplaint(deps, v.row, form.data, input.photo, { requestId: String(req.id), ip: req.ip ?? null });
          return sendPage(reply, 201, complaintDonePage(v.name, out.number, out.trackingUrl, lang));
        } catch (err) {
          if (err instanceof AppError && (err.status === 413 || err.status === 415 || err.status === 400)) {
            const text = err.status === 400 ? x.badContent : x.badPhoto;
            return sendPage(reply, err.status, merchantPage(v, { ...sentBack(input.fields), message: { text, ok: false } }, lang));
          }
          throw err;
        }
      },
    );

    // ---- QR posters (A5 print view), behind a session with merchant:read, within the data scope
    // without PUBLIC_BASE_URL the printed QR codes point at the host the request came to: only a plain host name or
    // address with an optional port, never whatever a client puts in Host (a long one overflowed the QR code: 500)
    const base = (req: FastifyRequest) => {
      if (deps.config.publicBaseUrl) return deps.config.publicBaseUrl;
      if (!/^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(req.host) || req.host.length > 255)
        throw invalidField('host', 'invalid_host', 'the Host header is not a host name: set PUBLIC_BASE_URL for printed QR codes');
      return `${req.protocol}://${req.host}`;
    };
    r.get('/api/v1/integrity/posters/:id', { schema: { tags, params: IdParams, produces: ['text/html'] } }, async (req, reply) => {
      const a = requireTenant(req.actor, 'merchant:read');
      const p = await svc.posterOf(deps, a, req.params.id, base(req));
      return sendPage(reply, 200, await posterDocument(p.title, p.items), POSTER_CSP);
    });
    // the committee's poster of the public report form, for residents and riders to scan
    r.get('/api/v1/integrity/report-poster', { schema: { tags, produces: ['text/html'] } }, async (req, reply) => {
      const a = requireTenant(req.actor, 'ticket:dispatch');
      const p = await svc.reportPosterOf(deps, a, base(req));
      return sendPage(reply, 200, await reportPosterDocument(p.allianceName, p.url), POSTER_CSP);
    });
    r.get('/api/v1/integrity/posters', { schema: { tags, querystring: PosterBatchQuery, produces: ['text/html'] } }, async (req, reply) => {
      const a = requireTenant(req.actor, 'merchant:read');
      const p = await svc.postersOfGrid(deps, a, req.query.gridId, base(req));
      return sendPage(reply, 200, await posterDocument(p.title, p.items), POSTER_CSP);
    });

    // ---- the inspector's lookup (H5): by name, credit code, public code or the QR's URL
    r.get(
      '/api/v1/integrity/merchants',
      { schema: { tags, querystring: MerchantLookupQuery, response: { 200: z.object({ items: z.array(MerchantCard) }) } } },
      async (req) => svc.lookupMerchants(deps, requireTenant(req.actor, 'merchant:read'), req.query.q),
    );
    r.get('/api/v1/integrity/merchants/:id', { schema: { tags, params: IdParams, response: { 200: MerchantCard } } }, async (req) =>
      svc.merchantCard(deps, requireTenant(req.actor, 'merchant:read'), req.params.id),
    );

    // ---- the designated contact for confidential conduct feedback
    r.get('/api/v1/integrity/settings', { schema: { tags, response: { 200: IntegritySettings } } }, async (req) =>
      svc.getSettings(deps, requireTenant(req.actor, 'alliance:read')),
    );
    r.put('/api/v1/integrity/settings', { schema: { tags, body: IntegritySettingsUpdate, response: { 200: IntegritySettings } } }, async (req) =>
      svc.updateSettings(deps, requireTenant(req.actor, 'alliance:write'), req.body.confidentialContactUserId),
    );

    // ---- 营商环境监测点: the liaison's points, units to name, feedback and their own list
    r.get('/api/v1/integrity/monitoring-points', { schema: { tags, response: { 200: z.object({ items: z.array(MonitoringPoint) }) } } }, async (req) =>
      svc.myMonitoringPoints(deps, requireTenant(req.actor, 'ticket:create')),
    );
    r.get('/api/v1/integrity/units', { schema: { tags, response: { 200: z.object({ items: z.array(UnitOption) }) } } }, async (req) =>
      svc.feedbackUnits(deps, requireTenant(req.actor, 'ticket:create')),
    );
    r.post('/api/v1/integrity/feedback', { schema: { tags, body: MonitoringFeedbackCreate, response: { 201: MonitoringFeedback } } }, async (req, reply) => {
      const out = await svc.fileFeedback(deps, requireTenant(req.actor, 'ticket:create'), req.body);
      return reply.status(201).send(out);
    });
    r.get('/api/v1/integrity/feedback', { schema: { tags, querystring: PageQuery, response: { 200: listOf(MonitoringFeedback) } } }, async (req) =>
      svc.myFeedback(deps, requireTenant(req.actor, 'ticket:create'), req.query),
    );
  };
}
