import type { Db } from './index.ts';

/**
 * Claims (or renews) a job lease. One UPDATE … WHERE decides the winner on both databases: the row is taken only
 * when the previous lease has run out or already belongs to this holder. Every background job of every process
 * (SLA clock, credit clock) calls this before a run.
 */
export async function claimLease(db: Db, name: string, holder: string, now: number, ms: number): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name, holder: null, until: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('job_leases')
    .set({ holder, until: now + ms })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('until', '<', now), eb('holder', '=', holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
