export { statsRoutes } from './stats.routes.ts';
export { rates, ranking, toRateRow } from './stats.service.ts';
