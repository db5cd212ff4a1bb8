import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { Db } from '../../db/index.ts';
import type { FileRefTable } from '../../db/types.ts';
import type { Deps, TenantActor } from '../../lib/context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import * as repo from './files.repo.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Decoded pixels refused beyond this (pixel bombs): 40 megapixels. */
export const MAX_INPUT_PIXELS = 40_000_000;
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_SIDE = 2048;
const THUMB_SIDE = 320;

export interface PhotoRef {
  id: string;
  url: string;
  thumbUrl: string;
}

export const photoRef = (id: string): PhotoRef => ({ id, url: `/api/v1/files/${id}`, thumbUrl: `/api/v1/files/${id}/thumb` });

const tooLarge = (message = 'file too large (10 MB at most)') => new AppError('PAYLOAD_TOO_LARGE', 413, message);
const unsupported = (message = 'only JPEG, PNG and WebP images are accepted') => new AppError('UNSUPPORTED_MEDIA_TYPE', 415, message);

/** Reads a stream into memory, refusing more than `max` bytes. */
export async function readCapped(stream: Readable | AsyncIterable<Buffer>, max = MAX_FILE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      if (stream instanceof Readable) stream.resume(); // drain the rest so the request can finish
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

interface Processed {
  content: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

// libvips costs memory from the moment it loads: loaded with the first photo, not at start
type Sharp = typeof import('sharp');
let sharpModule: Promise<Sharp> | null = null;
// sharp is CommonJS (`export =`): under ESM its function is the default export
const loadSharp = (): Promise<Sharp> => (sharpModule ??= import('sharp').then((m) => (m as unknown as { default: Sharp }).default));

/** Sniffs the type from the bytes, decodes with a pixel limit, applies EXIF orientation and re-encodes without metadata. */
export async function processImage(input: Buffer): Promise<Processed> {
  if (input.length > MAX_FILE_BYTES) throw tooLarge();
  const type = await fileTypeFromBuffer(input);
  if (!type || !ACCEPTED.has(type.mime)) throw unsupported();
  const sharp = await loadSharp();
  try {
    const opts = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
    const { data, info } = await sharp(input, opts)
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data).resize({ width: THUMB_SIDE, height: THUMB_SIDE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
    return { content: data, thumb, width: info.width, height: info.height };
  } catch (err) {
    const msg = err instanceof Error ? err.message : '';
    if (/pixel limit/i.test(msg)) throw tooLarge('image has too many pixels');
    throw unsupported('the image could not be decoded');
  }
}

/** Stores an uploaded image: alliance and owner for members, both null for the public form. */
export async function storeImage(deps: Deps, owner: { allianceId: string | null; userId: string | null }, input: Buffer): Promise<PhotoRef> {
  const p = await processImage(input);
  const id = newId(deps.clock.now());
  await repo.insertFile(deps.db, {
    id,
    alliance_id: owner.allianceId,
    owner_user_id: owner.userId,
    mime: 'image/jpeg',
    bytes: p.content.length,
    width: p.width,
    height: p.height,
    sha256: createHash('sha256').update(p.content).digest('hex'),
    content: p.content,
    thumb: p.thumb,
    created_at: deps.clock.now(),
  });
  return photoRef(id);
}

/** How long an upload may wait for the record that uses it (a report, a resolution, a deduction …) before it is deleted. */
export const UNUSED_UPLOAD_MS = 24 * 3_600_000;

/**
 * Deletes uploads, public and members' alike, that no record took within a day (at most `limit` per call; every
 * process runs it, and a delete is idempotent). Returns how many went.
 */
export async function purgeUnusedUploads(deps: Deps, limit = 500): Promise<number> {
  return repo.deletePendingUploads(deps.db, deps.clock.now() - UNUSED_UPLOAD_MS, limit);
}

/** A kind of record that holds photos, and whether an actor can see one of the given records (its module registers it). */
export type PhotoHolder = FileRefTable['entity'];
type Reach = (db: Db, a: TenantActor, ids: readonly string[]) => Promise<boolean>;
const reaches = new Map<PhotoHolder, Reach>();

/** Registers who can see a record of this kind: they see the photos it holds (the tickets, credit and resources modules). */
export function photoHolderReach(holder: PhotoHolder, reach: Reach): void {
  reaches.set(holder, reach);
}

/**
 * Gives photos to a record, in the transaction that writes it; false (nothing given) when one may not be: a photo must
 * be a fresh upload waiting for its record, one `by` uploaded, or one this record already holds. A photo held by
 * another record is not lent on: who knows its id would otherwise read it through a record of their own.
 *
 * The waiting rows are taken first: on PostgreSQL a purge deleting them at the same moment is waited for, and the
 * files are then found gone (files.repo takePendingUploads).
 */
export async function takePhotos(db: Db, allianceId: string, ids: string[], to: { kind: PhotoHolder; id: string; by: string | null }): Promise<boolean> {
  if (ids.length === 0) return true;
  const fresh = new Set(await repo.takePendingUploads(db, ids));
  const files = await repo.filesFor(db, allianceId, ids);
  if (files.length !== ids.length) return false;
  const others = files.filter((f) => !fresh.has(f.id) && (to.by === null || f.owner_user_id !== to.by)).map((f) => f.id);
  if (others.length > 0 && (await repo.heldBy(db, allianceId, others, to.kind, to.id)).length !== others.length) return false;
  await repo.insertFileRefs(db, allianceId, ids, to.kind, to.id);
  return true;
}

/**
 * A member reads a photo they uploaded, or one that a record they can see holds (a case in their data scope, a
 * merchant they reach, a project): a public upload too, once a case of the alliance holds it. 404 otherwise, as for
 * a file that does not exist.
 */
export async function readFileForMember(deps: Deps, a: TenantActor, id: string, variant: 'content' | 'thumb'): Promise<Buffer> {
  const meta = await repo.findFileMeta(deps.db, id);
  if (!meta || (meta.alliance_id !== null && meta.alliance_id !== a.allianceId)) throw notFound('file');
  // the uploader sees it before any record holds it
  const own = meta.alliance_id !== null && a.userId !== null && meta.owner_user_id === a.userId;
  if (!own && !(await seenThroughRecord(deps.db, a, id))) throw notFound('file');
  const bytes = await repo.findFileBytes(deps.db, id, variant);
  if (!bytes) throw notFound('file');
  return bytes;
}

/** Whether a record the actor can see holds the file: one question per kind of record, however many hold it. */
async function seenThroughRecord(db: Db, a: TenantActor, fileId: string): Promise<boolean> {
  const byKind = new Map<PhotoHolder, string[]>();
  for (const ref of await repo.fileRefs(db, a.allianceId, fileId)) byKind.set(ref.entity, [...(byKind.get(ref.entity) ?? []), ref.entity_id]);
  for (const [kind, ids] of byKind) {
    const reach = reaches.get(kind);
    if (reach && (await reach(db, a, ids))) return true;
  }
  return false;
}

/** The bytes of a file, without any access check (callers check that the file belongs to what they show). */
export async function readFileBytes(deps: Deps, id: string, variant: 'content' | 'thumb'): Promise<Buffer | undefined> {
  return repo.findFileBytes(deps.db, id, variant);
}

/** Which of the ids are public uploads (alliance null): the public report form may only attach those. */
export async function publicUploads(deps: Deps, ids: string[]): Promise<Set<string>> {
  return new Set(await repo.publicFileIds(deps.db, ids));
}
