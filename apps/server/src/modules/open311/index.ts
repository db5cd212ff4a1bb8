export { open311Routes, type Open311RouteOptions } from './open311.routes.ts';
