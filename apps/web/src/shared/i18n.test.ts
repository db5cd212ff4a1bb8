import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserLocale, loadLocale, tn } from './i18n.ts';

describe('browserLocale', () => {
  it('follows the first Chinese or English language the browser prefers', () => {
    expect(browserLocale(['en-US', 'zh-CN'])).toBe('en-US');
    expect(browserLocale(['en'])).toBe('en-US');
    expect(browserLocale(['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(browserLocale(['fr-FR', 'en-GB', 'zh-CN'])).toBe('en-US');
    expect(browserLocale(['de-DE', 'zh'])).toBe('zh-CN');
  });

  it('stays Chinese for any other language, an empty list or a missing one', () => {
    expect(browserLocale(['fr-FR', 'ja-JP'])).toBe('zh-CN');
    expect(browserLocale([])).toBe('zh-CN');
    expect(browserLocale([undefined])).toBe('zh-CN');
    // a tag that only starts like English is not English
    expect(browserLocale(['eng-XX', 'zhx'])).toBe('zh-CN');
  });
});

describe('tn', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says one of a thing in the singular where the language has one, and any other count in the plural', async () => {
    vi.stubGlobal('localStorage', { getItem: () => 'en-US', setItem: () => undefined });
    await loadLocale();
    expect(tn('merchants.h5.itemOption', 1, { name: 'Noise' })).toBe('Noise (1 pt)');
    expect(tn('merchants.h5.itemOption', -1, { name: 'Noise' })).toBe('Noise (-1 pt)');
    expect(tn('merchants.h5.itemOption', 2, { name: 'Noise' })).toBe('Noise (2 pts)');
    expect(tn('merchants.h5.pointsShort', 0)).toBe('0 pts');
    expect(tn('merchants.h5.pointsShort', 1)).toBe('1 pt');
  });

  it('says every count alike in Chinese', () => {
    vi.stubGlobal('localStorage', { getItem: () => 'zh-CN', setItem: () => undefined });
    expect(tn('merchants.h5.itemOption', 1, { name: '噪音' })).toBe('噪音（1 分）');
    expect(tn('merchants.h5.pointsShort', 12)).toBe('12 分');
  });
});
