import { BUILTIN_ROLES, PUBLIC_REPORTER_ACTOR_NAME, RECOUNT_ACTOR_NAME, SLA_CLOCK_ACTOR_NAME } from '@tongxin/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actorLabel, builtinRoleKey, holidayKey, holidayLabel, roleDescriptionLabel, roleLabel } from './dataNames.ts';
import { loadLocale } from './i18n.ts';
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

describe('built-in role descriptions', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('has an English and a Chinese description for each, the Chinese one the seeded description', () => {
    for (const r of BUILTIN_ROLES) {
      expect(en[`builtinRole.${r.key}.description`]).toMatch(/^[A-Z]/);
      expect(zh[`builtinRole.${r.key}.description`]).toBe(r.description);
    }
  });

  it('reads a seeded description in English, and a typed one as stored', async () => {
    vi.stubGlobal('localStorage', { getItem: () => 'en-US', setItem: () => undefined });
    await loadLocale();
    const staff = BUILTIN_ROLES.find((r) => r.key === 'staff')!;
    expect(roleDescriptionLabel(staff.description)).toBe(en['builtinRole.staff.description']);
    expect(roleDescriptionLabel('夜间巡查商圈')).toBe('夜间巡查商圈');
    expect(roleDescriptionLabel(null)).toBeNull();
  });

  it('shows every description as stored in Chinese', () => {
    vi.stubGlobal('localStorage', { getItem: () => 'zh-CN', setItem: () => undefined });
    for (const r of BUILTIN_ROLES) expect(roleDescriptionLabel(r.description)).toBe(r.description);
  });
});

describe('actors without an account', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the SLA clock, the recount and the public reporter in English, a person as stored', async () => {
    vi.stubGlobal('localStorage', { getItem: () => 'en-US', setItem: () => undefined });
    await loadLocale();
    expect(actorLabel(SLA_CLOCK_ACTOR_NAME)).toBe(en['console.ticket.slaClock']);
    expect(actorLabel(PUBLIC_REPORTER_ACTOR_NAME)).toBe(en['console.ticket.publicReporter']);
    expect(actorLabel(RECOUNT_ACTOR_NAME)).toBe('Data recount');
    expect(actorLabel('吴国平')).toBe('吴国平');
  });
});
