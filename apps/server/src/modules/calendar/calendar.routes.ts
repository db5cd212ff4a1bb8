import { CalendarDayBody, CalendarQuery, Ok } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../lib/context.ts';
import * as s from './calendar.service.ts';

const DateParams = z.object({ date: z.string().max(32) });
// responses: the same shapes without the input transforms (a transform cannot serialise)
const DayOut = z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().nullable() });
const YearOut = z.object({ year: z.number().int(), published: z.boolean(), days: z.array(DayOut) });

/** The city-wide holiday calendar: read by any session, edited by city administrators. */
export function calendarRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['calendar'];
    r.get('/api/v1/calendar', { schema: { tags, querystring: CalendarQuery, response: { 200: YearOut } } }, async (req) =>
      s.getCalendarYear(deps, req.actor, req.query.year),
    );
    r.put('/api/v1/calendar/days/:date', { schema: { tags, params: DateParams, body: CalendarDayBody, response: { 200: DayOut } } }, async (req) =>
      s.putCalendarDay(deps, req.actor, req.params.date, req.body),
    );
    r.delete('/api/v1/calendar/days/:date', { schema: { tags, params: DateParams, response: { 200: Ok } } }, async (req) => {
      await s.deleteCalendarDay(deps, req.actor, req.params.date);
      return { ok: true as const };
    });
  };
}
