import { BUILTIN_ROLES } from '@tongxin/domain';
import { describe, expect, it } from 'vitest';
import { builtinRoleKey, holidayKey, holidayLabel, roleLabel } from './dataNames.ts';
import en from './locales/en-US/index.ts';
import zh from './locales/zh-CN/index.ts';

describe('built-in role names', () => {
  it('knows every built-in role by its seeded name, and no other name', () => {
    for (const r of BUILTIN_ROLES) expect(builtinRoleKey(r.name)).toBe(r.key);
    expect(builtinRoleKey('党委工作人员（夜班）')).toBeNull();
    expect(builtinRoleKey('')).toBeNull();
  });

  it('has an English and a Chinese name for each, the Chinese one the seeded name', () => {
    for (const r of BUILTIN_ROLES) {
      expect(en[`builtinRole.${r.key}`]).toMatch(/^[A-Z][\x20-\x7e]+$/);
      expect(zh[`builtinRole.${r.key}`]).toBe(r.name);
    }
  });

  it('shows a seeded name in the locale (zh-CN in tests) and a custom one as stored', () => {
    expect(roleLabel('党委工作人员')).toBe('党委工作人员');
    expect(roleLabel('夜间巡查员')).toBe('夜间巡查员');
  });
});

describe('holiday names', () => {
  it('knows the names chinese-days seeds, their 调休 days and the longer forms', () => {
    for (const n of ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节']) expect(holidayKey(n)).toMatchObject({ makeUp: false });
    expect(holidayKey('清明节')).toEqual(holidayKey('清明'));
    expect(holidayKey('国庆节调休')).toEqual({ key: 'national_day', makeUp: true });
    expect(holidayKey('调休')).toEqual({ key: null, makeUp: true });
    expect(holidayKey('商圈店庆')).toBeNull();
    expect(holidayKey('商圈店庆调休')).toBeNull();
  });

  it('has English for every known holiday', () => {
    for (const n of ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节', '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日']) {
      const k = holidayKey(n)?.key;
      expect(en[`holiday.${k}`]).toMatch(/^[A-Z][\x20-\x7e]+$/);
      expect(zh[`holiday.${k}`]).toBeTruthy();
    }
    expect(en['holiday.makeUpOf']).toContain('{name}');
  });

  it('shows an unknown or missing name as stored', () => {
    expect(holidayLabel('商圈店庆')).toBe('商圈店庆');
    expect(holidayLabel(null)).toBeNull();
    expect(holidayLabel('春节调休')).toBe('春节调休');
  });
});
