import { randomBytes } from 'node:crypto';

/** A UUIDv7: time-ordered, so primary-key indexes stay append-friendly on both databases. */
export function newId(now = Date.now()): string {
  const b = randomBytes(16);
  const ts = BigInt(now);
  for (let i = 0; i < 6; i++) b[i] = Number((ts >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random URL-safe token of the given byte length. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
