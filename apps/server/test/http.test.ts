import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CLIENT_HEADER } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { Client, setupEnv, type TestEnv } from './harness.ts';

/** An error answer: the `{error:{code,message},requestId}` envelope whose requestId is the x-request-id header. */
function expectError(r: LightMyRequestResponse, status: number, code: string) {
  expect(r.statusCode, r.body).toBe(status);
  const body = r.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId.length).toBeGreaterThan(0);
  expect(r.headers['x-request-id']).toBe(body.requestId);
  return body as { error: { code: string; message: string; details?: unknown }; requestId: string };
}

describe('HTTP contract', () => {
  let env: TestEnv;
  /** the real app plus one route that throws, on the same database */
  let boom: FastifyInstance;

  beforeAll(async () => {
    env = await setupEnv();
    ({ app: boom } = await buildApp({ config: env.config, clock: env.clock, handle: env.handle, logger: false }));
    // routes must be added before ready(); this one fails the way a bug in a handler would
    boom.get('/api/v1/test-boom', async () => {
      throw new Error('secret detail');
    });
    await boom.ready();
  });
  afterAll(async () => {
    await boom?.close();
    await env?.close();
  });

  it('serves the OpenAPI UI at /docs and a document listing the API paths at /docs/json', async () => {
    const ui = await env.anon.get('/docs');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const doc = await env.anon.get('/docs/json');
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toContain('/api/v1/orgs');
    // a wall screen's reads name the display link's scheme (Authorization: Display <token>) for API clients
    expect(spec.components.securitySchemes.display).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    expect(spec.paths['/api/v1/display/overview'].get.security).toEqual([{ display: [] }]);
  });

  it('answers an unknown route with 404 NOT_FOUND and a request id', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/no-such-route'],
      ['POST', '/api/v1/no-such-route'],
      ['DELETE', '/api/nothing/here'],
    ] as const) {
      const r = await env.anon.req(method, url, method === 'POST' ? {} : undefined);
      expectError(r, 404, 'NOT_FOUND');
    }
  });

  it('answers an unexpected exception with 500 INTERNAL, leaking neither its message nor its stack', async () => {
    const r = await boom.inject({ method: 'GET', url: '/api/v1/test-boom' });
    const body = expectError(r, 500, 'INTERNAL');
    expect(body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' }, requestId: body.requestId });
    expect(r.body).not.toContain('secret detail');
    expect(r.body).not.toContain('Error');
    expect(r.body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.body).not.toContain('stack');
    // the rest of that app still works
    expect((await boom.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('refuses a JSON body over 1 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(1.5 * 1024 * 1024) });
    expect(big.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big });
    expectError(r, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a body of another media type on a JSON route with 415', async () => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/xml' },
      payload: '<login><username>x</username></login>',
    });
    expectError(r, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const authed = await env.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { 'content-type': 'text/xml', cookie: env.city.cookie ?? '' },
      payload: '<org/>',
    });
    expectError(authed, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a cookie-authenticated write sent by a page of another origin (CSRF), and writes nothing', async () => {
    const A = await env.alliance('CSR');
    const staff = await env.member(A.id, A.roles['党委工作人员'] as string);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const send = (method: string, headers: Record<string, string>, payload: string) =>
      env.app.inject({ method: method as 'POST', url: '/api/v1/units', headers: { cookie: staff.cookie as string, ...headers }, payload });
    const refused: Array<[string, Record<string, string>]> = [
      // the browser says so (HTTPS, localhost): whatever the request
      ['POST', { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }],
      ['POST', { 'sec-fetch-site': 'same-site', origin: 'http://admin.localhost', ...form }],
      // plain HTTP (no Sec-Fetch-Site): a form's post from a page of another origin or port
      ['POST', { origin: 'http://evil.example', ...form }],
      ['POST', { origin: 'http://localhost:9999', 'content-type': 'text/plain' }],
      ['POST', { origin: 'null', 'content-type': 'multipart/form-data; boundary=x' }],
    ];
    for (const [method, headers] of refused) {
      const r = await send(method, headers, 'kind=social_org&name=x');
      expect(expectError(r, 403, 'FORBIDDEN').error.details, JSON.stringify(headers)).toEqual({ reason: 'cross_origin' });
    }
    expect((await staff.ok('GET', '/api/v1/units')).total).toBe(0);
    const json = (name: string) => JSON.stringify({ kind: 'social_org', name });
    // our own pages: Sec-Fetch-Site same-origin; behind a proxy that hides the host on plain HTTP, a JSON body or our
    // apps' header (neither can another page send without a preflight, which is never granted); clients that are no
    // browser send neither Origin nor Sec-Fetch-Site
    const served: Array<[Record<string, string>, string]> = [
      [{ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80', 'content-type': 'application/json' }, '同源单位'],
      [{ origin: 'https://tongxin.example.gov.cn', 'content-type': 'application/json' }, '代理后的单位'],
      [{ origin: 'https://tongxin.example.gov.cn', [CLIENT_HEADER]: '1', 'content-type': 'application/json' }, '带客户端标记的单位'],
      [{ origin: 'http://localhost:80', 'content-type': 'application/json' }, '同主机单位'],
      [{ 'content-type': 'application/json' }, '脚本客户端单位'],
    ];
    for (const [headers, name] of served) expect((await send('POST', headers, json(name))).statusCode, JSON.stringify(headers)).toBe(201);
    expect((await new Client(env.app, staff.cookie, { origin: 'http://evil.example' }).get('/api/v1/units')).statusCode).toBe(200);
  });

  it('tells a page whether someone is signed in: /auth/session is /me for a session and 200 null without one', async () => {
    const anon = await env.anon.get('/api/v1/auth/session');
    expect(anon.statusCode, anon.body).toBe(200);
    expect(anon.json()).toBeNull();
    const me = await env.city.ok('GET', '/api/v1/me');
    expect(await env.city.ok('GET', '/api/v1/auth/session')).toEqual(me);
  });

  it('sends security headers and a request id on every response', async () => {
    const r = await env.anon.get('/api/health');
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-request-id']).toEqual(expect.any(String));
    // ids are per request
    const again = await env.anon.get('/api/health');
    expect(again.headers['x-request-id']).toEqual(expect.any(String));
    expect(again.headers['x-request-id']).not.toBe(r.headers['x-request-id']);
    // successes and failures alike; an error's body names the same id as its header
    for (const [res, status] of [
      [await env.anon.get('/docs/json'), 200],
      [await env.city.get('/api/v1/me'), 200],
      [await env.anon.post('/api/v1/auth/login', { username: 'nobody', password: 'wrong' }), 401],
      [await env.anon.get('/api/v1/orgs'), 401],
    ] as const) {
      expect(res.statusCode, res.body.slice(0, 120)).toBe(status);
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      if (status !== 200) expect(res.json().requestId).toBe(res.headers['x-request-id']);
    }
    expectError(await env.anon.get('/api/v1/orgs'), 401, 'UNAUTHENTICATED');
  });
});
