/** 统一社会信用代码 (GB 32100-2015) and the embedded 组织机构代码 (GB 11714) check. */

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Computes the GB 32100 check character for the first 17 characters, or null when a character is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * (CREDIT_WEIGHTS[i] as number);
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CHARSET[c] as string;
}

/** Computes the GB 11714 check character of an 8-character organisation code body. */
export function orgCodeCheckChar(body8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = ORG_CHARSET.indexOf(body8[i] ?? '');
    if (v < 0) return null;
    sum += v * (ORG_WEIGHTS[i] as number);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Validates a 统一社会信用代码: charset, GB 11714 check (positions 9–17) and GB 32100 check (position 18). */
export function isValidCreditCode(code: string): boolean {
  const s = code.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return false;
  const orgCheck = orgCodeCheckChar(s.slice(8, 16));
  if (orgCheck === null || orgCheck !== s[16]) return false;
  return creditCodeCheckChar(s.slice(0, 17)) === s[17];
}
