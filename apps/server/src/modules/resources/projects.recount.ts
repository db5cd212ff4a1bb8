/**
 * What `tongxin recount` re-derives of the projects: a parent's progress and status rolled up from its children
 * (weightedProgress, derivedParentStatus), rewritten by the live roll-up (rollUp) with its timeline events and audit.
 */
import type { ProjectStatus } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Drift, Recounter } from '../../lib/recount.ts';
import { derivedParentStatus, rollUp, weightedProgress } from './projects.rollup.ts';
import * as repo from './projects.repo.ts';

type Node = { id: string; parent_id: string | null; path: string; depth: number; weight: number; progress: number; status: string };

const projectsOf = (db: Db, allianceId: string): Promise<Node[]> =>
  db
    .selectFrom('projects')
    .select(['id', 'parent_id', 'path', 'depth', 'weight', 'progress', 'status'])
    .where('alliance_id', '=', allianceId)
    .orderBy('depth', 'desc')
    .orderBy('id')
    .execute();

const stateText = (progress: number, status: string) => `progress ${Math.round(progress * 100) / 100}, status ${status}`;

/**
 * projects.progress / status of every project with children that count. A project whose children are all cancelled
 * or gone takes back its own last reported state, which only its timeline tells: the roll-up does that when it happens.
 */
export const projectRecounter: Recounter = {
  name: 'projects.progress/status',
  async check(_deps, db, allianceId) {
    const all = await projectsOf(db, allianceId);
    const kids = new Map<string, Node[]>();
    for (const p of all) if (p.parent_id) kids.set(p.parent_id, [...(kids.get(p.parent_id) ?? []), p]);
    const out: Drift[] = [];
    for (const p of all) {
      const children = kids.get(p.id);
      const mean = children ? weightedProgress(children) : null;
      if (!children || mean === null) continue;
      const to = derivedParentStatus(p.status as ProjectStatus, children, mean) ?? p.status;
      if (Math.abs(mean - Number(p.progress)) > 1e-9 || to !== p.status)
        out.push({ id: p.id, stored: stateText(Number(p.progress), p.status), derived: stateText(mean, to) });
    }
    return out;
  },
  async fix(deps, trx, drifts, actor) {
    const wanted = new Set(drifts.map((d) => d.id));
    // deepest first: a parent's roll-up then reads children already right
    for (const p of await projectsOf(trx, actor.allianceId)) {
      if (!wanted.has(p.id)) continue;
      await repo.lockTree(trx, deps.dbKind, p.path);
      await rollUp(trx, p.id, deps.clock.now(), { deps, a: actor });
    }
  },
};
