import type { WeeklySlot } from '@tongxin/domain';
import { t } from '../../../shared/i18n.ts';

/** Weekly slots as one line: 周一 09:00–11:00、周五 14:00–16:00. */
export function slotsText(slots: WeeklySlot[]): string {
  return slots.map((s) => `${t(`resources.weekday.${s.weekday}`)} ${s.start}–${s.end}`).join('、');
}
