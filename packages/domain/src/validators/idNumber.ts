/** 公民身份号码 (GB 11643) and the other identity documents named in DESIGN.md. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Computes the ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

function isValidDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Validates a 居民身份证 number: 18 digits with birth date and check, or the 15-digit legacy form. Old area codes are accepted. */
export function isValidResidentId(raw: string): boolean {
  const s = raw.trim().toUpperCase();
  if (/^\d{15}$/.test(s)) {
    return isValidDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
  }
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const y = Number(s.slice(6, 10));
  if (y < 1900 || !isValidDate(y, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
  return idNumberCheckChar(s.slice(0, 17)) === s[17];
}

export const ID_TYPES = ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'passport'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** Validates a document number of the given type; returns an error message key or null when valid. */
export function validateIdDocument(type: IdType, raw: string): string | null {
  const s = raw.trim().toUpperCase();
  switch (type) {
    case 'resident_id':
      return isValidResidentId(s) ? null : 'invalid_resident_id';
    case 'hk_macao_permit':
      // 港澳居民来往内地通行证: H/M + 8 or 10 digits
      return /^[HM]\d{8}(\d{2})?$/.test(s) ? null : 'invalid_hk_macao_permit';
    case 'taiwan_permit':
      // 台湾居民来往大陆通行证: 8 digits (2015+) or 10 characters of the older booklet
      return /^(\d{8}|\d{10}|[A-Z]\d{9})$/.test(s) ? null : 'invalid_taiwan_permit';
    case 'foreign_permanent':
      // 外国人永久居留身份证: 15 chars (2004 form: 3 letters + 12 digits) or 18 chars starting with 9 (2023 form) with MOD 11-2 check
      if (/^[A-Z]{3}\d{12}$/.test(s)) return null;
      if (/^9\d{16}[\dX]$/.test(s) && idNumberCheckChar(s.slice(0, 17)) === s[17]) return null;
      return 'invalid_foreign_permanent';
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(s) ? null : 'invalid_passport';
  }
}
