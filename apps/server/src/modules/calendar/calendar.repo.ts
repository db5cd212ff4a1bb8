import type { Db } from '../../db/index.ts';
import type { CalendarDayTable, CalendarYearTable } from '../../db/types.ts';

/** Every edited or seeded day (a few hundred rows per decade). */
export function allDays(db: Db): Promise<CalendarDayTable[]> {
  return db.selectFrom('calendar_days').selectAll().orderBy('date').execute();
}

export function allYears(db: Db): Promise<CalendarYearTable[]> {
  return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}

export function daysOfYear(db: Db, year: number): Promise<CalendarDayTable[]> {
  return db.selectFrom('calendar_days').selectAll().where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).orderBy('date').execute();
}

export function getYear(db: Db, year: number): Promise<CalendarYearTable | undefined> {
  return db.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
}

export function getDay(db: Db, date: string): Promise<CalendarDayTable | undefined> {
  return db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
}

export async function countYears(db: Db): Promise<number> {
  const r = await db
    .selectFrom('calendar_years')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Inserts rows, leaving days another process already wrote alone. */
export async function insertDaysIgnore(db: Db, rows: CalendarDayTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('calendar_days')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('date').doNothing())
      .execute();
  }
}

export async function insertYearsIgnore(db: Db, rows: CalendarYearTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('calendar_years')
    .values(rows)
    .onConflict((oc) => oc.column('year').doNothing())
    .execute();
}

export async function upsertDay(db: Db, row: CalendarDayTable): Promise<void> {
  await db
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, updated_at: row.updated_at }))
    .execute();
}

export async function deleteDay(db: Db, date: string): Promise<number> {
  const r = await db.deleteFrom('calendar_days').where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function publishYear(db: Db, year: number, now: number): Promise<void> {
  await db
    .insertInto('calendar_years')
    .values({ year, published: 1, updated_at: now })
    .onConflict((oc) => oc.column('year').doUpdateSet({ published: 1, updated_at: now }))
    .execute();
}
