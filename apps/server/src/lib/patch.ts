import { isValidPhone, maskPhone, normalizePhone, phoneKey } from '@tongxin/domain';
import type { PiiCipher } from './crypto.ts';
import { invalidField } from './errors.ts';

// An edit form saved as shown sends every field back unchanged. Such an edit must write nothing: no row update, no audit
// record, and updatedAt keeps telling when the record last changed.

/**
 * Whether writing `patch` over the stored `row` would change anything. Free texts must already have gone through
 * keptText (a masked text sent back as shown is the stored text); an encrypted field is left out of the patch by the
 * caller when sameSecret says it is the stored one (encryption is randomised: two ciphertexts of one number differ).
 */
export function changesRow<R extends object>(row: R, patch: Partial<R>): boolean {
  return Object.keys(changedPart(row, patch)).length > 0;
}

/**
 * The fields of `patch` that differ from the stored `row`. An edit checks its business rules on these only: a field
 * saved as shown already passed them, or was stored before the rule existed and must not block saving the record.
 */
export function changedPart<R extends object>(row: R, patch: Partial<R>): Partial<R> {
  const stored = row as Record<string, unknown>;
  return Object.fromEntries(Object.entries(patch).filter(([k, v]) => !sameValue(stored[k], v))) as Partial<R>;
}

function sameValue(stored: unknown, next: unknown): boolean {
  if (next === undefined || stored === next) return true;
  // PostgreSQL hands bigint columns back as strings; SQLite keeps booleans as 0 and 1
  if (typeof next === 'number' && typeof stored === 'string') return stored !== '' && Number(stored) === next;
  if (typeof next === 'boolean' && typeof stored === 'number') return stored === Number(next);
  return false;
}

/** Whether an encrypted field sent in an edit is the value already stored (empty and absent both meaning none). */
export function sameSecret(cipher: PiiCipher, storedEnc: string | null, sent: string | null | undefined): boolean {
  return (sent || null) === cipher.decrypt(storedEnc);
}

/** A phone number as compared (phoneKey: normalised as on input, a landline's hyphens dropped); none as null. */
const keyOf = (v: string | null | undefined): string | null => (v ? phoneKey(v) : null) || null;

/**
 * Whether an encrypted phone sent in an edit is the number already stored: 0579-85551234 and 0579 8555 1234, or a
 * number stored before input was normalised, are one number, and saving it as shown is no change.
 */
export function samePhone(cipher: PiiCipher, storedEnc: string | null, sent: string | null | undefined): boolean {
  return keyOf(sent) === keyOf(cipher.decrypt(storedEnc));
}

/**
 * The phone an edit writes (normalised; null for none), or undefined when it sent none or the stored number: in any
 * spelling (samePhone) or as shown (masked). Only a changed number is checked against today's format (400
 * `invalid_phone` on `field`): one stored in an older format must not block saving its record as shown.
 */
export function changedPhone(cipher: PiiCipher, field: string, storedEnc: string | null, sent: string | null | undefined): string | null | undefined {
  if (sent === undefined || samePhone(cipher, storedEnc, sent)) return undefined;
  const next = sent?.trim() || null;
  if (next === null) return null;
  if (next === maskPhone(cipher.decrypt(storedEnc))) return undefined;
  if (!isValidPhone(next)) throw invalidField(field, 'invalid_phone', 'not a mobile or landline number');
  return normalizePhone(next);
}
