import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncoding } from '../src/plugins/compression.ts';
import { setupEnv, type Client, type TestEnv } from './harness.ts';

describe('compressed API answers for phones on mobile networks', () => {
  let env: TestEnv;
  let admin: Client;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('CMP');
    admin = await env.member(A.id, A.roles['联盟管理员'] as string);
  });
  afterAll(async () => env?.close());

  const get = (url: string, encoding?: string) =>
    env.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie ?? '', ...(encoding === undefined ? {} : { 'accept-encoding': encoding }) } });

  it('sends a large JSON list brotli- or gzip-compressed, byte for byte the same JSON, and says it varies', async () => {
    const url = '/api/v1/categories?pageSize=100';
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    expect(plain.headers.vary).toContain('accept-encoding');

    const br = await get(url, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);

    const gz = await get(url, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('leaves small answers, refused encodings, non-GET requests and workbooks as they are', async () => {
    const health = await get('/api/health', 'br');
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toMatchObject({ status: 'ok' });
    const refused = await get('/api/v1/categories?pageSize=100', 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json().items.length).toBeGreaterThan(5);
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: admin.cookie ?? '', 'accept-encoding': 'br' },
      payload: { kind: 'group', name: '压缩测试党小组'.repeat(3) },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-encoding']).toBeUndefined();
    const template = await get('/api/v1/merchants/template', 'br');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-encoding']).toBeUndefined();
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('reads Accept-Encoding as browsers send it', () => {
    expect(acceptedEncoding(undefined)).toBeNull();
    expect(acceptedEncoding('identity')).toBeNull();
    expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(acceptedEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(acceptedEncoding('*')).toBe('gzip');
    expect(acceptedEncoding('BR')).toBe('br');
  });
});
