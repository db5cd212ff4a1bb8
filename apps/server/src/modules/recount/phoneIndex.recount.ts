/**
 * What `tongxin recount` re-derives of the stored phone numbers: each one's blind index, from the encrypted number.
 * Every write indexes a phone by its phoneKey (PiiCipher.phoneIndex), so `?phone=` finds 0579-85551234 typed as
 * 057985551234; rows written before that were indexed by their spelling, hyphen kept, and are re-indexed here.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { Deps } from '../../lib/context.ts';
import type { Drift, Recounter } from '../../lib/recount.ts';

/** The tables holding an encrypted phone and its blind index (every one carries `alliance_id`). */
const PHONE_COLUMNS = [
  ['people', 'phone'],
  ['units', 'contact_phone'],
  ['merchants', 'contact_phone'],
  ['resources', 'contact_phone'],
  ['tickets', 'reporter_phone'],
] as const;

type Row = { id: string; enc: string | null; bidx: string | null };

// a drift names the index by its first characters: the number itself never reaches the output or the audit record
const short = (bidx: string | null) => (bidx ? bidx.slice(0, 12) : null);

function phoneIndexRecounter(table: string, column: string): Recounter {
  const enc = sql.ref(`${column}_enc`);
  const bidx = sql.ref(`${column}_bidx`);
  const derive = (deps: Deps, r: Row) => deps.cipher.phoneIndex(deps.cipher.decrypt(r.enc));
  return {
    name: `${table}.${column}_bidx`,
    async check(deps, db, allianceId) {
      const rows = await sql<Row>`select id, ${enc} as enc, ${bidx} as bidx from ${sql.table(table)}
        where alliance_id = ${allianceId} and (${enc} is not null or ${bidx} is not null) order by id`.execute(db);
      const out: Drift[] = [];
      for (const r of rows.rows) {
        const derived = derive(deps, r);
        if (derived !== r.bidx) out.push({ id: r.id, stored: short(r.bidx), derived: short(derived) });
      }
      return out;
    },
    async fix(deps, trx: Db, drifts) {
      for (const d of drifts) {
        // the row is locked first (a write that changes nothing): an edit committing meanwhile is read, not overwritten
        await sql`update ${sql.table(table)} set ${bidx} = ${bidx} where id = ${d.id}`.execute(trx);
        const r = (await sql<Row>`select id, ${enc} as enc, ${bidx} as bidx from ${sql.table(table)} where id = ${d.id}`.execute(trx)).rows[0];
        if (r) await sql`update ${sql.table(table)} set ${bidx} = ${derive(deps, r)} where id = ${d.id}`.execute(trx);
      }
    },
  };
}

/** `<table>.<column>_bidx` for every stored phone: rebuilt where it is not the index of the number's phoneKey. */
export const phoneIndexRecounters: readonly Recounter[] = PHONE_COLUMNS.map(([table, column]) => phoneIndexRecounter(table, column));
