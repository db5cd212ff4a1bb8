export { orgRoutes } from './orgs.routes.ts';
export { toOrg } from './orgs.service.ts';
