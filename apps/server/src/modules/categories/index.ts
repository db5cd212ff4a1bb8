export { categoryRoutes } from './categories.routes.ts';
export { seedDefaultCategories, leadUnitFor, categoryRow, toCategory } from './categories.service.ts';
