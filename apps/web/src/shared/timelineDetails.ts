import type { TimelineEvent } from '@tongxin/domain';
import { actorLabel } from './dataNames.ts';
import { t } from './i18n.ts';

/**
 * What a timeline event's data adds to its note, as short phrases: the rating (stars, solved), the unit and deadlines
 * of a dispatch, the requested date of a 延期申请 and its decision, the level of a 催办, the other case of a merge, the
 * outcome of a complaint verdict. The console's drawer and the
 * phone's case page show the same. `unitName`: a unit's name by id, or null to leave the unit out.
 */
export function timelineDetails(e: TimelineEvent, unitName: (id: string) => string | null, time: (ms: number) => string): string[] {
  const d = e.data ?? {};
  const out: string[] = [];
  const kv = (k: string, v: string) => t('console.ticket.kv', { k: t(k), v });
  if (typeof d.stars === 'number') out.push(`${'★'.repeat(d.stars)}${'☆'.repeat(Math.max(0, 5 - d.stars))}`);
  if (typeof d.solved === 'boolean') out.push(d.solved ? t('console.ticket.solvedYes') : t('console.ticket.solvedNo'));
  const unit = typeof d.leadUnitId === 'string' ? unitName(d.leadUnitId) : null;
  if (unit) out.push(kv('console.ticket.leadUnit', unit));
  if (typeof d.dueAt === 'number') out.push(kv('console.ticket.deadline', time(d.dueAt)));
  if (typeof d.until === 'number') out.push(kv('console.ticket.extendUntil', time(d.until)));
  if (typeof d.approve === 'boolean') out.push(d.approve ? t('console.ticket.approve') : t('console.ticket.reject'));
  if (d.level === 'supervise' || d.level === 'urge') out.push(t(`console.ticket.urgeLevel.${d.level}`));
  if (e.action === 'merge' && typeof d.targetNumber === 'string') out.push(t('console.ticket.mergedIntoNumber', { number: d.targetNumber }));
  if (e.action === 'merged_in' && typeof d.number === 'string') out.push(t('console.ticket.mergedFrom', { number: d.number }));
  if (d.verdict === 'upheld' || d.verdict === 'rejected')
    out.push(t(d.verdict === 'upheld' ? 'console.ticket.verdictUpheld' : 'console.ticket.verdictRejected'));
  if (d.deduct === true) out.push(t('console.ticket.verdictDeducted'));
  return out;
}

/** Who acted, in the user's language: the SLA clock, a person (by name) or the public reporter, else the system. */
export function timelineActor(e: TimelineEvent): string {
  if (e.byClock) return t('console.ticket.slaClock');
  return e.actorName === null ? t('console.ticket.system') : actorLabel(e.actorName);
}

/** The note to show: the SLA clock's in the user's language (the stored one is Chinese), else the stored note. */
export function timelineNote(e: TimelineEvent): string | null {
  return e.systemNote ? t(`console.ticket.systemNote.${e.systemNote}`) : e.note;
}
