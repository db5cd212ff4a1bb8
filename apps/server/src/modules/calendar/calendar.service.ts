import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { isCalendarDate, type WorkCalendar } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { CalendarDayTable } from '../../db/types.ts';
import type { Actor, Deps } from '../../lib/context.ts';
import { forbidden, invalidField, notFound, unauthenticated } from '../../lib/errors.ts';
import { keptName, shownText } from '../../lib/freeText.ts';
import { changesRow } from '../../lib/patch.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './calendar.repo.ts';

const CACHE_MS = 60_000;

interface CacheEntry {
  at: number;
  cal: WorkCalendar;
}
// keyed by the Db instance, so that several apps in one process (tests) never share a calendar
const cache = new WeakMap<Db, CacheEntry>();

/** Forgets the cached calendar of a database (after an edit in this process). */
export function invalidateWorkCalendar(db: Db): void {
  cache.delete(db);
}

/** The working-day calendar the SLA uses, cached in memory for 60 s. */
export async function loadWorkCalendar(db: Db, now: number = Date.now()): Promise<WorkCalendar> {
  const hit = cache.get(db);
  if (hit && now - hit.at < CACHE_MS && now >= hit.at) return hit.cal;
  const [days, years] = await Promise.all([repo.allDays(db), repo.allYears(db)]);
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const d of days) (d.kind === 'workday' ? workdays : holidays).add(d.date);
  const publishedYears = new Set<number>(years.filter((y) => Number(y.published) === 1).map((y) => Number(y.year)));
  const cal: WorkCalendar = { holidays, workdays, publishedYears };
  cache.set(db, { at: now, cal });
  return cal;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The published statutory calendar shipped with the chinese-days package (no network). */
export function readChineseDays(): ChineseDaysJson {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('chinese-days/package.json');
  return JSON.parse(readFileSync(join(dirname(pkg), 'dist', 'chinese-days.json'), 'utf8')) as ChineseDaysJson;
}

/** 'National Day,国庆节,3' → '国庆节' */
function chineseName(v: string): string | null {
  const parts = v.split(',');
  return (parts[1] ?? parts[0] ?? '').trim() || null;
}

/** The rows seeding an empty calendar: holidays, 调休 working days and the years the data covers. */
export function seedRows(data: ChineseDaysJson, now: number): { days: CalendarDayTable[]; years: number[] } {
  const days: CalendarDayTable[] = [];
  const years = new Set<number>();
  for (const [date, v] of Object.entries(data.holidays)) {
    days.push({ date, kind: 'holiday', name: chineseName(v), updated_at: now });
    years.add(Number(date.slice(0, 4)));
  }
  for (const [date, v] of Object.entries(data.workdays)) {
    if (data.holidays[date]) continue;
    const n = chineseName(v);
    days.push({ date, kind: 'workday', name: n ? `${n}调休` : '调休', updated_at: now });
    years.add(Number(date.slice(0, 4)));
  }
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { days, years: [...years].sort((a, b) => a - b) };
}

/**
 * Seeds the holiday calendar from chinese-days when no year is known yet. Idempotent and safe when several
 * processes start together: every insert skips rows that exist, so the last one to arrive changes nothing.
 */
export async function ensureCalendarSeeded(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ seeded: boolean; years: number[] }> {
  if ((await repo.countYears(deps.db)) > 0) return { seeded: false, years: [] };
  const now = deps.clock.now();
  const { days, years } = seedRows(readChineseDays(), now);
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertDaysIgnore(trx, days);
    await repo.insertYearsIgnore(
      trx,
      years.map((year) => ({ year, published: 1, updated_at: now })),
    );
  });
  invalidateWorkCalendar(deps.db);
  return { seeded: true, years };
}

/** A calendar day as the API returns it. */
export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
}

function toDay(r: CalendarDayTable): CalendarDay {
  return { date: r.date, kind: r.kind as CalendarDay['kind'], name: shownText(r.name) };
}

export async function getCalendarYear(deps: Deps, actor: Actor | null, year: number) {
  if (!actor) throw unauthenticated();
  const [y, days] = await Promise.all([repo.getYear(deps.db, year), repo.daysOfYear(deps.db, year)]);
  return { year, published: Number(y?.published ?? 0) === 1, days: days.map(toDay) };
}

function requireCalendarWriter(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  if (!actor.isCityAdmin && !actor.permissions.has('calendar:write')) throw forbidden('missing permission calendar:write');
  return actor;
}

/** Marks a day as holiday or 调休 working day; the year counts as published from then on. City audit chain. */
export async function putCalendarDay(
  deps: Deps,
  actor: Actor | null,
  date: string,
  body: { kind: 'holiday' | 'workday'; name?: string | null | undefined },
): Promise<CalendarDay> {
  const a = requireCalendarWriter(actor);
  if (!isCalendarDate(date)) throw invalidField('date', 'invalid_date', 'date must be a real YYYY-MM-DD day');
  // 调休上班 makes a weekend day a working day; a weekday already is one
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (body.kind === 'workday' && weekday !== 0 && weekday !== 6) throw invalidField('kind', 'workday_on_weekday', 'a 调休 working day is a Saturday or Sunday');
  const now = deps.clock.now();
  const out = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.getDay(trx, date);
    // the edit form sends the name back as shown (numbers masked): that is the stored name; only a changed one is checked
    const row: CalendarDayTable = { date, kind: body.kind, name: keptName('name', before?.name ?? null, body.name) ?? null, updated_at: now };
    if (before && !changesRow(before, { kind: row.kind, name: row.name })) return toDay(before);
    await repo.upsertDay(trx, row);
    await repo.publishYear(trx, Number(date.slice(0, 4)), now);
    await appendAudit(trx, deps, a, {
      action: before ? 'calendar.day.update' : 'calendar.day.create',
      entity: 'calendar_day',
      entityId: date,
      before: before ? toDay(before) : null,
      after: toDay(row),
      allianceId: null,
    });
    return toDay(row);
  });
  invalidateWorkCalendar(deps.db);
  return out;
}

/** Removes an entry: the day falls back to the weekday rule. */
export async function deleteCalendarDay(deps: Deps, actor: Actor | null, date: string): Promise<void> {
  const a = requireCalendarWriter(actor);
  if (!isCalendarDate(date)) throw invalidField('date', 'invalid_date', 'date must be a real YYYY-MM-DD day');
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.getDay(trx, date);
    if (!before) throw notFound('calendar day');
    await repo.deleteDay(trx, date);
    await appendAudit(trx, deps, a, {
      action: 'calendar.day.delete',
      entity: 'calendar_day',
      entityId: date,
      before: toDay(before),
      after: null,
      allianceId: null,
    });
  });
  invalidateWorkCalendar(deps.db);
}
