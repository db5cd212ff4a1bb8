import { randomFillSync } from 'node:crypto';

// one system call fills randomness for many ids instead of one per id
const POOL_BYTES = 16 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** A UUIDv7: time-ordered, so primary-key indexes stay append-friendly on both databases. */
export function newId(now = Date.now()): string {
  if (offset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  // 48-bit milliseconds, big-endian
  let ts = Math.floor(now);
  for (let i = 5; i >= 0; i--) {
    b[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random URL-safe token of the given byte length. */
export function newToken(bytes = 32): string {
  const b = Buffer.alloc(bytes);
  randomFillSync(b);
  return b.toString('base64url');
}
