/**
 * `tongxin recount`: derives every summary the modules store denormalised again from its source rows, alliance by
 * alliance, and reports what differs. Reading writes nothing; fixing rewrites an alliance's differing rows through
 * each module's live code in one short transaction, with one `system.recount` audit record naming what changed.
 */
import { RECOUNT_ACTOR_NAME } from '@tongxin/domain';
import type { Deps } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import type { Drift, RecountActor, Recounter } from '../../lib/recount.ts';
import { appendAudit } from '../audit/index.ts';
import { creditRecounters } from '../credit/index.ts';
import { projectRecounter, resourceTokensRecounter } from '../resources/index.ts';
import { ticketRecounters } from '../tickets/index.ts';
import { phoneIndexRecounters } from './phoneIndex.recount.ts';

/** Every recounter, in the order they run (docs/OPERATIONS.md "Recount" lists what each re-derives). */
export const RECOUNTERS: readonly Recounter[] = [...creditRecounters, ...ticketRecounters, projectRecounter, resourceTokensRecounter, ...phoneIndexRecounters];

/** What one alliance's recount found (and, with fix, rewrote). */
export interface AllianceRecount {
  allianceId: string;
  code: string;
  name: string;
  /** the recounters that found differences, with them */
  parts: Array<{ name: string; drifts: Drift[] }>;
  differences: number;
  fixed: boolean;
}

// the audit record names the rows rewritten, up to this many (the counts cover all of them)
const AUDIT_ROWS = 200;

/** The alliances to recount: all, or those whose code or id is given. */
async function alliancesOf(deps: Deps, only: readonly string[]) {
  const rows = await deps.db.selectFrom('alliances').select(['id', 'code', 'name']).orderBy('code').execute();
  if (only.length === 0) return rows;
  const wanted = new Set(only.map((s) => s.trim().toUpperCase()));
  return rows.filter((a) => wanted.has(a.code.toUpperCase()) || wanted.has(a.id.toUpperCase()));
}

/** An alliance unknown to the database, named by `--alliance`. */
export class UnknownAllianceError extends Error {}

/**
 * Recounts the given alliances (every one when `only` is empty), calling `each` as each is done. Without `fix` nothing
 * is written; with it each alliance that differs is rewritten in its own transaction.
 */
export async function recount(
  deps: Deps,
  opts: { fix: boolean; only?: readonly string[] },
  each: (r: AllianceRecount) => void = () => {},
): Promise<AllianceRecount[]> {
  const only = opts.only ?? [];
  const alliances = await alliancesOf(deps, only);
  if (only.length > 0 && alliances.length < new Set(only.map((s) => s.trim().toUpperCase())).size)
    throw new UnknownAllianceError(`no such alliance among ${only.join(', ')} (give an alliance code or id)`);
  const out: AllianceRecount[] = [];
  for (const a of alliances) {
    const now = deps.clock.now();
    const parts: AllianceRecount['parts'] = [];
    for (const r of RECOUNTERS) {
      const drifts = await r.check(deps, deps.db, a.id, now);
      if (drifts.length > 0) parts.push({ name: r.name, drifts });
    }
    const differences = parts.reduce((n, p) => n + p.drifts.length, 0);
    const result: AllianceRecount = { allianceId: a.id, code: a.code, name: a.name, parts, differences, fixed: false };
    if (opts.fix && differences > 0) {
      await fixAlliance(deps, a.id, parts);
      result.fixed = true;
    }
    each(result);
    out.push(result);
  }
  return out;
}

/** Rewrites what the read found different, from the sources again, and records it: one transaction. */
async function fixAlliance(deps: Deps, allianceId: string, parts: AllianceRecount['parts']): Promise<void> {
  const actor: RecountActor = { userId: null, name: RECOUNT_ACTOR_NAME, requestId: `recount-${newId()}`, ip: null, allianceId };
  await deps.db.transaction().execute(async (trx) => {
    for (const p of parts) {
      const r = RECOUNTERS.find((x) => x.name === p.name);
      if (r) await r.fix(deps, trx, p.drifts, actor);
    }
    const rows = parts.flatMap((p) => p.drifts.map((d) => ({ what: p.name, ...d }))).slice(0, AUDIT_ROWS);
    await appendAudit(trx, deps, actor, {
      action: 'system.recount',
      entity: 'alliance',
      entityId: allianceId,
      after: { counts: Object.fromEntries(parts.map((p) => [p.name, p.drifts.length])), rows },
    });
  });
}
