// The built web apps as the server serves them: console at /, H5 at /h5/, deep links falling back to their
// index.html, the icon (also at /favicon.ico, which browsers ask for on the public pages), and unknown files as 404.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tx-web-'));
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="8"/></svg>';
let app: FastifyInstance;

beforeAll(async () => {
  const web = join(dir, 'web');
  mkdirSync(join(web, 'h5'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(web, 'h5', 'index.html'), '<!doctype html><title>h5</title>');
  writeFileSync(join(web, 'favicon.svg'), ICON);
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
});
