import { randomFillSync } from 'node:crypto';

// one system call fills randomness for many ids instead of one per id
const POOL_BYTES = 16 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** The offset of `n` fresh random bytes in the pool (each byte is handed out once; n ≤ POOL_BYTES). */
function takeRandom(n: number): number {
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const o = offset;
  offset += n;
  return o;
}

/**
 * `n` bytes (at most 4096) from the cryptographic RNG, out of the pool: randomBytes costs ~2 µs a call here for a
 * handful of bytes (an IV, a public code), the pool one system call per 4 KB.
 */
export function randomBytesPooled(n: number): Buffer {
  const o = takeRandom(n);
  return Buffer.from(pool.subarray(o, o + n));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** the version nibble (7) and the variant bits (10xx) over a random byte */
const VERSION = Array.from({ length: 256 }, (_, i) => HEX[(i & 0x0f) | 0x70] as string);
const VARIANT = Array.from({ length: 256 }, (_, i) => HEX[(i & 0x3f) | 0x80] as string);

/**
 * A UUIDv7: time-ordered, so primary-key indexes stay append-friendly on both databases. Built from byte tables
 * without a Buffer per id: every request and every inserted row takes one or more.
 */
export function newId(now = Date.now()): string {
  const o = takeRandom(10);
  const p = pool;
  // 48-bit milliseconds, big-endian: the high 16 bits and the low 32 bits
  const ms = Math.floor(now);
  const hi = Math.floor(ms / 0x100000000);
  const lo = ms >>> 0;
  const h = HEX as string[];
  return (
    h[(hi >>> 8) & 0xff]! +
    h[hi & 0xff]! +
    h[lo >>> 24]! +
    h[(lo >>> 16) & 0xff]! +
    '-' +
    h[(lo >>> 8) & 0xff]! +
    h[lo & 0xff]! +
    '-' +
    VERSION[p[o]!]! +
    h[p[o + 1]!]! +
    '-' +
    VARIANT[p[o + 2]!]! +
    h[p[o + 3]!]! +
    '-' +
    h[p[o + 4]!]! +
    h[p[o + 5]!]! +
    h[p[o + 6]!]! +
    h[p[o + 7]!]! +
    h[p[o + 8]!]! +
    h[p[o + 9]!]!
  );
}

/** A random URL-safe token of the given byte length. */
export function newToken(bytes = 32): string {
  const b = Buffer.alloc(bytes);
  randomFillSync(b);
  return b.toString('base64url');
}
