import type { ProjectAutoNote, ProjectStatus } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './projects.repo.ts';

type Child = { weight: number; progress: number; status: string };

/** Weighted mean of children's progress, cancelled children left out; null when no child counts. */
export function weightedProgress(children: Child[]): number | null {
  const live = children.filter((c) => c.status !== 'cancelled');
  const w = live.reduce((s, c) => s + Number(c.weight), 0);
  if (live.length === 0 || w <= 0) return null;
  return live.reduce((s, c) => s + Number(c.weight) * Number(c.progress), 0) / w;
}

/**
 * The status a parent takes from its children (docs/RESOURCES.md, "Roll-up"), or null to keep its own:
 *  - cancelled parents, and parents without a child that is not cancelled, keep theirs;
 *  - every such child done → done;
 *  - otherwise, a planned parent starts (in_progress) once a child has started or the rolled-up progress is above 0,
 *    and a done parent reopens (in_progress) because not every child is done any more.
 * A parent never goes back to planned.
 */
export function derivedParentStatus(parent: ProjectStatus, children: Child[], progress: number | null): ProjectStatus | null {
  const live = children.filter((c) => c.status !== 'cancelled');
  if (parent === 'cancelled' || live.length === 0) return null;
  if (live.every((c) => c.status === 'done')) return parent === 'done' ? null : 'done';
  const started = live.some((c) => c.status !== 'planned') || (progress ?? 0) > 0;
  if (parent === 'planned' && started) return 'in_progress';
  if (parent === 'done') return 'in_progress';
  return null;
}

// stored as the events' notes (Chinese, like every note); the apps translate them by autoNoteOf's code
const AUTO_NOTE: Record<ProjectAutoNote, string> = {
  in_progress: '子项目已开始，自动转为进行中',
  done: '子项目全部完成，自动办结',
  reopen: '子项目未全部完成，自动重新打开',
  restore: '子项目已全部移除，恢复本项目自身的进度和状态',
};
const AUTO_CODES = new Map(Object.entries(AUTO_NOTE).map(([code, note]) => [note, code as ProjectAutoNote]));

/** The code of a roll-up's automatic note, or null for a person's note: the notes are exactly the roll-up's texts. */
export function autoNoteOf(note: string | null): ProjectAutoNote | null {
  return note === null ? null : (AUTO_CODES.get(note) ?? null);
}

/**
 * A project's own progress and status: the last ones its timeline records from people (creation, progress reports,
 * status changes), leaving out the roll-up's automatic changes. What a parent goes back to when its last child goes
 * (deleted or cancelled); null when the timeline does not tell.
 */
async function ownState(trx: Db, id: string): Promise<{ progress: number; status: ProjectStatus } | null> {
  let progress: number | null = null;
  let status: ProjectStatus | null = null;
  for (const e of await repo.events(trx, id)) {
    if (autoNoteOf(e.note) !== null) continue;
    if (e.progress_to !== null && (e.action === 'create' || e.action === 'progress' || e.action === 'status')) progress = Number(e.progress_to);
    if (e.to_status !== null) status = e.to_status as ProjectStatus;
  }
  if (progress === null || status === null) return null;
  // a leaf that is done is done in full (it may have been set done by hand while its children had less)
  return { progress: status === 'done' ? 100 : progress, status };
}

/** Who caused the roll-up: the timeline event and the audit record of an automatic status change name them. */
export interface RollUpBy {
  deps: Pick<Deps, 'dbKind' | 'clock' | 'keys'>;
  a: Pick<TenantActor, 'userId' | 'name' | 'allianceId' | 'requestId' | 'ip'>;
}

/**
 * Recomputes every ancestor, nearest first, in the caller's transaction: each parent's progress becomes the weighted
 * mean of its children, and its status follows them (derivedParentStatus) with a timeline event and an audit record —
 * so a change at any depth reaches the root. Returns the ids whose progress or status changed.
 */
export async function rollUp(trx: Db, parentId: string | null, now: number, by: RollUpBy): Promise<string[]> {
  const changed: string[] = [];
  let id = parentId;
  while (id) {
    const p = await trx.selectFrom('projects').select(['alliance_id', 'parent_id', 'progress', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    const kids = await repo.children(trx, id);
    const mean = weightedProgress(kids);
    const from = p.status as ProjectStatus;
    // its last child went: the project is a leaf again and takes back what its owner last reported for it
    const own = mean === null && from !== 'cancelled' ? await ownState(trx, id) : null;
    const restored = own && (own.status !== from || Math.abs(own.progress - Number(p.progress)) > 1e-9) ? own : null;
    const derived = derivedParentStatus(from, kids, mean);
    const to = restored ? (restored.status !== from ? restored.status : null) : derived;
    const newProgress = restored ? restored.progress : mean;
    const progressChanged = newProgress !== null && Math.abs(newProgress - Number(p.progress)) > 1e-9;
    if (progressChanged || to) {
      await repo.update(trx, id, { ...(progressChanged ? { progress: newProgress } : {}), ...(to ? { status: to } : {}), updated_at: now });
      changed.push(id);
    }
    // a status change is a timeline event and an audit record; so is a restored percentage (a roll-up's is not: it is
    // the children's, each recorded where it was reported)
    if (to || restored) {
      const note = AUTO_NOTE[restored ? 'restore' : from === 'done' ? 'reopen' : (to as ProjectAutoNote)] ?? null;
      const progress = newProgress ?? Number(p.progress);
      await repo.appendEvent(trx, {
        id: newId(now),
        alliance_id: p.alliance_id,
        project_id: id,
        action: to ? 'status' : 'progress',
        at: now,
        actor_user_id: by.a.userId,
        actor_name: by.a.name,
        from_status: to ? from : null,
        to_status: to,
        progress_from: restored ? Number(p.progress) : null,
        progress_to: restored ? progress : null,
        note,
        photos: '[]',
      });
      await appendAudit(trx, by.deps, by.a, {
        action: to ? 'project.status' : 'project.progress',
        entity: 'project',
        entityId: id,
        before: { status: from, progress: Number(p.progress) },
        after: { status: to ?? from, progress, note, derived: true },
      });
    }
    id = p.parent_id;
  }
  return changed;
}
