import { describe, expect, it } from 'vitest';
import { MerchantUpdate, PersonCreate, PersonUpdate, ResourceUpdate, UnitCreate, UnitUpdate } from '../src/index.ts';

// An edit's phone is checked by the server against the stored one (PhoneEdit): the schema checks its shape only, so a
// number stored in an older format, sent back in full or masked, reaches the service; a create still checks the format.

describe('PhoneEdit', () => {
  it('the edit schemas take any phone text up to 24 characters, the stored one in an old format or masked', () => {
    for (const phone of ['85551234', '****1234', '138****5678', ' 0579-85551234 ', '', null]) {
      expect(PersonUpdate.safeParse({ phone }).success, String(phone)).toBe(true);
      for (const schema of [UnitUpdate, MerchantUpdate, ResourceUpdate]) expect(schema.safeParse({ contactPhone: phone }).success, String(phone)).toBe(true);
    }
    expect(PersonUpdate.parse({ phone: ' 85551234 ' }).phone).toBe('85551234');
    expect(PersonUpdate.safeParse({ phone: '1'.repeat(25) }).success).toBe(false);
    expect(UnitUpdate.safeParse({ contactPhone: 13800001111 }).success).toBe(false);
  });

  it('a create still refuses a number of a wrong format and normalises a good one', () => {
    expect(PersonCreate.safeParse({ name: '张三', phone: '85551234' }).success).toBe(false);
    expect(UnitCreate.safeParse({ kind: 'enterprise', name: '物业', contactPhone: '****1234' }).success).toBe(false);
    expect(PersonCreate.parse({ name: '张三', phone: '+86 138 0000 1111' }).phone).toBe('13800001111');
  });
});
