export { roleRoutes } from './roles.routes.ts';
export { toRole } from './roles.service.ts';
