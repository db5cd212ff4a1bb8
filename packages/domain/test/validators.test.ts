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
  phoneKey,
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
  it('keys every spelling of one number alike (the blind index looked up by ?phone=)', () => {
    for (const spelt of ['0579-85551234', '057985551234', '0579 8555 1234', '（0579）85551234', '０５７９－８５５５１２３４'])
      expect(phoneKey(spelt), spelt).toBe('057985551234');
    expect(phoneKey('0579-85551234-801')).toBe('057985551234801');
    expect(phoneKey('+86 139 1234 5678')).toBe('13912345678');
  });
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
  it('masks numbers as people type them, and leaves dates, amounts and case numbers alone', () => {
    const cases: [string, string][] = [
      ['138 1234 5678', '138****5678'],
      ['138-1234-5678', '138****5678'],
      ['138　1234　5678', '138****5678'],
      ['138.1234.5678', '138****5678'],
      ['138\n1234\n5678', '138****5678'],
      ['电话：１３８１２３４５６７８', '电话：138****5678'],
      ['+86 138 1234 5678', '+86 138****5678'],
      ['13812345678 13987654321', '138****5678 139****4321'],
      ['138 1234 5678 139 8765 4321', '138****5678 139****4321'],
      ['座机 0579-85551234', '座机 0579-****1234'],
      ['(021)6123 4567', '(021)****4567'],
      ['身份证 330782 19900101 1234', '身份证 330782********1234'],
      ['11010519491231002X', '110105********002X'],
      ['2026-11-28 13:45 发生', '2026-11-28 13:45 发生'],
      ['工单 HHX-20261128-0042 已办结', '工单 HHX-20261128-0042 已办结'],
      ['金额 1,380,000 元，编号 2026 1128 0042', '金额 1,380,000 元，编号 2026 1128 0042'],
      ['0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b', '0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b'],
    ];
    for (const [typed, shown] of cases) expect(maskFreeText(typed), typed).toBe(shown);
  });
  it('reads full-width digits as the same phone number', () => {
    expect(normalizePhone('１３８－１２３４－５６７８')).toBe('13812345678');
    expect(isValidMobile('＋86 １３８１２３４５６７８')).toBe(true);
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
