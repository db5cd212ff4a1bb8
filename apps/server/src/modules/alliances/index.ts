export { allianceRoutes } from './alliances.routes.ts';
export { allAlliances, createAlliance, toAlliance } from './alliances.service.ts';
