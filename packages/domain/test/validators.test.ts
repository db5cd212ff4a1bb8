import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  creditCodeCheckChar,
  idNumberCheckChar,
  isValidCreditCode,
  isValidLandline,
  isValidMobile,
  isValidResidentId,
  maskFreeText,
  maskIdNumber,
  maskPhone,
  normalizePhone,
  orgCodeCheckChar,
  PersonCreate,
  validateIdDocument,
} from '../src/index.ts';

describe('GB 11643 resident ID', () => {
  it('accepts the standard example and rejects a wrong check digit', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
  });
  it('computes the check character with ISO 7064 MOD 11-2', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    const body = '33078219850312123';
    expect(isValidResidentId(body + idNumberCheckChar(body))).toBe(true);
  });
  it('rejects impossible birth dates but accepts old area codes and the 15-digit form', () => {
    const bad = '33078219850231123';
    expect(isValidResidentId(bad + idNumberCheckChar(bad))).toBe(false);
    const old = '32010219800101123';
    expect(isValidResidentId(old + idNumberCheckChar(old))).toBe(true);
    expect(isValidResidentId('110105491231002')).toBe(true);
    expect(isValidResidentId('110105491331002')).toBe(false);
  });
});

describe('other identity documents', () => {
  it('validates each document type', () => {
    expect(validateIdDocument('hk_macao_permit', 'H12345678')).toBeNull();
    expect(validateIdDocument('hk_macao_permit', 'X12345678')).toBe('invalid_hk_macao_permit');
    expect(validateIdDocument('taiwan_permit', '12345678')).toBeNull();
    expect(validateIdDocument('passport', 'E12345678')).toBeNull();
    expect(validateIdDocument('passport', 'E1')).toBe('invalid_passport');
    expect(validateIdDocument('foreign_permanent', 'USA330782850312')).toBeNull();
    const fp = '93307819850312123';
    expect(validateIdDocument('foreign_permanent', fp + idNumberCheckChar(fp))).toBeNull();
    expect(validateIdDocument('foreign_permanent', '933078198503121230')).not.toBeNull();
  });
  it('PersonCreate names idNumber when the check digit is wrong', () => {
    const r = PersonCreate.safeParse({ name: '张三', idNumber: '110105194912310021' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['idNumber']);
    expect(r.error?.issues[0]?.message).toBe('invalid_resident_id');
  });
});

describe('GB 32100 credit code', () => {
  it('accepts valid codes and rejects a changed character', () => {
    const body8 = 'MA2HXY1Q';
    const org = body8 + orgCodeCheckChar(body8);
    const first17 = `92330782${org}`;
    const code = first17 + creditCodeCheckChar(first17);
    expect(isValidCreditCode(code)).toBe(true);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode(code.replace(/^9/, 'I'))).toBe(false);
  });
});

describe('phones', () => {
  it('normalises +86 and validates mobiles and landlines', () => {
    expect(normalizePhone('+86 138-0000-1234')).toBe('13800001234');
    expect(isValidMobile('+8613800001234')).toBe(true);
    expect(isValidMobile('12800001234')).toBe(false);
    expect(isValidLandline('0579-85551234')).toBe(true);
    expect(isValidLandline('057985551234')).toBe(true);
    expect(isValidLandline('0579-05551234')).toBe(false);
  });
});

describe('masking', () => {
  it('masks phones and ID numbers', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('0579-85551234')).toBe('0579-****1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('E12345678')).toBe('E******78');
  });
  it('masks numbers inside free text', () => {
    const s = maskFreeText('电话13800001234，身份证11010519491231002X，门牌12号');
    expect(s).not.toContain('13800001234');
    expect(s).not.toContain('11010519491231002X');
    expect(s).toContain('门牌12号');
  });
});

describe('password policy', () => {
  it('requires length and three classes and refuses the username', () => {
    expect(checkPasswordPolicy('short1A!')).toBe('password_too_short');
    expect(checkPasswordPolicy('alllowercase1')).toBe('password_too_simple');
    expect(checkPasswordPolicy('Tongxin@2026')).toBeNull();
    expect(checkPasswordPolicy('hhx_admin@2026A', 'hhx_admin')).toBe('password_contains_username');
  });
});
