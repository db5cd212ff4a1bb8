import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import { DEMO_PASSWORD, type DemoAlliance } from './demo.data.ts';
import { DEMO_MERCHANT_SETS, demoCreditCode } from './demo.merchants.data.ts';
import { DemoApi, need, type Created } from './demo.seed.ts';

/**
 * Seeds registered merchants (operators, contacts, party-member flags, two 营商环境监测点 with their 居务联络员) of
 * one demo alliance through the HTTP API, as the alliance's administrator; returns a line for the seed log.
 */
export async function seedDemoMerchants(app: FastifyInstance, _deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const set = DEMO_MERCHANT_SETS[a.code];
  const admin = a.accounts.find((x) => x.role === 'admin');
  if (!set || !admin) return `demo: ${a.code}: no merchants`;
  const api = await DemoApi.login(app, admin.username, DEMO_PASSWORD);
  await api.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
  let points = 0;
  for (const [i, m] of set.merchants.entries()) {
    await api.call('POST', '/api/v1/merchants', {
      creditCode: demoCreditCode(set, i, m.company),
      name: m.name,
      businessType: m.type,
      address: m.address,
      location: m.at ? { lng: m.at[0], lat: m.at[1], crs: 'gcj02' } : null,
      gridId: need(c.grids, m.grid, 'grid'),
      operatorPersonId: need(c.people, m.operator, 'person'),
      operatorName: m.operatorName ?? a.people.find((p) => p.key === m.operator)?.name ?? null,
      partyMemberOperator: m.partyMember ?? false,
      contactPhone: m.phone ?? null,
      status: m.closed ? 'closed' : 'operating',
      monitoringPoint: m.liaison !== undefined,
      liaisonPersonId: need(c.people, m.liaison, 'person'),
    });
    if (m.liaison) points++;
  }
  await api.call('POST', '/api/v1/auth/logout', {});
  return `demo: ${a.code}: ${set.merchants.length} merchants, ${points} monitoring points`;
}
