export { merchantRoutes } from './merchants.routes.ts';
export { getMerchant, listMerchants } from './merchants.service.ts';
export { merchantScope } from './merchants.scope.ts';
export { newPublicCode, toMerchant } from './merchants.view.ts';
export { type MerchantRow } from './merchants.repo.ts';
