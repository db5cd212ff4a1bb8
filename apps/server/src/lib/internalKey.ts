import { randomBytes } from 'node:crypto';

// The demo seed logs in as many accounts through app.inject within a second; the login rate limit must not
// refuse it. This key exists only in this process's memory, so no request from outside can carry it.
const KEY = randomBytes(24).toString('hex');

/** The header in-process callers (the demo seed) send to pass per-address rate limits. */
export const INTERNAL_HEADER = 'x-tongxin-internal';

/** The value of INTERNAL_HEADER for this process. */
export function internalKey(): string {
  return KEY;
}

/** Whether a request came from inside this process (see internalKey). */
export function isInternal(headers: Record<string, string | string[] | undefined>): boolean {
  return headers[INTERNAL_HEADER] === KEY;
}
