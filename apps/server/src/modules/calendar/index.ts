export { calendarRoutes } from './calendar.routes.ts';
export { loadWorkCalendar, ensureCalendarSeeded, invalidateWorkCalendar, readChineseDays } from './calendar.service.ts';
