export { allianceRoutes } from './alliances.routes.ts';
export { createAlliance, toAlliance } from './alliances.service.ts';
