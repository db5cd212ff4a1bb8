import { describe, expect, it } from 'vitest';
import { browserLocale } from './i18n.ts';

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
