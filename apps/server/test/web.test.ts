// The built web apps as the server serves them: console at /, H5 at /h5/, deep links falling back to their
// index.html, the icon (also at /favicon.ico, which browsers ask for on the public pages), unknown files as 404, and the
// build's precompressed copies sent to browsers that accept them.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { precompressDir } from '../../web/build/precompress.ts';

const dir = mkdtempSync(join(tmpdir(), 'tx-web-'));
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="8"/></svg>';
// an entry script as the build names it (content hash in the name), big enough to be worth compressing
const SCRIPT = Array.from({ length: 300 }, (_, i) => `export const label${i} = '工单第${i}条：已派单，承办单位办理中';`).join('\n');
const web = join(dir, 'web');
let app: FastifyInstance;

beforeAll(async () => {
  mkdirSync(join(web, 'h5'), { recursive: true });
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(web, 'h5', 'index.html'), '<!doctype html><title>h5</title>');
  writeFileSync(join(web, 'favicon.svg'), ICON);
  writeFileSync(join(web, 'assets', 'console-AbC123xy.js'), SCRIPT);
  await precompressDir(web);
  const config = loadConfig({
    NODE_ENV: 'test',
    TONGXIN_SECRET: 'web-test-secret-web-test-secret-0123456',
    LOG_LEVEL: 'silent',
    DATA_DIR: join(dir, 'data'),
    WEB_DIST: web,
  });
  ({ app } = await buildApp({ config, logger: false, slaClock: false, notifications: false }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('web apps', () => {
  it('serves the console and the H5 app, deep links included', async () => {
    expect((await app.inject({ method: 'GET', url: '/' })).body).toContain('console');
    expect((await app.inject({ method: 'GET', url: '/tickets?status=accepted' })).body).toContain('console');
    expect((await app.inject({ method: 'GET', url: '/h5/' })).body).toContain('h5');
    expect((await app.inject({ method: 'GET', url: '/h5/tickets/work' })).body).toContain('h5');
  });

  it('serves the icon at /favicon.svg and at /favicon.ico', async () => {
    for (const url of ['/favicon.svg', '/favicon.ico']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/^image\/svg\+xml/);
      expect(r.body, url).toBe(ICON);
    }
  });

  it('answers 404 for a missing file instead of the app', async () => {
    const r = await app.inject({ method: 'GET', url: '/robots-missing.txt' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });

  it('sends the brotli or gzip copy the build made to a browser that accepts it, and keeps hashed files for good', async () => {
    const url = '/assets/console-AbC123xy.js';
    const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 3);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);

    const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);

    const plain = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves files under 1 KB uncompressed and lets the browser revalidate files outside assets/', async () => {
    expect(existsSync(join(web, 'favicon.svg.br'))).toBe(false);
    const r = await app.inject({ method: 'GET', url: '/favicon.svg', headers: { 'accept-encoding': 'gzip, br' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-cache');
  });
});
