export { apiKeyRoutes } from './apiKeys.routes.ts';
