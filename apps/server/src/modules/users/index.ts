export { createUserAccount, prepareAccount, insertAccount, type NewAccount, type PreparedAccount, type AccountWriteOptions } from './users.accounts.ts';
export { userRoutes } from './users.routes.ts';
