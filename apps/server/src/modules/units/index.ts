export { unitRoutes } from './units.routes.ts';
