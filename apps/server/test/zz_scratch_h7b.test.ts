import { it } from 'vitest';
import { setupEnv } from './harness.ts';
import { buildApp } from '../src/app.ts';
import { multipart, realJpeg } from './fuzz/multipart.ts';
import { listRoutes } from './fuzz/routes.ts';
it('scratch', async () => {
  const env = await setupEnv();
  console.log(listRoutes(env.app).filter((r) => r.path.includes('open311')));
  const { app } = await buildApp({ config: { ...env.config, logLevel: 'error' }, clock: env.clock, handle: env.handle });
  await app.ready();
  const jpeg = await realJpeg();
  const good = [{ name: 'file', value: jpeg, filename: 'a.jpg', contentType: 'image/jpeg' }];
  for (const [payload, ct] of [[multipart(good).payload, 'multipart/form-data'], [multipart(good, { truncate: 0.5 }).payload, multipart(good).contentType]] as const) {
    const r = await app.inject({ method: 'POST', url: '/api/public/files', headers: { 'content-type': ct }, payload });
    console.log(r.statusCode, r.body);
  }
  await app.close();
  await env.close();
}, 300000);
