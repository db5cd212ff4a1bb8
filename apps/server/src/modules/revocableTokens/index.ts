export { createToken, listTokens, revokeToken, touchToken, type NewToken, type Revocable } from './revocableTokens.service.ts';
