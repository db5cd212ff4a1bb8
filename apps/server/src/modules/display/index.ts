export { displayRoutes } from './display.routes.ts';
