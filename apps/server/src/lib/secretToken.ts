import { randomBytes } from 'node:crypto';

/** Characters of a token shown in lists (`txk_` + 8), enough to tell tokens apart, useless to guess the rest. */
export const TOKEN_PREFIX_LENGTH = 12;

/**
 * A new bearer secret (API keys `txk`, display links `txd`): `<kind>_` + 40 base64url characters (240 random bits).
 * It is shown once; only its SHA-256 is stored, so a database copy holds nothing that opens the API.
 */
export function newSecretToken(kind: string): string {
  return `${kind}_${randomBytes(30).toString('base64url')}`;
}

/** Whether `s` has the shape of a token of `kind` (checked before any lookup, so junk costs no query). */
export function looksLikeSecretToken(kind: string, s: string): boolean {
  return s.startsWith(`${kind}_`) && /^[A-Za-z0-9_-]{20,100}$/.test(s.slice(kind.length + 1));
}
