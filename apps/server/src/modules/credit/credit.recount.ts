/**
 * What `tongxin recount` re-derives of the credit module: the upheld-complaint summary and the credit summary on the
 * merchants row. Both are derived by the functions the live writes use (upheldSummary, deriveSummary) and rewritten by
 * them (recountUpheld, touchIn), so a recount can never disagree with the next live change.
 */
import { upheldSummary } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Drift, Recounter } from '../../lib/recount.ts';
import { deriveSummary, loadSettings, touchIn } from './credit.ledger.ts';
import { recountUpheld, upheldTimes } from './credit.objections.repo.ts';
import * as repo from './credit.repo.ts';

/** merchants.upheld_year / upheld_count from the verdicts of the merchant's complaints (docs/CREDIT.md). */
export const upheldRecounter: Recounter = {
  name: 'merchants.upheld_year/upheld_count',
  async check(_deps, db, allianceId) {
    const times = await upheldTimes(db, allianceId);
    const rows = await db.selectFrom('merchants').select(['id', 'upheld_year', 'upheld_count']).where('alliance_id', '=', allianceId).orderBy('id').execute();
    const out: Drift[] = [];
    for (const m of rows) {
      const s = upheldSummary(times.get(m.id) ?? []);
      if (Number(m.upheld_year) !== s.year || Number(m.upheld_count) !== s.count)
        out.push({ id: m.id, stored: `${m.upheld_year}/${m.upheld_count}`, derived: `${s.year}/${s.count}` });
    }
    return out;
  },
  async fix(_deps, trx, drifts) {
    for (const d of drifts) await recountUpheld(trx, d.id);
  },
};

const summaryText = (s: { points: number; stars: number | null; flag: string | null; plaques: string }) =>
  `points ${s.points}, stars ${s.stars ?? '-'}, flag ${s.flag ?? '-'}, plaques ${s.plaques}`;

/**
 * merchants.credit_points / credit_stars / credit_flag / plaques from the ledger of the current cycle, the star facts
 * and the plaques held, as refreshSummary writes them. Merchants whose account the credit clock has not opened or
 * rolled into the current cycle yet are its work, not a difference.
 */
export const creditSummaryRecounter: Recounter = {
  name: 'merchants.credit_points/credit_stars/credit_flag/plaques',
  async check(_deps, db, allianceId, now) {
    const settings = await loadSettings(db, allianceId);
    const merchants = await db
      .selectFrom('merchants')
      .innerJoin('credit_accounts as a', 'a.merchant_id', 'merchants.id')
      .selectAll('merchants')
      .select(['a.cycle_id', 'a.cycle_ends_at'])
      .where('merchants.alliance_id', '=', allianceId)
      .where('a.cycle_ends_at', '>', now)
      .orderBy('merchants.id')
      .execute();
    const out: Drift[] = [];
    for (const m of merchants) {
      const cycle = await repo.cycleById(db, m.cycle_id);
      if (!cycle) continue;
      const s = await deriveSummary(db, settings, m, cycle, now);
      const stored = {
        points: Number(m.credit_points),
        stars: m.credit_stars === null ? null : Number(m.credit_stars),
        flag: m.credit_flag,
        plaques: m.plaques,
      };
      const derived = { points: s.points, stars: s.stars, flag: s.flag, plaques: JSON.stringify(s.plaques) };
      if (summaryText(stored) !== summaryText(derived)) out.push({ id: m.id, stored: summaryText(stored), derived: summaryText(derived) });
    }
    return out;
  },
  async fix(deps, trx, drifts, actor) {
    for (const d of drifts) await touchIn(deps, trx, actor, d.id);
  },
};

/** The text of each merchant's latest promise (亮身份、亮职责、亮承诺), for the merchants of the alliance that made one. */
async function latestPromises(db: Db, allianceId: string, only?: readonly string[]): Promise<Map<string, string>> {
  let q = db.selectFrom('credit_promises').select(['merchant_id', 'text']).where('alliance_id', '=', allianceId);
  if (only) q = q.where('merchant_id', 'in', only);
  const out = new Map<string, string>();
  // oldest first: the latest of each merchant is the one left in the map
  for (const r of await q.orderBy('created_at').orderBy('id').execute()) out.set(r.merchant_id, r.text);
  return out;
}

/** merchants.promise: the latest promise's text (a merchant that never made one keeps what it has). */
export const promiseRecounter: Recounter = {
  name: 'merchants.promise',
  async check(_deps, db, allianceId) {
    const latest = await latestPromises(db, allianceId);
    const rows = await db.selectFrom('merchants').select(['id', 'promise']).where('alliance_id', '=', allianceId).orderBy('id').execute();
    return rows
      .filter((m) => latest.has(m.id) && latest.get(m.id) !== m.promise)
      .map((m) => ({ id: m.id, stored: m.promise, derived: latest.get(m.id) ?? null }));
  },
  async fix(deps, trx, drifts, actor) {
    const ids = drifts.map((d) => d.id);
    // the rows are locked first (a write that changes nothing): a promise committing meanwhile is read, not overwritten
    await trx
      .updateTable('merchants')
      .set((eb) => ({ promise: eb.ref('promise') }))
      .where('id', 'in', ids)
      .execute();
    const latest = await latestPromises(trx, actor.allianceId, ids);
    for (const [id, text] of latest) await repo.setMerchantPromise(trx, id, text, deps.clock.now());
  },
};

/** Every credit summary `tongxin recount` re-derives. */
export const creditRecounters: readonly Recounter[] = [upheldRecounter, creditSummaryRecounter, promiseRecounter];
