export { appendAudit, auditKeyFits, listAudit, recentActs, verifyChain, verifyChains, chainOf, type AuditEntry } from './audit.service.ts';
export { auditRoutes } from './audit.routes.ts';
