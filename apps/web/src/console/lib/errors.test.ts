import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api.ts';
import { loadLocale } from '../../shared/i18n.ts';
import { errorText } from './errors.ts';

const inUse = () => new ApiError(409, 'CONFLICT', 'organisation is still in use', { references: ['children', 'people'] });

describe('errorText of a refused delete', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists what still uses the record with the enumeration comma in Chinese', () => {
    vi.stubGlobal('localStorage', { getItem: () => 'zh-CN', setItem: () => undefined });
    expect(errorText(inUse())).toMatch(/下级.*、.*人员/);
  });

  it('lists it with a comma in English, not with 、', async () => {
    vi.stubGlobal('localStorage', { getItem: () => 'en-US', setItem: () => undefined });
    await loadLocale();
    const text = errorText(inUse());
    expect(text).toContain('sub-items, people');
    expect(text).not.toContain('、');
  });
});
