/**
 * 开放时间 of a resource as one line, shared by the console list and the H5 page. Structured weekly slots are the truth
 * when present; the free text then only adds what the slots cannot say (「提前一天预约」), and clauses that merely
 * restate days and times are dropped, so the line never says the same thing twice (or contradicts itself).
 */
import type { WeeklySlot } from '@tongxin/domain';
import { t } from './i18n.ts';

const day = (d: number) => t(`resources.weekday.${d}`);

/** Days as few words as possible: 每天, 周一至周五, 周二、周四. */
function daysText(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return t('resources.weekday.daily');
  const runs: number[][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && d === (last.at(-1) ?? 0) + 1) last.push(d);
    else runs.push([d]);
  }
  return runs
    .flatMap((r) => (r.length >= 3 ? [t('resources.weekday.range', { from: day(r[0] ?? 1), to: day(r.at(-1) ?? 7) })] : r.map(day)))
    .join(t('resources.hours.sep'));
}

/** Weekly slots grouped by their times: 周一至周五 09:00–17:00、周六 10:00–12:00. */
export function slotsText(slots: WeeklySlot[]): string {
  const byTime = new Map<string, number[]>();
  for (const s of [...slots].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))) {
    const key = `${s.start}–${s.end}`;
    byTime.set(key, [...(byTime.get(key) ?? []), s.weekday]);
  }
  return [...byTime].map(([time, days]) => `${daysText(days)} ${time}`).join(t('resources.hours.sep'));
}

// what a clause may hold and still say nothing beyond days and times
const TIME_ONLY =
  /每?(周|星期)[一二三四五六日天]|每天|每日|天天|全天|每周|工作日|周末|上午|下午|中午|晚上|晚间|至|到|\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*点(半)?|[-–~—、,，\s]/g;

/** The free-text clauses that add something to the slots (an empty list when the text only restates them). */
function extraClauses(text: string): string[] {
  return text
    .split(/[；;。]|，|,(?!\d)/)
    .map((c) => c.trim())
    .filter((c) => c && c.replace(TIME_ONLY, '') !== '');
}

/** The one line to show: the slots (plus remarks of the text), else the text, else ''. */
export function openingText(r: { availability: string | null; weeklySlots: WeeklySlot[] }): string {
  const text = r.availability?.trim() ?? '';
  if (r.weeklySlots.length === 0) return text;
  return [slotsText(r.weeklySlots), ...extraClauses(text)].join(t('resources.hours.clauseSep'));
}
