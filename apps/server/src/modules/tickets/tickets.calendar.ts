import type { WorkCalendar } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import { loadWorkCalendar } from '../calendar/index.ts';

/** The work calendar for SLA deadlines (the calendar module's, cached there). */
export function workCalendar(db: Db, now: number): Promise<WorkCalendar> {
  return loadWorkCalendar(db, now);
}
