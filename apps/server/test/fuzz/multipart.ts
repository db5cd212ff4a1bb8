import { deflateRawSync } from 'node:zlib';
import sharp from 'sharp';

/** One part of a multipart body. */
export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

/** A multipart/form-data body and its content-type header (boundary included unless told to leave it out). */
export function multipart(parts: Part[], opts: { boundary?: string; truncate?: number } = {}): { payload: Buffer; contentType: string } {
  const boundary = opts.boundary ?? '----tongxinfuzz7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  let payload = Buffer.concat(chunks);
  if (opts.truncate !== undefined) payload = payload.subarray(0, Math.floor(payload.length * opts.truncate));
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface ZipEntry {
  name: string;
  data: Buffer;
  /** declare this uncompressed size instead of the real one (a lying header) */
  declaredSize?: number;
}

/** A deflated ZIP container (what an .xlsx is), optionally with lying size headers. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const comp = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += local.length + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** An .xlsx-shaped zip bomb: a sheet of `mb` megabytes of one repeated byte; `lie` declares it tiny. */
export function zipBomb(mb: number, lie: boolean): Buffer {
  const sheet = Buffer.alloc(mb * 1024 * 1024, 0x20);
  sheet.write('<?xml version="1.0"?><worksheet><sheetData>', 0);
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1"/></sheets></workbook>') },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, ...(lie ? { declaredSize: 1000 } : {}) },
  ]);
}

/** A PNG header that declares `side`×`side` pixels over a tiny body (a pixel bomb for decoders). */
export function pixelBombPng(side: number): Buffer {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c636000010000050001a5f645400000000049454e44ae426082',
    'hex',
  );
  png.writeUInt32BE(side, 16);
  png.writeUInt32BE(side, 20);
  return png;
}

/** A small real JPEG (so uploads reach the decoder and the writes behind it). */
export async function realJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .toBuffer();
}

/** Uploads of every wrong kind: huge, truncated, bombs, other file types, polyglots. */
export async function badFiles(): Promise<Array<{ label: string; data: Buffer; filename: string; contentType: string }>> {
  const jpeg = await realJpeg();
  const big = Buffer.alloc(20 * 1024 * 1024, 0x41);
  jpeg.copy(big, 0, 0, 20);
  return [
    { label: '20 MB image', data: big, filename: 'big.jpg', contentType: 'image/jpeg' },
    { label: 'truncated jpeg', data: jpeg.subarray(0, Math.floor(jpeg.length / 2)), filename: 'half.jpg', contentType: 'image/jpeg' },
    { label: 'pixel bomb png', data: pixelBombPng(100_000), filename: 'bomb.png', contentType: 'image/png' },
    {
      label: 'zip bomb (honest sizes)',
      data: zipBomb(150, false),
      filename: 'bomb.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    {
      label: 'zip bomb (lying sizes)',
      data: zipBomb(150, true),
      filename: 'lie.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    { label: 'pdf as jpeg', data: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), filename: 'x.jpg', contentType: 'image/jpeg' },
    { label: 'exe', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)]), filename: 'x.exe', contentType: 'application/octet-stream' },
    {
      label: 'svg with script',
      data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      filename: 'x.svg',
      contentType: 'image/svg+xml',
    },
    {
      label: 'jpeg + html polyglot',
      data: Buffer.concat([jpeg.subarray(0, 4), Buffer.from('<html><script>alert(1)</script>')]),
      filename: 'p.jpg',
      contentType: 'image/jpeg',
    },
    { label: 'empty', data: Buffer.alloc(0), filename: '', contentType: 'image/jpeg' },
    { label: 'gif', data: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), filename: 'x.gif', contentType: 'image/gif' },
    { label: 'not a zip as xlsx', data: Buffer.from('PK\x03\x04 garbage garbage', 'latin1'), filename: 'x.xlsx', contentType: 'application/vnd.ms-excel' },
    { label: 'filename traversal', data: jpeg.subarray(0, 10), filename: '../../../etc/passwd', contentType: 'image/jpeg' },
  ];
}
