export { calendarRoutes } from './calendar.routes.ts';
export { loadWorkCalendar, ensureCalendarSeeded, invalidateWorkCalendar, isRealDate, readChineseDays } from './calendar.service.ts';
