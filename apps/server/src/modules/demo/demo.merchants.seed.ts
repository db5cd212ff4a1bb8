import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import type { DemoAlliance } from './demo.data.ts';
import type { Created } from './demo.seed.ts';

/** Seeds registered merchants (with operators, contacts, monitoring points) of one demo alliance; returns a line for the seed log. */
export async function seedDemoMerchants(_app: FastifyInstance, _deps: Deps, a: DemoAlliance, _c: Created): Promise<string> {
  return `demo: ${a.code}: merchants — nothing yet`;
}
