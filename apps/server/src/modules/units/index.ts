export { unitRoutes } from './units.routes.ts';
export { toUnit } from './units.service.ts';
