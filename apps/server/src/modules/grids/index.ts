export { gridRoutes } from './grids.routes.ts';
