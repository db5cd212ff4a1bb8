export { integrityRoutes, type IntegrityRouteOptions } from './integrity.routes.ts';
