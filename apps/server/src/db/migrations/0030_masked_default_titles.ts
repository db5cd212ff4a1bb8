import { maskFreeText } from '@tongxin/domain';
import type { Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

type Schema = { tickets: { id: string; title: string; description: string } };

const BATCH = 2000;

/** The first 30 characters of a text with its whitespace runs as one space: a case's title when none was typed. */
const start = (text: string): string => [...text.replace(/\s+/g, ' ').trim()].slice(0, 30).join('');

/**
 * A case reported without a title took the first 30 characters of its description, cut before its phone and ID numbers
 * were masked: a number running past the 30th character kept all but its last digits (13800001234 → 1380000123), which
 * the masking of free text no longer recognises, and every list, inbox line and export showed it. The title is now cut
 * from the masked description (tickets.service); the titles taken that way before are cut again here. A title someone
 * typed is left alone: only a title equal to the start of its description is rewritten.
 */
export async function up(raw: Kysely<unknown>): Promise<void> {
  const db = raw as unknown as Kysely<Schema>;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('tickets').select(['id', 'title', 'description']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    for (const r of rows) {
      if (r.title !== start(r.description)) continue;
      const masked = start(maskFreeText(r.description.replace(/\s+/g, ' ').trim()));
      if (masked !== r.title) await db.updateTable('tickets').set({ title: masked }).where('id', '=', r.id).execute();
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.id;
  }
}

/** The numbers are not put back: nothing needs them, and the description keeps them. */
export async function down(): Promise<void> {}
