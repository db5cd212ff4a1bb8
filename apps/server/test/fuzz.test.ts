import { it } from 'vitest';
import { setupEnv } from './harness.ts';
import { seedDemo } from '../src/modules/demo/index.ts';
it('scratch', async () => {
  const env = await setupEnv();
  console.log(env.app.printRoutes({ commonPrefix: false }));
  const t = Date.now();
  await seedDemo(env.app, env.deps, () => {});
  console.log('seed ms', Date.now() - t);
  await env.close();
}, 300000);
