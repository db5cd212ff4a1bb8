import type { Db } from '../../db/index.ts';
import * as repo from './projects.repo.ts';

/** Weighted mean of children's progress, cancelled children left out; null when no child counts. */
export function weightedProgress(children: Array<{ weight: number; progress: number; status: string }>): number | null {
  const live = children.filter((c) => c.status !== 'cancelled');
  const w = live.reduce((s, c) => s + Number(c.weight), 0);
  if (live.length === 0 || w <= 0) return null;
  return live.reduce((s, c) => s + Number(c.weight) * Number(c.progress), 0) / w;
}

/**
 * Recomputes the progress of every ancestor, nearest first, in the caller's transaction: each parent becomes the
 * weighted mean of its children (so a change at any depth reaches the root). Returns the ids whose progress changed.
 */
export async function rollUp(trx: Db, parentId: string | null, now: number): Promise<string[]> {
  const changed: string[] = [];
  let id = parentId;
  while (id) {
    const p = await trx.selectFrom('projects').select(['parent_id', 'progress']).where('id', '=', id).executeTakeFirstOrThrow();
    const mean = weightedProgress(await repo.children(trx, id));
    if (mean !== null && Math.abs(mean - Number(p.progress)) > 1e-9) {
      await repo.update(trx, id, { progress: mean, updated_at: now });
      changed.push(id);
    }
    id = p.parent_id;
  }
  return changed;
}
