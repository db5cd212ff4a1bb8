import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

/** 十二分制 credit: deduction catalogue, cycles, the append-only ledger, flags, stars, plaques, evaluation rounds, promises, objections. */
export async function up(_db: Kysely<unknown>): Promise<void> {
  // filled in by the module that owns these tables
}
