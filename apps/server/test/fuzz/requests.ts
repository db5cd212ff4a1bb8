import { TICKET_ACTIONS } from '@tongxin/domain';
import type { LightMyRequestResponse } from 'fastify';
import type { Prng } from './prng.ts';
import type { JsonSchema, RouteInfo } from './routes.ts';
import { CONTENT_TYPES, NASTY_STRINGS, fromSchema, idValue, mutate, nastyHeaders, nastyScalar, queryString, rawJson } from './values.ts';
import type { Actor, World } from './world.ts';
import { multipart } from './multipart.ts';

/** One request of the fuzz, replayable from its description. */
export interface FuzzRequest {
  actor: Actor['name'] | 'apiKey';
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress: string;
}

/** What the generator reads from the OpenAPI document. */
export interface Docs {
  bodies: Map<string, JsonSchema>;
  queries: Map<string, string[]>;
}

const MULTIPART_ROUTES = new Set(['/api/v1/files', '/api/public/files', '/api/v1/merchants/import', '/m/:code/complaint']);
const GRID_ROLES = ['grid_officer', 'center_household', 'building_leader', 'x', ''];

/** A value for one path parameter: pooled ids, tokens and codes of both alliances, or garbage. */
function paramValue(rng: Prng, world: World, name: string): string {
  const garbage = () => {
    const s = String(rng.pick(NASTY_STRINGS));
    return rng.chance(0.2) ? 'x'.repeat(rng.pick([101, 500, 5000])) : s;
  };
  const from = (pool: { own: string[]; foreign: string[] }) => {
    const r = rng.next();
    if (r < 0.4 && pool.own.length) return rng.pick(pool.own);
    if (r < 0.75 && pool.foreign.length) return rng.pick(pool.foreign);
    return garbage();
  };
  let v: string;
  switch (name) {
    case 'token':
      v = from(world.tokens);
      break;
    case 'code':
      v = rng.chance(0.3) ? rng.pick([world.alliances.A.code, world.alliances.B.code, 'hhx', 'ZZZ']) : from(world.merchantCodes);
      break;
    case 'action':
      v = rng.chance(0.7) ? rng.pick(TICKET_ACTIONS) : garbage();
      break;
    case 'role':
      v = rng.pick(GRID_ROLES);
      break;
    case 'date':
      v = rng.pick(['2026-10-01', '2026-02-30', '2026-13-01', '0000-00-00', '99999-01-01', garbage()]);
      break;
    case 'file':
      v = rng.pick(['discovery.json', 'services.xml', 'requests.json', 'requests.xml', 'servicerequestupdates.json', 'requests', 'x.yaml', '.json', garbage()]);
      break;
    case 'collection':
      v = rng.pick(['services', 'requests', 'tokens', garbage()]);
      break;
    case '*':
      v = rng.pick(['a/b/c', '..%2f..%2fetc%2fpasswd', '%00', 'x'.repeat(2000), 'index.html', '']);
      return v;
    default:
      v = rng.chance(0.85) ? idValue(rng, world.pools) : garbage();
  }
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, percent-encoded by hand
  }
}

/** A small random multipart body for an upload or complaint route (the heavy files are sent by the fixed corpus). */
function smallMultipart(rng: Prng): { payload: Buffer; contentType: string } {
  const parts = [] as Parameters<typeof multipart>[0];
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    const isFile = rng.chance(0.5);
    parts.push({
      name: rng.pick(['file', 'photo', 'description', 'contact', 'consent', '__proto__', 'x'.repeat(300), '']),
      value: isFile ? Buffer.from(rng.pick(['\xff\xd8\xff\xe0garbage', '\x89PNG\r\n\x1a\nxx', 'PK\x03\x04', 'hello']), 'latin1') : String(nastyScalar(rng)),
      ...(isFile ? { filename: rng.pick(['a.jpg', 'b.png', 'c.xlsx', '', '../x']), contentType: rng.pick(['image/jpeg', 'text/plain', '']) } : {}),
    });
  }
  return multipart(parts, rng.chance(0.2) ? { truncate: rng.next() } : {});
}

/** A form-encoded body: Open311 requests, the rating form, or random fields. */
function formBody(rng: Prng, world: World, route: RouteInfo): string {
  const fields: Array<[string, string]> = [];
  if (route.path.startsWith('/open311')) {
    if (rng.chance(0.7)) fields.push(['jurisdiction_id', rng.pick([world.alliances.A.code, world.alliances.B.code, 'nope', String(rng.pick(NASTY_STRINGS))])]);
    if (rng.chance(0.6)) fields.push(['api_key', rng.chance(0.6) ? world.apiKeyA : String(rng.pick(NASTY_STRINGS))]);
    if (rng.chance(0.8)) fields.push(['service_code', rng.pick(['1', 'a', '', 'x'.repeat(30)])]);
    if (rng.chance(0.8)) fields.push(['description', rng.chance(0.8) ? '店门口垃圾堆积' : String(nastyScalar(rng))]);
    for (const k of ['lat', 'long']) if (rng.chance(0.5)) fields.push([k, String(rng.pick(['29.3', '999', 'NaN', '-Infinity', '1e308', '', 'abc']))]);
    if (rng.chance(0.3))
      fields.push([rng.pick(['attribute[x]', 'attribute[]', 'attribute[__proto__]', 'attribute', 'attribute[a][b]']), String(nastyScalar(rng))]);
    if (rng.chance(0.2)) fields.push(['email', rng.pick(['a@b.c', 'x', '@'])], ['phone', rng.pick(['13800138000', '123', ''])]);
    if (rng.chance(0.2)) fields.push(['media_url', rng.pick(['javascript:alert(1)', 'http://x/' + 'a'.repeat(2000), 'ftp://x'])]);
  } else {
    fields.push(['stars', rng.pick(['1', '5', '0', '6', 'NaN', '', '1e9'])], ['solved', rng.pick(['yes', 'no', 'maybe', ''])]);
    if (rng.chance(0.5)) fields.push(['comment', String(nastyScalar(rng))]);
    if (rng.chance(0.3)) fields.push(['description', String(nastyScalar(rng))], ['consent', rng.pick(['on', 'true', ''])]);
  }
  const reps = rng.chance(0.1) ? fields.flatMap((f) => [f, f]) : fields;
  return reps.map(([k, v]) => `${encodeURIComponent(k)}=${safe(v)}`).join('&');
}

function safe(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

/** A random, mostly malformed request to one route by one caller. */
export function makeRequest(rng: Prng, world: World, docs: Docs, route: RouteInfo): FuzzRequest {
  const isPublic = !route.path.startsWith('/api/v1/');
  const actorRoll = rng.next();
  const actor: FuzzRequest['actor'] = isPublic
    ? actorRoll < 0.8
      ? 'anon'
      : 'adminA'
    : actorRoll < 0.2
      ? 'anon'
      : actorRoll < 0.65
        ? 'adminA'
        : actorRoll < 0.92
          ? 'lowA'
          : 'apiKey';
  const headers: Record<string, string> = {};
  if (actor === 'apiKey') headers['x-api-key'] = world.apiKeyA;
  else if (actor !== 'anon') headers.cookie = world.actors[actor].client.cookie ?? '';

  let path = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => paramValue(rng, world, name));
  path = path.replace(/\*$/, () => paramValue(rng, world, '*'));
  const key = `${route.method} ${route.path}`;
  const query = rng.chance(0.45) ? queryString(rng, docs.queries.get(key) ?? [], world.pools) : '';
  if (query) path += `?${query}`;
  if (rng.chance(0.25)) Object.assign(headers, nastyHeaders(rng));

  let payload: string | Buffer | undefined;
  if (route.method !== 'GET' && route.method !== 'HEAD') {
    const roll = rng.next();
    if (MULTIPART_ROUTES.has(route.path) && roll < 0.6) {
      const mp = smallMultipart(rng);
      payload = mp.payload;
      headers['content-type'] = rng.chance(0.15) ? 'multipart/form-data' : mp.contentType;
    } else if ((route.path.startsWith('/open311') || route.path.endsWith('/rate') || route.path.endsWith('/complaint')) && roll < 0.8) {
      payload = formBody(rng, world, route);
      headers['content-type'] = rng.chance(0.9) ? 'application/x-www-form-urlencoded' : rng.pick(CONTENT_TYPES);
    } else {
      const base = fromSchema(rng, docs.bodies.get(key), world.pools);
      const r = rng.next();
      if (r < 0.6) payload = JSON.stringify(mutate(rng, base)) ?? 'null';
      else if (r < 0.85) payload = rawJson(rng, base);
      else payload = JSON.stringify(base ?? {}) ?? '{}';
      headers['content-type'] = rng.chance(0.8) ? 'application/json' : rng.pick(CONTENT_TYPES);
    }
  }
  // most requests come from their own address so the per-IP rate limits do not answer everything with 429
  const remoteAddress = rng.chance(0.9) ? `10.${rng.int(250)}.${rng.int(250)}.${1 + rng.int(250)}` : '127.0.0.1';
  return { actor, method: route.method, url: path, headers, ...(payload === undefined ? {} : { payload }), remoteAddress };
}

/** The request as one line for a failure report (bodies cut short). */
export function describe(req: FuzzRequest): string {
  const body =
    req.payload === undefined
      ? ''
      : ` body=${JSON.stringify(String(req.payload).slice(0, 300))}${String(req.payload).length > 300 ? `…(${req.payload.length} bytes)` : ''}`;
  const headers = Object.entries(req.headers)
    .filter(([k]) => k !== 'cookie' || !/^tx_session=[A-Za-z0-9_-]{20,80}$/.test(req.headers.cookie ?? ''))
    .map(([k, v]) => `${k}=${JSON.stringify(v.slice(0, 80))}`)
    .join(' ');
  return `[${req.actor}] ${req.method} ${req.url.slice(0, 300)} ${headers}${body}`;
}

/** Sends one request; a request not answered within `timeoutMs` is reported as a hang. */
export async function send(world: World, req: FuzzRequest, timeoutMs: number): Promise<LightMyRequestResponse | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([
      world.env.app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers,
        remoteAddress: req.remoteAddress,
        ...(req.payload === undefined ? {} : { payload: req.payload }),
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
