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

/** Upper case without spaces, dashes or full-width forms (codes pasted from PDFs and Word often carry them). */
export function normalizeCreditCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
}

/** Why a code is not a valid 统一社会信用代码, or null when it is. */
export type CreditCodeProblem = 'length' | 'charset' | 'org_check' | 'check';

/**
 * Checks a 统一社会信用代码 (after normalizeCreditCode): 18 characters of the GB 32100 set (no I, O, S, V, Z),
 * the GB 11714 check of the 主体标识码 (positions 9–17, also for 个体工商户 92…), and the GB 32100 check (position 18).
 * Positions 3–8 (the registering authority's area) are deliberately not checked against today's area codes.
 */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const s = normalizeCreditCode(code);
  if (s.length !== 18) return 'length';
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return 'charset';
  if (orgCodeCheckChar(s.slice(8, 16)) !== s[16]) return 'org_check';
  if (creditCodeCheckChar(s.slice(0, 17)) !== s[17]) return 'check';
  return null;
}

/** Validates a 统一社会信用代码: charset, GB 11714 check (positions 9–17) and GB 32100 check (position 18). */
export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Completes a 16-character body (positions 1–16) with both check characters: the GB 11714 one, then the GB 32100 one. */
export function completeCreditCode(first16: string): string | null {
  const s = normalizeCreditCode(first16);
  if (s.length !== 16) return null;
  const org = orgCodeCheckChar(s.slice(8, 16));
  if (org === null) return null;
  const check = creditCodeCheckChar(s + org);
  return check === null ? null : s + org + check;
}
