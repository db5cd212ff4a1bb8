import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import type { DemoAlliance } from './demo.data.ts';
import type { Created } from './demo.seed.ts';

/** Seeds credit ledgers, flags, stars, plaques, an evaluation round, promises and an objection of one demo alliance; returns a line for the seed log. */
export async function seedDemoCredit(_app: FastifyInstance, _deps: Deps, a: DemoAlliance, _c: Created): Promise<string> {
  return `demo: ${a.code}: credit — nothing yet`;
}
