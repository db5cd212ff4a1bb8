/** Row → API shapes of the credit module. */
import type { CreditCycle, CreditEntry, CreditItem, CreditObjection, PlaqueKind, PlaqueRecord, PromiseRecord } from '@tongxin/domain';
import type {
  CreditCycleTable,
  CreditEntryTable,
  CreditItemTable,
  CreditObjectionTable,
  CreditPlaqueTable,
  CreditPromiseTable,
} from '../../db/tables/credit.ts';
import { photoRef } from '../tickets/index.ts';
import { jsonStringArray } from '../../lib/json.ts';
import { shownText } from '../../lib/freeText.ts';

/** JSON array of strings, tolerant of bad rows. */
export const ids = jsonStringArray;

const n = (v: number | null) => (v === null ? null : Number(v));

export function toItem(r: CreditItemTable): CreditItem {
  return { id: r.id, code: r.code, name: r.name, points: Number(r.points), active: Number(r.active) === 1 };
}

export function toEntry(r: CreditEntryTable): CreditEntry {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    cycleId: r.cycle_id,
    kind: r.kind as CreditEntry['kind'],
    itemId: r.item_id,
    itemCode: r.item_code,
    itemName: shownText(r.item_name),
    pointsAsked: Number(r.points_asked),
    pointsApplied: Number(r.points_applied),
    delta: Number(r.delta),
    balanceAfter: Number(r.balance_after),
    photos: ids(r.photos).map(photoRef),
    place: shownText(r.place),
    note: shownText(r.note),
    inspectorName: shownText(r.inspector_name),
    correctsEntryId: r.corrects_entry_id,
    ticketId: r.ticket_id,
    objectionId: r.objection_id,
    at: Number(r.at),
  };
}

export function toCycle(r: CreditCycleTable): CreditCycle {
  return {
    id: r.id,
    label: r.label,
    startsAt: Number(r.starts_at),
    endsAt: Number(r.ends_at),
    openingPoints: Number(r.opening_points),
    closingPoints: n(r.closing_points),
  };
}

export function toPlaque(r: CreditPlaqueTable): PlaqueRecord {
  return {
    id: r.id,
    kind: r.kind as PlaqueKind,
    grantedAt: Number(r.granted_at),
    validUntil: n(r.valid_until),
    roundId: r.round_id,
    revokedAt: n(r.revoked_at),
    revokeReason: shownText(r.revoke_reason),
  };
}

export function toPromise(r: CreditPromiseTable): PromiseRecord {
  return {
    id: r.id,
    identity: shownText(r.identity),
    duty: shownText(r.duty),
    pledge: shownText(r.pledge),
    text: shownText(r.text),
    createdAt: Number(r.created_at),
    createdByName: shownText(r.created_by_name),
  };
}

export type ObjectionRow = CreditObjectionTable & {
  merchant_name: string;
  ticket_number: string | null;
  ticket_title: string | null;
  entry_item_name: string | null;
  entry_points: number | null;
  entry_at: number | null;
  entry_place: string | null;
  entry_note: string | null;
  entry_inspector: string | null;
  entry_photos: string | null;
};

export function toObjection(r: ObjectionRow): CreditObjection {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    merchantName: shownText(r.merchant_name),
    entryId: r.entry_id,
    contested:
      r.entry_id === null || r.entry_at === null
        ? null
        : {
            itemName: shownText(r.entry_item_name),
            points: Number(r.entry_points),
            at: Number(r.entry_at),
            place: shownText(r.entry_place),
            note: shownText(r.entry_note),
            inspectorName: shownText(r.entry_inspector),
            photos: ids(r.entry_photos).map(photoRef),
          },
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    ticketTitle: shownText(r.ticket_title),
    reason: shownText(r.reason),
    photos: ids(r.photos).map(photoRef),
    status: r.status as CreditObjection['status'],
    filedAt: Number(r.filed_at),
    filedByName: shownText(r.filed_by_name),
    decidedAt: n(r.decided_at),
    decidedByName: shownText(r.decided_by_name),
    decisionNote: shownText(r.decision_note),
    reversalEntryId: r.reversal_entry_id,
  };
}
