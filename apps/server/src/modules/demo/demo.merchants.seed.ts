import { shanghaiDate, shanghaiDayStart } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import { DEMO_PASSWORD, type DemoAlliance } from './demo.data.ts';
import { DEMO_MERCHANT_SETS, demoCreditCode, type DemoMerchant } from './demo.merchants.data.ts';
import { DemoApi, need, type Created } from './demo.seed.ts';

/**
 * Complaints the committee traced to a registered merchant (the caller named no shop, so the ticket was filed without
 * one): alliance → ticket title → the merchant complained about. Linked by linkDemoTickets.
 */
export const DEMO_COMPLAINT_TARGETS: Record<string, Record<string, string>> = {
  HHX: { 农贸市场火腿短斤缺两: '金华火腿铺', '购买的化妆品疑似临期，商家拒绝退换': '佳人化妆品专柜' },
  LJJ: { 奶茶店会员卡余额不退: '赵丽奶茶', 母婴店奶粉价格标示与结账不符: '文静母婴' },
};

/**
 * The demo tickets were filed before any merchant was registered, so one documented SQL step links them now: a ticket
 * whose merchant_name is a registered merchant of its alliance gets that merchant_id, and each complaint of
 * DEMO_COMPLAINT_TARGETS gets its merchant. A complaint that a shop filed itself (merchant_name is the complaining shop,
 * e.g. 荷花童装's lost parcel) is left unlinked: a verdict on it would count against the wrong party. Links only — no
 * status, no time, audit_log untouched. Returns how many tickets were linked.
 */
async function linkDemoTickets(deps: Deps, a: DemoAlliance, allianceId: string): Promise<number> {
  const merchants = await deps.db.selectFrom('merchants').select(['id', 'name']).where('alliance_id', '=', allianceId).execute();
  const byName = new Map(merchants.map((m) => [m.name, m.id]));
  const targets = DEMO_COMPLAINT_TARGETS[a.code] ?? {};
  const tickets = await deps.db
    .selectFrom('tickets')
    .select(['id', 'kind', 'title', 'merchant_name'])
    .where('alliance_id', '=', allianceId)
    .where('merchant_id', 'is', null)
    .execute();
  let linked = 0;
  await deps.db.transaction().execute(async (trx) => {
    for (const t of tickets) {
      const target = t.kind === 'complaint' ? targets[t.title] : undefined;
      const name = target ?? (t.kind === 'complaint' ? undefined : (t.merchant_name ?? undefined));
      const merchantId = name === undefined ? undefined : byName.get(name);
      if (name === undefined || merchantId === undefined) continue;
      await trx.updateTable('tickets').set({ merchant_id: merchantId, merchant_name: name }).where('id', '=', t.id).execute();
      linked++;
    }
  });
  return linked;
}

/**
 * Seeds registered merchants (operators, contacts, party-member flags, two 营商环境监测点 with their 居务联络员) of
 * one demo alliance through the HTTP API, as the alliance's administrator; returns a line for the seed log.
 */
/**
 * Documented SQL step, like the tickets' ageTickets: the shops were registered through the API "now"; their
 * 登记时间 moves back one to five years (deterministic per shop, at an office hour), as an alliance's registry of
 * long-standing shops reads. Times only; the audit log keeps the real ones. It also lets the monthly 红黄旗 rules see
 * a shop that was registered all of last month, so clean shops can be 红旗 shops this month.
 */
async function ageRegistrations(deps: Deps, allianceId: string): Promise<void> {
  const now = deps.clock.now();
  const day = 86_400_000;
  const rows = await deps.db.selectFrom('merchants').select('id').where('alliance_id', '=', allianceId).orderBy('credit_code').execute();
  await deps.db.transaction().execute(async (trx) => {
    for (const [i, m] of rows.entries()) {
      const day0 = shanghaiDayStart(shanghaiDate(now - (365 + ((i * 211) % 1460)) * day));
      const created = day0 + (9 * 60 + ((i * 47) % 480)) * 60_000;
      await trx.updateTable('merchants').set({ created_at: created }).where('id', '=', m.id).execute();
    }
  });
}

export async function seedDemoMerchants(app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const set = DEMO_MERCHANT_SETS[a.code];
  const admin = a.accounts.find((x) => x.role === 'admin');
  if (!set || !admin) return `demo: ${a.code}: no merchants`;
  const api = await DemoApi.login(app, admin.username, DEMO_PASSWORD);
  await api.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
  let points = 0;
  const feedback: Array<{ merchantId: string; m: DemoMerchant }> = [];
  for (const [i, m] of set.merchants.entries()) {
    const row = await api.call<{ id: string }>('POST', '/api/v1/merchants', {
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
    if (m.liaisonFeedback) feedback.push({ merchantId: row.id, m });
  }
  // feedback on conduct from monitoring points goes to one named account: the committee's staff member here
  const staff = a.accounts.find((x) => x.role === 'staff');
  if (staff) {
    const users = await api.call<{ items: Array<{ id: string; username: string }> }>(
      'GET',
      `/api/v1/users?q=${encodeURIComponent(staff.username)}&pageSize=20`,
    );
    const contact = users.items.find((u) => u.username === staff.username);
    if (contact) await api.call('PUT', '/api/v1/integrity/settings', { confidentialContactUserId: contact.id });
  }
  await api.call('POST', '/api/v1/auth/logout', {});
  // a liaison with an account files from the phone, so its 我的反馈 list shows what a monitoring point sends
  for (const { merchantId, m } of feedback) {
    const liaison = a.accounts.find((x) => x.person === m.liaison);
    if (!liaison || !m.liaisonFeedback) continue;
    const phone = await DemoApi.login(app, liaison.username, DEMO_PASSWORD);
    await phone.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
    await phone.call('POST', '/api/v1/integrity/feedback', {
      merchantId,
      topic: 'service',
      concernedUnitId: need(c.units, m.liaisonFeedback.concerns, 'unit'),
      description: m.liaisonFeedback.text,
    });
    await phone.call('POST', '/api/v1/auth/logout', {});
  }
  await ageRegistrations(deps, c.allianceId);
  const linked = await linkDemoTickets(deps, a, c.allianceId);
  return `demo: ${a.code}: ${set.merchants.length} merchants, ${points} monitoring points, ${linked} tickets linked`;
}
