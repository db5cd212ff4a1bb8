import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../lib/errors.ts';

/** Limits an uploaded workbook must stay within before any XML parser sees it (exceljs has no zip-bomb limit). */
export const XLSX_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
  /** sum of the declared uncompressed sizes */
  maxTotalUncompressed: 120 * 1024 * 1024,
  /** per entry, once it is larger than 1 MB uncompressed; real sheets compress 5–30×, zip bombs 1000× */
  maxRatio: 120,
};

const tooLarge = (message: string) => new AppError('PAYLOAD_TOO_LARGE', 413, message);
const notXlsx = (message = 'only .xlsx workbooks (Excel, WPS, LibreOffice) are accepted') => new AppError('UNSUPPORTED_MEDIA_TYPE', 415, message);

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

function centralDirectory(buf: Buffer): Entry[] {
  // the end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes
  const stop = Math.max(0, buf.length - 22 - 65535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx('the file is not a ZIP container');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: no workbook under 10 MB needs them
  if (count === 0xffff || offset === 0xffffffff || size === 0xffffffff) throw notXlsx('ZIP64 containers are not accepted');
  if (count > XLSX_LIMITS.maxEntries) throw tooLarge('the workbook has too many parts');
  if (offset + size > eocd) throw notXlsx('the ZIP central directory is damaged');
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw notXlsx('the ZIP central directory is damaged');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates one entry with a hard output cap at its declared size, so a lying header cannot expand further. */
function checkEntryData(buf: Buffer, e: Entry): void {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw notXlsx('a ZIP entry is damaged');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (data.length !== e.compressed) throw notXlsx('a ZIP entry is truncated');
  if (e.method === 0) {
    if (e.compressed !== e.uncompressed) throw notXlsx('a ZIP entry is damaged');
    return;
  }
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressed) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('a workbook part expands beyond its declared size');
    throw notXlsx('a ZIP entry cannot be decompressed');
  }
  if (out.length !== e.uncompressed) throw notXlsx('a ZIP entry does not match its declared size');
}

/**
 * Refuses anything but a plausible .xlsx before parsing: the ZIP signature, the OOXML parts ([Content_Types].xml,
 * xl/workbook.xml) → else 415; more than 10 MB, too many parts, a declared total or compression ratio beyond the
 * limits, or a part that inflates past its declared size → 413. Every part is inflated once with an output cap.
 */
export function assertSafeXlsx(buf: Buffer): void {
  if (buf.length > XLSX_LIMITS.maxBytes) throw tooLarge('file too large (10 MB at most)');
  if (buf.length < 30 || buf.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  const entries = centralDirectory(buf);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw notXlsx();
  let total = 0;
  for (const e of entries) {
    if (e.flags & 1) throw notXlsx('encrypted workbooks are not accepted');
    if (e.method !== 0 && e.method !== 8) throw notXlsx('unsupported ZIP compression');
    total += e.uncompressed;
    if (total > XLSX_LIMITS.maxTotalUncompressed) throw tooLarge('the workbook expands beyond the allowed size');
    if (e.uncompressed > 1024 * 1024 && e.uncompressed > XLSX_LIMITS.maxRatio * Math.max(1, e.compressed)) {
      throw tooLarge('a workbook part has an implausible compression ratio');
    }
  }
  for (const e of entries) checkEntryData(buf, e);
}
