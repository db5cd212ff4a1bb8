/**
 * Plays the demo's 十二分制 year through the real HTTP API: inspectors deduct for 占道经营 / 油烟扰民 / 门前三包 …
 * and restore after rectification, one shop is caught at 价格欺诈, party-member operators post their 亮身份、亮职责、
 * 亮承诺, the committee runs a finished 联盟推荐商家 round (and a 党员经营户 / 示范户 / 放心店 round), and one objection
 * waits for the committee. Everything happens "now"; one documented SQL step (ageLedger) then spreads each merchant's
 * entries over the past months of the current cycle, keeping their order, and the summaries are refreshed — times only,
 * audit_log untouched (like the tickets' seed). Last, the committee upholds one closed complaint about a registered
 * merchant (linked by the merchants' seed) with a 消费投诉属实 deduction, so the complaint → credit path shows.
 */
import { cycleAt, DEFAULT_CREDIT_SETTINGS, monthRange, shanghaiMonth } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import { refreshMerchantCredit } from '../credit/index.ts';
import { DEMO_PASSWORD, type DemoAlliance } from './demo.data.ts';
import { evidencePhoto } from './demo.evidence.ts';
import { DemoApi, type Created } from './demo.seed.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface M {
  id: string;
  name: string;
  status: string;
  partyMemberOperator: boolean;
  operatorPersonName: string | null;
  operatorName: string | null;
}

/** What inspectors recorded, by merchant position in the list (deterministic, so every demo looks the same). */
const PATTERNS: Array<Array<{ code?: string; restore?: number; place: string; note: string }>> = [
  [
    { code: 'road_occupation', place: '店门口人行道', note: '货架摆出店外约 1.5 米，占用盲道' },
    { restore: 2, place: '店门口人行道', note: '已整改：货架收回店内，复查合格' },
  ],
  [{ code: 'fume', place: '后厨排烟口', note: '油烟净化器未开启，居民投诉油烟扰民' }],
  [],
  [
    { code: 'frontage_duties', place: '门前三包责任区', note: '门前纸箱堆放、地面油污未清理' },
    { code: 'noise', place: '店门口', note: '晚 22 时后外放音响促销' },
  ],
  [],
  [
    { code: 'outdoor_ad', place: '店招上方', note: '擅自加装闪烁灯箱广告' },
    { restore: 1, place: '店招上方', note: '已整改：灯箱拆除' },
  ],
];

const PROMISE = (m: M) => ({
  identity: `中共党员 ${m.operatorPersonName ?? m.operatorName ?? '经营者'}，${m.name}经营者`,
  duty: '带头诚信守法经营，维护门前三包和公共卫生，热情周到服务',
  pledge: '明码标价、童叟无欺，不占道经营，不缺斤短两，自觉接受群众监督',
});

/**
 * Moves each seeded merchant's entries back over the past months (inside the current cycle), keeping their order. The
 * merchant with a pending objection (`keepRecent`) keeps its entries recent: spread over the last days, inside the
 * objection window and this month, so the objection stays in time and this month's flag stands.
 */
async function ageLedger(deps: Deps, allianceId: string, keepRecent: Set<string>): Promise<void> {
  const now = deps.clock.now();
  const from = Math.max(cycleAt(DEFAULT_CREDIT_SETTINGS.cycle, now).startsAt + DAY, now - 150 * DAY);
  const recentFrom = Math.max(monthRange(shanghaiMonth(now)).start + HOUR, now - (DEFAULT_CREDIT_SETTINGS.objectionDays - 5) * DAY);
  const entries = await deps.db
    .selectFrom('credit_entries')
    .select(['id', 'merchant_id', 'seq'])
    .where('alliance_id', '=', allianceId)
    .orderBy('merchant_id')
    .orderBy('seq')
    .execute();
  const byMerchant = new Map<string, string[]>();
  for (const e of entries) byMerchant.set(e.merchant_id, [...(byMerchant.get(e.merchant_id) ?? []), e.id]);
  await deps.db.transaction().execute(async (trx) => {
    let k = 0;
    for (const [, ids] of byMerchant) {
      if (ids.some((id) => keepRecent.has(id))) {
        // evenly over [recentFrom, now − 1 h), in order (in the first hour of a month: all now)
        const step = Math.max(0, now - HOUR - recentFrom) / ids.length;
        if (step === 0) continue;
        for (const [i, id] of ids.entries())
          await trx
            .updateTable('credit_entries')
            .set({ at: Math.round(recentFrom + step * i) })
            .where('id', '=', id)
            .execute();
        continue;
      }
      k++;
      const span = now - 2 * DAY - from;
      for (const [i, id] of ids.entries()) {
        // spread over the window; a merchant's later entries land later (restorations follow their deductions)
        const at = Math.round(from + (span * ((k * 37) % 60)) / 100 + ((span * 0.35) / ids.length) * i + ((k * 7919) % 86_400) * 1000);
        await trx
          .updateTable('credit_entries')
          .set({ at: Math.min(at, now - DAY) })
          .where('id', '=', id)
          .execute();
      }
    }
  });
}

/** The committee's verdict through the API on the first closed complaint about a registered merchant: 属实, with the deduction. */
async function upholdComplaints(deps: Deps, staff: DemoApi, allianceId: string): Promise<number> {
  const closed = await deps.db
    .selectFrom('tickets')
    .select(['id', 'number'])
    .where('alliance_id', '=', allianceId)
    .where('kind', '=', 'complaint')
    .where('status', '=', 'closed')
    .where('merchant_id', 'is not', null)
    .where('complaint_verdict', 'is', null)
    .orderBy('number')
    .limit(1)
    .execute();
  for (const t of closed) await staff.call('POST', `/api/v1/tickets/${t.id}/verdict`, { upheld: true, deduct: true, note: '经市场监管所调查核实，投诉属实' });
  return closed.length;
}

/** Seeds credit ledgers, flags, stars, plaques, evaluation rounds, promises and an objection of one demo alliance; returns a line for the seed log. */
export async function seedDemoCredit(app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const committee = a.accounts.find((x) => x.role === 'staff') ?? a.accounts.find((x) => x.role === 'admin');
  const inspectorSpec = a.accounts.find((x) => x.role === 'unit_handler') ?? committee;
  if (!committee || !inspectorSpec) return `demo: ${a.code}: credit — no committee account`;
  const staff = await DemoApi.login(app, committee.username, DEMO_PASSWORD);
  await staff.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
  const inspector = await DemoApi.login(app, inspectorSpec.username, DEMO_PASSWORD);
  await inspector.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });

  const list = await staff.call<{ items: M[] }>('GET', '/api/v1/merchants?pageSize=200');
  const merchants = list.items.filter((m) => m.status === 'operating');
  if (merchants.length === 0) return `demo: ${a.code}: credit — no merchants`;
  const catalogue = await inspector.call<{ items: Array<{ id: string; code: string }> }>('GET', '/api/v1/credit/catalogue');
  const item = (code: string) => catalogue.items.find((x) => x.code === code)?.id;

  // every deduction carries its evidence photo (the inspector's, one scene per item, uploaded once per alliance)
  const photos = new Map<string, string>();
  const evidence = async (code: string) => {
    let id = photos.get(code);
    if (!id) photos.set(code, (id = await inspector.upload(await evidencePhoto(code), `${code}.jpg`)));
    return [id];
  };

  let entries = 0;
  for (const [i, m] of merchants.entries()) {
    for (const step of PATTERNS[i % PATTERNS.length] ?? []) {
      const body = step.code
        ? { kind: 'deduction', itemId: item(step.code), place: step.place, note: step.note, photos: await evidence(step.code) }
        : { kind: 'restoration', points: step.restore, place: step.place, note: step.note };
      await inspector.call('POST', `/api/v1/merchants/${m.id}/credit/entries`, body);
      entries++;
    }
  }
  // one shop caught twice: 价格欺诈 and 噪音 — a yellow flag, and the committee is told
  const caught = merchants[merchants.length - 1] as M;
  await inspector.call('POST', `/api/v1/merchants/${caught.id}/credit/entries`, {
    kind: 'deduction',
    itemId: item('price_fraud'),
    photos: await evidence('price_fraud'),
    place: '收银台',
    note: '标价签与结算价不一致，多收顾客 38 元',
  });
  await inspector.call('POST', `/api/v1/merchants/${caught.id}/credit/entries`, {
    kind: 'deduction',
    itemId: item('noise'),
    photos: await evidence('noise'),
    place: '店门口',
    note: '夜间外放音响',
  });
  entries += 2;

  // 亮身份、亮职责、亮承诺
  let promises = 0;
  for (const m of merchants.filter((x) => x.partyMemberOperator)) {
    await staff.call('POST', `/api/v1/merchants/${m.id}/credit/promise`, PROMISE(m));
    promises++;
  }

  // finished evaluation rounds: 党员经营户 for party-member operators, then the quarterly 联盟推荐商家 (示范户 / 放心店 in Quanzhou)
  const now = deps.clock.now();
  const quarterEnd = (() => {
    const d = new Date(now + 8 * 3_600_000);
    const q = Math.floor(d.getUTCMonth() / 3);
    return Date.UTC(d.getUTCFullYear(), q * 3 + 3, 1) - 8 * 3_600_000;
  })();
  const quarterName = (() => {
    const d = new Date(now + 8 * 3_600_000);
    return `${d.getUTCFullYear()}年第${['一', '二', '三', '四'][Math.floor(d.getUTCMonth() / 3)]}季度`;
  })();
  const rounds: Array<{ name: string; plaqueKind: string; validUntil?: number; approve: number }> = [
    { name: `${quarterName}党员经营户亮牌`, plaqueKind: 'party_member', approve: 99 },
    a.code === 'QG'
      ? { name: `${quarterName}“示范户”诚信遴选`, plaqueKind: 'demonstration', approve: 3 }
      : { name: `${quarterName}“联盟推荐商家”评比`, plaqueKind: 'recommended', validUntil: quarterEnd, approve: 3 },
  ];
  if (a.code === 'QG') rounds.push({ name: `${quarterName}“放心店”诚信遴选`, plaqueKind: 'trusted', approve: 2 });
  let granted = 0;
  for (const r of rounds) {
    const round = await staff.call<{ id: string; items: Array<{ merchantId: string; rank: number }> }>('POST', '/api/v1/credit/rounds', {
      name: r.name,
      plaqueKind: r.plaqueKind,
      ...(r.validUntil ? { validUntil: r.validUntil } : {}),
    });
    for (const cand of round.items) {
      const approve = cand.rank <= r.approve;
      await staff.call('POST', `/api/v1/credit/rounds/${round.id}/candidates/${cand.merchantId}/decision`, {
        approve,
        note: approve ? '综合服务质量、群众口碑、参与党建和公益活动情况良好' : '本期未入选',
      });
      if (approve) granted++;
    }
    await staff.call('POST', `/api/v1/credit/rounds/${round.id}/finish`);
  }

  // the caught shop objects to the noise deduction: waiting for the committee
  const rec = await staff.call<{ entries: Array<{ id: string; kind: string; itemCode: string | null }> }>('GET', `/api/v1/merchants/${caught.id}/credit`);
  const noise = rec.entries.find((e) => e.kind === 'deduction' && e.itemCode === 'noise');
  const keep = new Set<string>();
  if (noise) {
    await staff.call('POST', `/api/v1/merchants/${caught.id}/credit/objections`, {
      entryId: noise.id,
      reason: '当晚系隔壁店铺外放音响，本店已于 21 时打烊，附监控截图',
    });
    keep.add(noise.id);
    for (const e of rec.entries) keep.add(e.id);
  }

  await ageLedger(deps, c.allianceId, keep);
  const upheld = await upholdComplaints(deps, staff, c.allianceId);
  for (const m of list.items)
    await refreshMerchantCredit(deps, { userId: null, name: '演示数据', requestId: 'demo-credit', ip: null, allianceId: c.allianceId }, m.id);
  return `demo: ${a.code}: credit — ${entries} ledger entries, ${promises} promises, ${rounds.length} finished rounds (${granted} plaques), 1 pending objection, ${upheld} upheld complaint(s)`;
}
