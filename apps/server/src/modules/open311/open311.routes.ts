import {
  OPEN311_CONTENT_TYPES,
  OPEN311_PATH,
  Open311BaseQuery,
  Open311RequestCreate,
  Open311RequestsQuery,
  Open311Settings,
  Open311SettingsUpdate,
  Open311UpdatesQuery,
  type Open311Error,
  type Open311Format,
} from '@tongxin/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { requireTenant } from '../access/index.ts';
import { Open311Failure, parseOr400, unknown } from './open311.errors.ts';
import * as s from './open311.service.ts';
import { toXml } from './open311.xml.ts';

export interface Open311RouteOptions {
  /** POST requests per client address and minute */
  postRateMax?: number;
  /** GETs per client address and minute */
  getRateMax?: number;
}

/** `services.json` → { name: 'services', format: 'json' }; null without one of the two formats. */
function splitFormat(file: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1] as string, format: m[2] as Open311Format } : null;
}

/** The format an answer (errors included) is written in: XML when the path asks for it, else JSON. */
function formatOf(req: FastifyRequest): Open311Format {
  return (req.url.split('?')[0] ?? '').endsWith('.xml') ? 'xml' : 'json';
}

/** Writes a GeoReport answer: the XML root and list item names of the spec, or the same object as JSON. */
function answer(reply: FastifyReply, format: Open311Format, status: number, root: string, item: string | null, body: unknown) {
  return reply
    .status(status)
    .header('content-type', OPEN311_CONTENT_TYPES[format])
    .header('cache-control', 'no-store')
    .header('access-control-allow-origin', '*')
    .send(format === 'json' ? JSON.stringify(body) : toXml(root, item, body));
}

/** Any error as the spec's error list, with the HTTP status as each error's code. */
function errorsOf(err: FastifyError | Error, req: FastifyRequest): { status: number; errors: Open311Error[] } {
  if (err instanceof Open311Failure) return { status: err.status, errors: err.errors };
  if (err instanceof AppError) {
    const fields = Array.isArray(err.details) ? (err.details as { path?: string; message?: string }[]) : [];
    const errors = fields.length
      ? fields.map((f) => ({ code: err.status, description: `${f.path ?? 'request'}: ${f.message ?? err.message}` }))
      : [{ code: err.status, description: err.message }];
    return { status: err.status, errors };
  }
  const status = (err as FastifyError).statusCode ?? 500;
  if (status === 429) return { status, errors: [{ code: 429, description: 'too many requests, slow down' }] };
  if (status === 413 || status === 415)
    return { status, errors: [{ code: status, description: status === 413 ? 'payload too large' : 'send the form as application/x-www-form-urlencoded' }] };
  if (status >= 400 && status < 500) return { status: 400, errors: [{ code: 400, description: err.message.slice(0, 200) }] };
  req.log.error({ err, requestId: String(req.id) }, 'unhandled error in Open311');
  return { status: 500, errors: [{ code: 500, description: 'internal error' }] };
}

/** The POST form with its `attribute[code]` / `attribute[code][]` fields gathered into `attributes`; api_key and jurisdiction_id may also come in the query. */
function formInput(body: unknown, query: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  const q = (query ?? {}) as Record<string, unknown>;
  for (const k of ['api_key', 'jurisdiction_id']) if (typeof q[k] === 'string') out[k] = q[k];
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (m) attributes[m[1] as string] = m[2] ? (Array.isArray(v) ? v : [v]) : Array.isArray(v) ? v[v.length - 1] : v;
    else if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) Object.assign(attributes, v);
    else out[k] = v;
  }
  // repeated plain fields: the last one wins, as most form readers do
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = v[v.length - 1];
  return { ...out, attributes };
}

const meta = (req: FastifyRequest) => ({ requestId: String(req.id), ip: req.ip ?? null });

/** GeoReport v2 at /open311/v2/: its own error format and not-found answers, so it lives in its own plugin. */
function georeport(deps: Deps, opts: Open311RouteOptions) {
  return async function (app: FastifyInstance): Promise<void> {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const { status, errors } = errorsOf(err, req);
      return answer(reply, formatOf(req), status, 'errors', 'error', errors);
    });
    const getLimit = { rateLimit: { max: opts.getRateMax ?? 120, timeWindow: '1 minute' } };
    const hide = { hide: true };

    /** The jurisdiction of a GET, after checking that the caller may read it. */
    const readable = async (req: FastifyRequest) => {
      const q = parseOr400(Open311BaseQuery, req.query);
      const j = await s.jurisdiction(deps, q.jurisdiction_id);
      await s.assertReadable(deps, j, q.api_key, meta(req));
      return j;
    };

    app.get(`${OPEN311_PATH}/:file`, { schema: hide, config: getLimit }, async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f) throw unknown('no such resource');
      const send = (root: string, item: string | null, body: unknown) => answer(reply, f.format, 200, root, item, body);
      switch (f.name) {
        case 'discovery': {
          const q = parseOr400(Open311BaseQuery, req.query);
          return send('discovery', null, await s.discovery(deps, `${req.protocol}://${req.host}`, q.jurisdiction_id));
        }
        case 'services':
          return send('services', 'service', await s.services(deps, await readable(req)));
        case 'requests': {
          const q = parseOr400(Open311RequestsQuery, req.query);
          return send('service_requests', 'request', await s.listRequests(deps, await readable(req), q));
        }
        case 'servicerequestupdates': {
          const q = parseOr400(Open311UpdatesQuery, req.query);
          return send('service_request_updates', 'request_update', await s.listUpdates(deps, await readable(req), q));
        }
        default:
          throw unknown('no such resource');
      }
    });

    app.get(`${OPEN311_PATH}/:collection/:file`, { schema: hide, config: getLimit }, async (req, reply) => {
      const p = req.params as { collection: string; file: string };
      const f = splitFormat(p.file);
      if (!f) throw unknown('no such resource');
      switch (p.collection) {
        case 'services':
          return answer(reply, f.format, 200, 'service_definition', null, await s.serviceDefinition(deps, await readable(req), f.name));
        case 'requests':
          return answer(reply, f.format, 200, 'service_requests', 'request', await s.getRequest(deps, await readable(req), f.name));
        case 'tokens':
          return answer(reply, f.format, 200, 'service_requests', 'request', await s.resolveToken(deps, await readable(req), f.name));
        default:
          throw unknown('no such resource');
      }
    });

    app.post(`${OPEN311_PATH}/:file`, { schema: hide, config: { rateLimit: { max: opts.postRateMax ?? 30, timeWindow: '1 minute' } } }, async (req, reply) => {
      const f = splitFormat((req.params as { file: string }).file);
      if (!f || f.name !== 'requests') throw unknown('no such resource');
      const input = formInput(req.body, req.query);
      // jurisdiction, then the key, then the fields: a client without a valid key learns nothing about the form
      const base = parseOr400(Open311BaseQuery, input);
      const j = await s.jurisdiction(deps, base.jurisdiction_id);
      const actor = await s.postingActor(deps, j, base.api_key, meta(req));
      const body = parseOr400(Open311RequestCreate, input);
      return answer(reply, f.format, 200, 'service_requests', 'request', await s.createRequest(deps, j, actor, body));
    });

    app.all(`${OPEN311_PATH}/*`, { schema: hide }, async () => {
      throw unknown('no such resource');
    });
  };
}

/** The console's Open311 setting of the current alliance (whether public GETs need an api_key). */
function settingsRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['open311'];
    r.get('/api/v1/open311/settings', { schema: { tags, response: { 200: Open311Settings } } }, async (req) =>
      s.getSettings(deps, requireTenant(req.actor, 'apikey:manage')),
    );
    r.put('/api/v1/open311/settings', { schema: { tags, body: Open311SettingsUpdate, response: { 200: Open311Settings } } }, async (req) =>
      s.updateSettings(deps, requireTenant(req.actor, 'apikey:manage'), req.body),
    );
  };
}

/** Routes of Open311 GeoReport v2 at /open311/v2/ and its console setting. */
export function open311Routes(deps: Deps, opts: Open311RouteOptions = {}) {
  return async function (app: FastifyInstance): Promise<void> {
    await app.register(georeport(deps, opts));
    await app.register(settingsRoutes(deps));
  };
}
