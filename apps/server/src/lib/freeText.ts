import { holdsNumber, maskFreeText } from '@tongxin/domain';
import { invalidField } from './errors.ts';

// Phone and ID numbers typed into free text (a person's note, a unit's duties, an org's secretary, a shop's address)
// are another person's data like the encrypted fields: every answer shows them masked, as the tickets do.

/** Free text as the API shows it: phone and ID numbers inside masked. */
export function shownText<T extends string | null>(text: T): T {
  return (text === null ? null : maskFreeText(text)) as T;
}

/**
 * What to store for a free-text field a client sends back: the stored text when the client sent exactly the masked form
 * it was shown (an edit form re-submitting what it displayed), otherwise what it sent. Without this, saving a form
 * would overwrite a number with its mask.
 */
export function keptText<T extends string | null | undefined>(stored: string | null, sent: T): T | string {
  if (typeof sent !== 'string' || stored === null || sent === stored) return sent;
  return sent === maskFreeText(stored) ? stored : sent;
}

/**
 * What to store for a name an edit sends (an edit body takes it as plain Text, see NameText): the stored name when it
 * comes back as stored or as shown (masked), else the new name, refused (400 `contains_number` on `field`) when it holds a
 * phone or ID number. Only a changed name is checked: a row named before the rule must stay editable. Optional names
 * (a unit's contact, an org's secretary, a holiday's name) pass null for none.
 */
export function keptName<T extends string | null | undefined>(field: string, stored: string | null, sent: T): T | string {
  const next = keptText(stored, sent);
  if (typeof next === 'string' && next !== stored && holdsNumber(next))
    throw invalidField(field, 'contains_number', 'a name must not contain a phone or ID number');
  return next;
}

/**
 * keptName over a list of names (an alliance's grid-level names): each sent name that is one of the stored ones, as
 * stored or as shown, is kept as stored; any other holding a number is refused on `field.<index>`.
 */
export function keptNames(field: string, stored: readonly string[], sent: readonly string[]): string[] {
  return sent.map((s, i) => stored.find((t) => keptText(t, s) === t) ?? keptName(`${field}.${i}`, null, s));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A JSON-like value with phone and ID numbers masked in every string inside it: for records whose fields are not
 * known here (the audit log's before and after). Ids are left alone: a UUID's digit groups can look like a mobile number.
 */
export function shownDeep(v: unknown): unknown {
  if (typeof v === 'string') return UUID.test(v) ? v : maskFreeText(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(shownDeep);
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return shownDeep(json.call(v));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = IDENTIFIERS.has(k) ? x : shownDeep(x);
  return out;
}

/** Fields that hold business identifiers, never a person's number (an all-digit 统一社会信用代码 looks like an ID number). */
const IDENTIFIERS = new Set(['creditCode', 'credit_code', 'number', 'ticketNumber', 'publicCode', 'public_code', 'code', 'username']);
