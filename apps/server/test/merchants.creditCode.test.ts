import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeCreditCode, creditCodeProblem, isValidCreditCode, normalizeCreditCode } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/merchants/credit-codes.json'), 'utf8')) as {
  codes: Array<{ code: string; company: string; source: string }>;
};

describe('统一社会信用代码 (GB 32100 with the GB 11714 check)', () => {
  it('the fixture names each code’s company and source', () => {
    expect(fixture.codes.length).toBeGreaterThanOrEqual(10);
    for (const c of fixture.codes) {
      expect(c.company).toMatch(/公司/);
      expect(c.source.length).toBeGreaterThan(4);
    }
  });

  it.each(fixture.codes.map((c) => [c.company, c.code]))('accepts the published code of %s', (_company, code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code.toLowerCase())).toBe(true);
  });

  it('refuses every single-character substitution of every published code', () => {
    for (const { code } of fixture.codes) {
      for (let i = 0; i < 18; i++) {
        for (const ch of CHARSET) {
          if (ch === code[i]) continue;
          const bad = code.slice(0, i) + ch + code.slice(i + 1);
          expect(isValidCreditCode(bad), `${code} → ${bad}`).toBe(false);
        }
      }
    }
  });

  it('checks the embedded 组织机构代码 check character, not only the final one', () => {
    const code = fixture.codes[0]?.code as string;
    expect(completeCreditCode(code.slice(0, 16))).toBe(code);
    // change position 17 (the GB 11714 check) and recompute position 18: only the organisation-code check catches it
    for (const ch of '0123456789X') {
      if (ch === code[16]) continue;
      const first17 = code.slice(0, 16) + ch;
      const recomputed = first17 + lastCheck(first17);
      expect(creditCodeProblem(recomputed)).toBe('org_check');
    }
  });

  it('accepts individual businesses (92…) and cooperatives (93…) with computed check characters', () => {
    for (const body of ['92330782MA2E7E1H', '92520303MA6HX1Q2', '93350505MA31B2C4']) {
      const code = completeCreditCode(body) as string;
      expect(code).toHaveLength(18);
      expect(isValidCreditCode(code)).toBe(true);
    }
  });

  it('names what is wrong and normalises pasted forms', () => {
    expect(creditCodeProblem('91440300192181490')).toBe('length');
    expect(creditCodeProblem('91440300192181490I')).toBe('charset');
    expect(creditCodeProblem('91440300192181490H')).toBe('check');
    expect(normalizeCreditCode(' ９１４４０３００１９２１８１４９０ｇ ')).toBe('91440300192181490G');
    expect(isValidCreditCode('9144 0300 1921 8149 0G')).toBe(true);
  });
});

/** The GB 32100 check character of 17 characters (computed here independently of the validator under test). */
function lastCheck(first17: string): string {
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i] as string) * (W[i] as number);
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}
