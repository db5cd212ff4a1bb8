import { maskFreeText } from '@tongxin/domain';

// Phone and ID numbers typed into free text (a person's note, a unit's duties, an org's secretary, a shop's address)
// are another person's data like the encrypted fields: every answer shows them masked, as the tickets do.

/** Free text as the API shows it: phone and ID numbers inside masked. */
export function shownText(text: string | null): string | null {
  return text === null ? null : maskFreeText(text);
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
