import type { Db } from '../../db/index.ts';
import { invalidField } from '../../lib/errors.ts';

type RefTable = 'orgs' | 'grids' | 'units' | 'people' | 'roles';

/** Checks that each referenced row exists in the same alliance; otherwise 400 naming the field (never reveals other tenants' rows). */
export async function assertRefs(db: Db, allianceId: string, refs: Array<[field: string, table: RefTable, id: string | null | undefined]>): Promise<void> {
  for (const [field, table, id] of refs) {
    if (!id) continue;
    const row = await db.selectFrom(table).select('id').where('id', '=', id).where('alliance_id', '=', allianceId).executeTakeFirst();
    if (!row) throw invalidField(field, 'unknown_reference', `${field} does not exist in this alliance`);
  }
}
