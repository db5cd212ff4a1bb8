export { gridRoutes } from './grids.routes.ts';
export { toGrid } from './grids.service.ts';
