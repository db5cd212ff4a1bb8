import { maskPhone, type Merchant } from '@tongxin/domain';
import type { MerchantTable } from '../../db/types.ts';
import type { Deps } from '../../lib/context.ts';
import { shownText } from '../../lib/freeText.ts';
import { randomBytesPooled } from '../../lib/ids.ts';
import type { MerchantRow } from './merchants.repo.ts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A new public code for the QR (GET /m/<code>): 16 characters of lowercase base32 over 80 random bits, so codes are
 * URL-safe, carry nothing about the merchant (never the credit code) and cannot be enumerated. Unique city-wide
 * (a unique index backs it); it never changes.
 */
export function newPublicCode(): string {
  const bytes = randomBytesPooled(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function plaquesOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The API view of a merchant row; the contact phone is decrypted only to be masked. */
export function toMerchant(
  deps: Pick<Deps, 'cipher'>,
  r: MerchantTable & Partial<Pick<MerchantRow, 'grid_name' | 'operator_person_name' | 'liaison_person_name'>>,
): Merchant {
  const hasPoint = r.lng !== null && r.lat !== null;
  return {
    id: r.id,
    allianceId: r.alliance_id,
    creditCode: r.credit_code,
    // one written before names refused numbers shows them masked; an edit or a re-import sending the mask back keeps it
    name: shownText(r.name),
    businessType: r.business_type as Merchant['businessType'],
    address: shownText(r.address),
    location: hasPoint ? { lng: Number(r.lng), lat: Number(r.lat), crs: (r.crs ?? 'wgs84') as 'wgs84' | 'gcj02' } : null,
    wgs84: r.wgs_lng !== null && r.wgs_lat !== null ? { lng: Number(r.wgs_lng), lat: Number(r.wgs_lat) } : null,
    gridId: r.grid_id,
    gridName: shownText(r.grid_name ?? null),
    operatorPersonId: r.operator_person_id,
    operatorPersonName: shownText(r.operator_person_name ?? null),
    operatorName: shownText(r.operator_name),
    partyMemberOperator: Number(r.party_member_operator) === 1,
    contactPhone: maskPhone(deps.cipher.decrypt(r.contact_phone_enc)),
    status: r.status as Merchant['status'],
    publicCode: r.public_code,
    monitoringPoint: Number(r.monitoring_point) === 1,
    liaisonPersonId: r.liaison_person_id,
    liaisonPersonName: shownText(r.liaison_person_name ?? null),
    creditPoints: Number(r.credit_points),
    creditStars: r.credit_stars === null ? null : Number(r.credit_stars),
    creditFlag: r.credit_flag,
    plaques: plaquesOf(r.plaques),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
