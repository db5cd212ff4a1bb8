import { AuditQuery, AuditRecord, AuditVerifyResponse, listOf } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../lib/context.ts';
import { requireAllianceScope, requireTenant } from '../access/index.ts';
import { chainOf, listAudit, verifyChains } from './audit.service.ts';

/** The audit log of the current alliance and its verification. */
export function auditRoutes(deps: Deps) {
  return async function (app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/v1/audit', { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: listOf(AuditRecord) } } }, async (req) => {
      const a = requireTenant(req.actor, 'audit:read');
      const { page, pageSize, ...f } = req.query;
      return listAudit(deps.db, a.allianceId, f, page, pageSize, a);
    });
    r.get('/api/v1/audit/verify', { schema: { tags: ['audit'], response: { 200: AuditVerifyResponse } } }, async (req) => {
      const a = requireTenant(req.actor, 'audit:read');
      // the verdict names the first bad record of the whole chain, beyond what a narrower reader may list
      requireAllianceScope(a, 'verifying the audit chain needs the alliance data scope');
      // a city admin also sees the city chain (logins, alliance creation)
      const chains = [chainOf(a.allianceId), ...(a.isCityAdmin ? [chainOf(null)] : [])];
      const verdicts = await verifyChains(deps.db, deps.keys.audit, chains);
      return { ok: verdicts.every((v) => v.ok), checkedAt: deps.clock.now(), chains: verdicts };
    });
  };
}
