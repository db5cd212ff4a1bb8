import type { Db } from '../../db/index.ts';
import type { Insertable } from 'kysely';
import type { FileRefTable, FileTable } from '../../db/types.ts';

/** Stores one re-encoded photo with its thumbnail, waiting for the record that will use it; one transaction. */
export async function insertFile(db: Db, row: Insertable<FileTable> & { created_at: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('files').values(row).execute();
    await trx.insertInto('pending_uploads').values({ file_id: row.id, created_at: row.created_at }).execute();
  });
}

/** The metadata of a file (no bytes). */
export async function findFileMeta(db: Db, id: string): Promise<{ id: string; alliance_id: string | null; owner_user_id: string | null } | undefined> {
  return db.selectFrom('files').select(['id', 'alliance_id', 'owner_user_id']).where('id', '=', id).executeTakeFirst();
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

/** Records that the given photos belong to a record of the alliance, in the caller's transaction (file_refs, 0028). */
export async function insertFileRefs(db: Db, allianceId: string, ids: string[], entity: FileRefTable['entity'], entityId: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .insertInto('file_refs')
    .values(ids.map((id) => ({ file_id: id, alliance_id: allianceId, entity, entity_id: entityId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The records of the alliance that hold the file. */
export async function fileRefs(db: Db, allianceId: string, fileId: string): Promise<Pick<FileRefTable, 'entity' | 'entity_id'>[]> {
  return db.selectFrom('file_refs').select(['entity', 'entity_id']).where('file_id', '=', fileId).where('alliance_id', '=', allianceId).execute();
}

/**
 * Takes the uploads among `ids` out of the waiting list, in the caller's transaction: a record now uses them. Called
 * before the files are checked to exist, so that on PostgreSQL a purge deleting them at the same time is waited for
 * (the waiting rows are locked) and the check then finds them gone, rather than a record keeping a deleted photo.
 */
export async function takePendingUploads(db: Db, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.deleteFrom('pending_uploads').where('file_id', 'in', ids).returning('file_id').execute()).map((r) => r.file_id);
}

/** The files among `ids` that a record of the alliance may hold (its own, or public uploads), with their uploader. */
export async function filesFor(db: Db, allianceId: string, ids: string[]): Promise<{ id: string; owner_user_id: string | null }[]> {
  return db
    .selectFrom('files')
    .select(['id', 'owner_user_id'])
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('alliance_id', '=', allianceId), eb('alliance_id', 'is', null)]))
    .execute();
}

/** Of the files, those the record already holds. */
export async function heldBy(db: Db, allianceId: string, ids: string[], entity: FileRefTable['entity'], entityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('file_refs')
    .select('file_id')
    .where('file_id', 'in', ids)
    .where('alliance_id', '=', allianceId)
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .execute();
  return rows.map((r) => r.file_id);
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
