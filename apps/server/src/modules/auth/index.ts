export { authRoutes } from './auth.routes.ts';
export { actorFromSession, actorFromApiKey, actorFor, SESSION_COOKIE } from './actor.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { purgeIdleSessions } from './auth.repo.ts';
export { MAX_FAILED_LOGINS, LOCKOUT_MS } from './auth.service.ts';
