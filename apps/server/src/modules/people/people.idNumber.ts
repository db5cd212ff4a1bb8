import { maskIdNumber } from '@tongxin/domain';
import type { Db } from '../../db/index.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { AppError, invalidField } from '../../lib/errors.ts';
import type { ResolvedScope } from '../access/index.ts';
import { appendAudit, recentActs } from '../audit/index.ts';
import * as repo from './people.repo.ts';

/*
 * One ID number per person within an alliance. The refusal tells whoever enters a number that someone of the alliance
 * holds it, which an account whose data scope is narrower than the alliance (a grid officer, a unit) could otherwise
 * use to test any number against the whole alliance. For such an account a duplicate held outside its scope is
 * refused exactly like one inside (same code, no name, no place), written to the audit log as
 * person.id_number_refused, and after `config.idNumberProbeLimit` (ID_NUMBER_PROBE_LIMIT) of those within an hour
 * every new ID number it enters is refused with 429 until the hour has passed, whether or not it is taken
 * (docs/API.md "People").
 */

const PROBE_WINDOW_MS = 3_600_000;
const REFUSED = 'person.id_number_refused';

/** The 429 of an account over its limit, until `oldest` (the oldest refusal the limit counts) leaves the hour. */
function rateLimited(oldest: number, now: number): AppError {
  const retryAfter = Math.max(1, Math.ceil((oldest + PROBE_WINDOW_MS - now) / 1000));
  return new AppError('RATE_LIMITED', 429, 'too many ID numbers refused as duplicates within the hour; try again later', { retryAfter });
}

const duplicate = () => invalidField('idNumber', 'duplicate', 'another person of this alliance has this ID number');

/** The duplicate refusal when the holder is outside the actor's scope: the same answer, audited once it is rolled back. */
class HiddenDuplicate extends AppError {
  constructor(readonly maskedNumber: string | null) {
    const d = duplicate();
    super(d.code, d.status, d.message, d.details);
  }
}

/** A new ID number about to be written for the person `selfId` (its blind index `bidx`), within the actor's scope. */
export interface NewIdNumber {
  scope: ResolvedScope;
  idNumber: string | null;
  bidx: string | null;
  selfId: string;
}

/**
 * Checks a new ID number before it is written: a narrower account over its refusal limit is answered 429 whatever the
 * number, then the number must be free in the alliance (400 `duplicate`).
 */
export async function checkNewIdNumber(trx: Db, deps: Pick<Deps, 'clock' | 'config'>, a: TenantActor, n: NewIdNumber): Promise<void> {
  if (!n.bidx) return;
  if (n.scope.kind !== 'alliance') {
    const limit = deps.config.idNumberProbeLimit;
    const times = await recentActs(trx, deps, a, REFUSED, PROBE_WINDOW_MS, limit);
    if (times.length >= limit) throw rateLimited(times.at(-1) as number, deps.clock.now());
  }
  await assertIdNumberFree(trx, a.allianceId, n);
}

/**
 * Refuses (400 `duplicate`) an ID number another person of the alliance holds. Called again after appendAudit, whose
 * chain-head lock serialises the alliance's writes on PostgreSQL, so a concurrent insert of the same number is seen
 * and rolls this one back.
 */
export async function assertIdNumberFree(trx: Db, allianceId: string, n: NewIdNumber): Promise<void> {
  if (!n.bidx) return;
  const holders = await repo.idsWithIdNumber(trx, allianceId, n.bidx, n.selfId);
  if (holders.length === 0) return;
  if (n.scope.kind === 'alliance') throw duplicate();
  for (const id of holders) if (await repo.inScope(trx, allianceId, n.scope, id)) throw duplicate();
  throw new HiddenDuplicate(maskIdNumber(n.idNumber));
}

/**
 * Runs a write of a person; when it was refused for an ID number held outside the actor's scope, audits the refusal —
 * or answers 429 instead when the limit was reached meanwhile (checkNewIdNumber reads the count before the write).
 */
export async function auditingIdProbes<T>(deps: Deps, a: TenantActor, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    // the write's transaction is rolled back: the refusal's record needs one of its own
    if (err instanceof HiddenDuplicate) await deps.db.transaction().execute((trx) => recordRefusal(trx, deps, a, err.maskedNumber));
    throw err;
  }
}

/**
 * Records one refusal, or throws 429 (rolling the record back) when it would pass the limit. Counting after the append
 * makes check and record one step per account: the append holds the chain head (row-locked on PostgreSQL, where a
 * concurrent refusal of the alliance waits for this commit and then counts this record; SQLite runs one write
 * transaction at a time), so simultaneous probes record exactly the limit and the rest are 429.
 */
async function recordRefusal(trx: Db, deps: Deps, a: TenantActor, maskedNumber: string | null): Promise<void> {
  await appendAudit(trx, deps, a, { action: REFUSED, entity: 'person', entityId: null, after: { field: 'idNumber', idNumber: maskedNumber } });
  const limit = deps.config.idNumberProbeLimit;
  const times = await recentActs(trx, deps, a, REFUSED, PROBE_WINDOW_MS, limit + 1);
  if (times.length > limit) throw rateLimited(times.at(-1) as number, deps.clock.now());
}
