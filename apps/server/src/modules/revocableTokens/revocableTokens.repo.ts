import type { Db } from '../../db/index.ts';

/** The tables of revocable bearer tokens: each row has a prefix, a hash, last_used_at and revoked_at. */
export type TokenTable = 'api_keys' | 'display_links';

/** Marks a token revoked; one already revoked keeps its first time. */
export async function revoke(db: Db, table: TokenTable, id: string, now: number): Promise<void> {
  await db.updateTable(table).set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Records a use of a token. */
export async function touch(db: Db, table: TokenTable, id: string, now: number): Promise<void> {
  await db.updateTable(table).set({ last_used_at: now }).where('id', '=', id).execute();
}
