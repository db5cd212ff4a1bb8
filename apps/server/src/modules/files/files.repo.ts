import type { Db } from '../../db/index.ts';
import type { Insertable } from 'kysely';
import type { FileTable } from '../../db/types.ts';

/** Stores one re-encoded photo with its thumbnail. */
export async function insertFile(db: Db, row: Insertable<FileTable>): Promise<void> {
  await db.insertInto('files').values(row).execute();
}

/** The metadata of a file (no bytes). */
export async function findFileMeta(db: Db, id: string): Promise<{ id: string; alliance_id: string | null } | undefined> {
  return db.selectFrom('files').select(['id', 'alliance_id']).where('id', '=', id).executeTakeFirst();
}

/** The bytes of a file or of its thumbnail. */
export async function findFileBytes(db: Db, id: string, variant: 'content' | 'thumb'): Promise<Buffer | undefined> {
  const row =
    variant === 'thumb'
      ? await db.selectFrom('files').select('thumb as bytes').where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('files').select('content as bytes').where('id', '=', id).executeTakeFirst();
  return row ? Buffer.from(row.bytes) : undefined;
}

/** Public uploads (alliance_id null) among the given ids. */
export async function publicFileIds(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('files').select('id').where('id', 'in', ids).where('alliance_id', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Whether some ticket (or timeline event) of the alliance references the file in its photos. */
export async function allianceReferencesFile(db: Db, allianceId: string, fileId: string): Promise<boolean> {
  // photos is a JSON array of ids; ids are UUIDs, so a quoted LIKE cannot match a prefix of another id
  const pattern = `%"${fileId.replace(/[%_\\]/g, '')}"%`;
  const t = await db.selectFrom('tickets').select('id').where('alliance_id', '=', allianceId).where('photos', 'like', pattern).limit(1).executeTakeFirst();
  if (t) return true;
  const e = await db
    .selectFrom('ticket_events')
    .select('id')
    .where('alliance_id', '=', allianceId)
    .where('photos', 'like', pattern)
    .limit(1)
    .executeTakeFirst();
  return !!e;
}

/** Marks the public uploads among `ids` as used by a case, in the caller's transaction. */
export async function markPublicFilesAttached(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('files').set({ attached: 1 }).where('id', 'in', ids).where('alliance_id', 'is', null).where('attached', '=', 0).execute();
}

/** Deletes up to `limit` public uploads created before `before` that no case took (the partial index files_public_unattached). */
export async function deleteUnattachedPublicFiles(db: Db, before: number, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('files')
    .where('id', 'in', (eb) =>
      eb.selectFrom('files').select('id').where('alliance_id', 'is', null).where('attached', '=', 0).where('created_at', '<', before).limit(limit),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
