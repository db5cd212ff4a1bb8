import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import type { DemoAlliance } from './demo.data.ts';
import type { Created } from './demo.seed.ts';

/** Seeds the 资源清单 and 项目清单 with progress, and an adoption of one demo alliance; returns a line for the seed log. */
export async function seedDemoResources(_app: FastifyInstance, _deps: Deps, a: DemoAlliance, _c: Created): Promise<string> {
  return `demo: ${a.code}: resources — nothing yet`;
}
