export { statsRoutes } from './stats.routes.ts';
export { overview } from './stats.overview.ts';
export { rates, ranking, toRateRow } from './stats.service.ts';
