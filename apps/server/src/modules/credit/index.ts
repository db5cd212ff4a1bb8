export { creditRoutes } from './credit.routes.ts';
export { runCreditClockOnce, CREDIT_CLOCK_LEASE, type CreditClockResult } from './credit.clock.ts';
export { touch as refreshMerchantCredit, plaqueName, seedDefaultCatalogue } from './credit.ledger.ts';
export { recountAllUpheld, recountUpheld } from './credit.objections.repo.ts';
export { creditRecounters } from './credit.recount.ts';
