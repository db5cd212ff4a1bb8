import type { Db } from '../../db/index.ts';
import type { Insertable } from 'kysely';
import type { FileTable } from '../../db/types.ts';

/** Stores one re-encoded photo with its thumbnail, waiting for the record that will use it; one transaction. */
export async function insertFile(db: Db, row: Insertable<FileTable> & { created_at: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('files').values(row).execute();
    await trx.insertInto('pending_uploads').values({ file_id: row.id, created_at: row.created_at }).execute();
  });
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

/**
 * Takes the uploads among `ids` out of the waiting list, in the caller's transaction: a record now uses them. Called
 * before the files are checked to exist, so that on PostgreSQL a purge deleting them at the same time is waited for
 * (the waiting rows are locked) and the check then finds them gone, rather than a record keeping a deleted photo.
 */
export async function takePendingUploads(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('pending_uploads').where('file_id', 'in', ids).execute();
}

/** Deletes up to `limit` uploads that waited since before `before` for a record, with their files; returns how many. */
export async function deletePendingUploads(db: Db, before: number, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // the waiting rows first: on PostgreSQL a record taking one of them holds its row, and this delete waits and skips it
    const gone = await trx
      .deleteFrom('pending_uploads')
      .where('file_id', 'in', (eb) => eb.selectFrom('pending_uploads').select('file_id').where('created_at', '<', before).orderBy('created_at').limit(limit))
      .returning('file_id')
      .execute();
    const ids = gone.map((r) => r.file_id);
    if (ids.length > 0) await trx.deleteFrom('files').where('id', 'in', ids).execute();
    return ids.length;
  });
}
