import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import type { DemoAlliance } from './demo.data.ts';
import type { Created } from './demo.seed.ts';

/** Seeds webhook settings of a unit (inbox entries follow from the tickets) of one demo alliance; returns a line for the seed log. */
export async function seedDemoNotifications(_app: FastifyInstance, _deps: Deps, a: DemoAlliance, _c: Created): Promise<string> {
  return `demo: ${a.code}: notifications — nothing yet`;
}
