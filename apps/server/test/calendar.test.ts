import { addWorkingDays, isWorkingDay, resolveDeadline, shanghaiDate, shanghaiDayStart } from '@tongxin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCalendarSeeded, loadWorkCalendar, readChineseDays } from '../src/modules/calendar/index.ts';
import { countRows, setupEnv, type Client, type TestEnv } from './harness.ts';
import { startPeer } from './cluster.ts';

describe('holiday calendar', () => {
  let env: TestEnv;
  let staff: Client;

  beforeAll(async () => {
    env = await setupEnv();
    const A = await env.alliance('CAL');
    staff = await env.member(A.id, A.roles['联盟管理员'] as string);
  });
  afterAll(async () => env?.close());

  it('is seeded from chinese-days on start: holidays, 调休 working days and published years', async () => {
    const data = readChineseDays();
    const years = new Set([...Object.keys(data.holidays), ...Object.keys(data.workdays)].map((d) => Number(d.slice(0, 4))));
    expect(await countRows(env, 'calendar_years')).toBe(years.size);
    const y = await staff.ok('GET', '/api/v1/calendar?year=2026');
    expect(y.year).toBe(2026);
    expect(y.published).toBe(true);
    const byDate = Object.fromEntries(y.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-10-01']).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(byDate['2026-10-10']).toEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节调休' });
    expect(byDate['2026-09-20']).toMatchObject({ kind: 'workday' });
    expect(byDate['2026-02-17']).toMatchObject({ kind: 'holiday', name: '春节' });
    const far = await staff.ok('GET', '/api/v1/calendar?year=2027');
    expect(far).toEqual({ year: 2027, published: false, days: [] });
    expect((await env.anon.get('/api/v1/calendar?year=2026')).statusCode).toBe(401);
  });

  it('seeding is idempotent and safe when two processes start together', async () => {
    const before = await countRows(env, 'calendar_days');
    // a second process on the same database: buildApp seeds again, concurrently with a direct call
    const [peer] = await Promise.all([startPeer(env), ensureCalendarSeeded(env.deps)]);
    await peer.close();
    expect(await countRows(env, 'calendar_days')).toBe(before);
    // force the race on an empty calendar
    await env.deps.db.deleteFrom('calendar_days').execute();
    await env.deps.db.deleteFrom('calendar_years').execute();
    const r = await Promise.all([ensureCalendarSeeded(env.deps), ensureCalendarSeeded(env.deps), ensureCalendarSeeded(env.deps)]);
    expect(r.some((x) => x.seeded)).toBe(true);
    expect(await countRows(env, 'calendar_days')).toBe(before);
  });

  it('deadlines skip 国庆 holidays and count the 调休 weekend days (2026)', async () => {
    const cal = await loadWorkCalendar(env.deps.db);
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2026-10-01', cal)).toBe(false);
    expect(isWorkingDay('2026-10-03', cal)).toBe(false); // weekend inside the holiday
    // dispatched Wednesday 30 Sept 2026 at 10:00 Shanghai: Oct 1–7 off, Thu 8, Fri 9, Sat 10 (调休), Mon 12 …
    const from = shanghaiDayStart('2026-09-30') + 10 * 3_600_000;
    const d1 = addWorkingDays(from, 1, cal);
    expect(shanghaiDate(d1.at)).toBe('2026-10-08');
    expect(d1.at).toBe(shanghaiDayStart('2026-10-09') - 1);
    expect(d1.beyondPublished).toBe(false);
    expect(shanghaiDate(addWorkingDays(from, 3, cal).at)).toBe('2026-10-10');
    expect(shanghaiDate(addWorkingDays(from, 4, cal).at)).toBe('2026-10-12');
    // 7 working days (the general SLA): 8, 9, 10, 12, 13, 14, 15
    const general = resolveDeadline(from, { acceptHours: 2, resolveDays: 7, urgentHours: 2 }, false, cal);
    expect(shanghaiDate(general.at)).toBe('2026-10-15');
    // Friday 18 Sept: Sat 19 off, Sun 20 (调休) counts
    expect(shanghaiDate(addWorkingDays(shanghaiDayStart('2026-09-18') + 3_600_000, 1, cal).at)).toBe('2026-09-20');
    // urgent cases run on wall-clock hours
    expect(resolveDeadline(from, { acceptHours: 2, resolveDays: 7, urgentHours: 2 }, true, cal).at).toBe(from + 2 * 3_600_000);
  });

  it('a deadline in a year without published data uses weekends only and is flagged', async () => {
    const cal = await loadWorkCalendar(env.deps.db);
    expect(cal.publishedYears.has(2027)).toBe(false);
    const from = shanghaiDayStart('2026-12-30') + 3_600_000; // Wednesday
    const d = addWorkingDays(from, 3, cal); // Thu 31, (Jan 1 2027: weekday, no data) Fri 1, Mon 4
    expect(shanghaiDate(d.at)).toBe('2027-01-04');
    expect(d.beyondPublished).toBe(true);
    expect(addWorkingDays(shanghaiDayStart('2026-12-01'), 3, cal).beyondPublished).toBe(false);
  });

  it('city administrators edit days (audited on the city chain); the year becomes published; others get 403', async () => {
    expect((await staff.req('PUT', '/api/v1/calendar/days/2027-01-01', { kind: 'holiday', name: '元旦' })).statusCode).toBe(403);
    const bad = await env.city.req('PUT', '/api/v1/calendar/days/2027-02-30', { kind: 'holiday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('date');
    expect((await env.city.req('PUT', '/api/v1/calendar/days/2027-13-01', { kind: 'holiday' })).statusCode).toBe(400);
    expect((await env.city.req('PUT', '/api/v1/calendar/days/2027-01-01', { kind: 'weekend' })).statusCode).toBe(400);
    // 调休上班 is a weekend day made a working day: on a Wednesday it means nothing (and would publish the year)
    const weekday = await env.city.req('PUT', '/api/v1/calendar/days/2027-01-06', { kind: 'workday', name: '测试' });
    expect([weekday.statusCode, weekday.json().error.details[0].code]).toEqual([400, 'workday_on_weekday']);

    const cached = await loadWorkCalendar(env.deps.db);
    expect(cached.holidays.has('2027-01-01')).toBe(false);
    const put = await env.city.ok('PUT', '/api/v1/calendar/days/2027-01-01', { kind: 'holiday', name: '元旦' });
    expect(put).toEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦' });
    await env.city.ok('PUT', '/api/v1/calendar/days/2027-01-01', { kind: 'holiday', name: '元旦节' });
    const y = await staff.ok('GET', '/api/v1/calendar?year=2027');
    expect(y).toEqual({ year: 2027, published: true, days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦节' }] });
    // the edit invalidated this process's cache
    const cal = await loadWorkCalendar(env.deps.db);
    expect(cal.holidays.has('2027-01-01')).toBe(true);
    expect(cal.publishedYears.has(2027)).toBe(true);
    const audit = await env.deps.db.selectFrom('audit_log').selectAll().where('entity', '=', 'calendar_day').orderBy('seq').execute();
    expect(audit.map((r) => [r.chain, r.action, r.entity_id])).toEqual([
      ['city', 'calendar.day.create', '2027-01-01'],
      ['city', 'calendar.day.update', '2027-01-01'],
    ]);

    expect((await staff.del('/api/v1/calendar/days/2027-01-01')).statusCode).toBe(403);
    await env.city.ok('DELETE', '/api/v1/calendar/days/2027-01-01');
    expect((await env.city.del('/api/v1/calendar/days/2027-01-01')).statusCode).toBe(404);
    expect((await loadWorkCalendar(env.deps.db)).holidays.has('2027-01-01')).toBe(false);
    const ok = await env.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'calendar_day')
      .where('action', '=', 'calendar.day.delete')
      .execute();
    expect(ok).toHaveLength(1);
  });
});
