/**
 * The credit clock: keeps every merchant's summary true without waiting for a request — new cycles (points back to
 * 12), the month's 红黄旗, plaques whose validity ran out, and merchants credit has not touched yet. One process at a
 * time holds the lease; each merchant is refreshed in its own transaction, and a refresh is idempotent, so a second
 * process (or a request doing the same lazily) never double-applies anything.
 */
import { shanghaiMonth } from '@tongxin/domain';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { type CreditActor, touch } from './credit.ledger.ts';
import * as repo from './credit.repo.ts';

export const CREDIT_CLOCK_LEASE = 'credit-clock';
export const CREDIT_LEASE_MS = 50_000;
const BATCH = 100;
const OPEN_PER_TICK = 200;
const RATED_LOOKBACK_MS = 40 * 86_400_000;

export interface CreditClockResult {
  rolled: number;
  expired: number;
  flags: number;
  opened: number;
  /** merchants whose stars were recomputed after a case about them was rated */
  rated: number;
  /** merchants whose stars were recomputed after their operator reported a case (participation) */
  participated: number;
}

/** One run: returns what it did, or null when another process holds the lease. Stops after budgetMs of work. */
export async function runCreditClockOnce(deps: Deps, holder: string, budgetMs = 20_000): Promise<CreditClockResult | null> {
  const started = Date.now();
  const now = deps.clock.now();
  if (!(await repo.claimLease(deps.db, CREDIT_CLOCK_LEASE, holder, now, CREDIT_LEASE_MS))) return null;
  const out: CreditClockResult = { rolled: 0, expired: 0, flags: 0, opened: 0, rated: 0, participated: 0 };
  const actor = (allianceId: string): CreditActor => ({ userId: null, name: '信用时钟', requestId: `credit-clock-${newId()}`, ip: null, allianceId });
  const seen = new Set<string>();
  const sweep = async (select: () => Promise<Array<{ merchant_id: string }>>, count: keyof CreditClockResult, cap = Number.POSITIVE_INFINITY) => {
    while (Date.now() - started < budgetMs && out[count] < cap) {
      const rows = (await select()).filter((r) => !seen.has(`${count}:${r.merchant_id}`));
      if (rows.length === 0) return;
      for (const r of rows) {
        seen.add(`${count}:${r.merchant_id}`);
        await touch(deps, actor(''), r.merchant_id);
        out[count]++;
      }
    }
  };
  await sweep(() => repo.accountsToRoll(deps.db, now, BATCH), 'rolled');
  // plaques past their validity: mark them, then refresh that merchant's list
  const expired = await repo.expiredPlaques(deps.db, now, 1000);
  for (const p of expired) if (await repo.expirePlaque(deps.db, p.id, now)) seen.delete(`expired:${p.merchant_id}`);
  await sweep(async () => [...new Set(expired.map((p) => p.merchant_id))].map((merchant_id) => ({ merchant_id })), 'expired');
  await sweep(() => repo.accountsWithStaleFlag(deps.db, shanghaiMonth(now), BATCH), 'flags');
  // a rating counts in the stars: within a minute, not at the next month's roll-over (which refreshes every account,
  // so older ratings were counted then)
  await sweep(() => repo.accountsWithNewRatings(deps.db, deps.dbKind, now - RATED_LOOKBACK_MS, BATCH), 'rated');
  // so does a case the operator reports (a cancelled or merged one drops out at the next roll-over)
  await sweep(() => repo.accountsWithNewParticipation(deps.db, now - RATED_LOOKBACK_MS, BATCH), 'participated');
  // merchants credit never touched already show 12 points; opening them (stars, red flags) is background catch-up,
  // capped per tick so that a bulk import of many merchants does not load the process
  await sweep(() => repo.merchantsWithoutAccount(deps.db, BATCH), 'opened', OPEN_PER_TICK);
  return out;
}
