/** The shape of `tongxin recount` (modules/recount): what each module contributes to re-derive its stored summaries. */
import type { Db } from '../db/index.ts';
import type { Actor, Deps } from './context.ts';

/** One stored value that does not match what its source rows derive (the recounter's name says which). */
export interface Drift {
  /** the row holding it (for a day counter: the day) */
  id: string;
  stored: string | number | null;
  derived: string | number | null;
}

/** Who rewrites a summary: the system (no user), in one alliance. */
export type RecountActor = Pick<Actor, 'userId' | 'name' | 'requestId' | 'ip'> & { allianceId: string };

/** A summary a module keeps denormalised, and how it is derived again from its source rows. */
export interface Recounter {
  /** the stored column(s) it re-derives, e.g. `tickets.reopen_count`, as docs/OPERATIONS.md names them */
  name: string;
  /** the differences in one alliance, read without writing anything */
  check(deps: Deps, db: Db, allianceId: string, now: number): Promise<Drift[]>;
  /** rewrites the rows found different, from their sources again, in the caller's transaction (the module's live code) */
  fix(deps: Deps, trx: Db, drifts: Drift[], actor: RecountActor): Promise<void>;
}
