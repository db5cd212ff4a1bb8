export { integrityRoutes, type IntegrityRouteOptions } from './integrity.routes.ts';
export { shanghaiYearStart } from './integrity.service.ts';
