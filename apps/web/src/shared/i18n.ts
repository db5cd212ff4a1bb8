import enMerchants from './locales/en-US/merchants.ts';
import zhMerchants from './locales/zh-CN/merchants.ts';
import enResources from './locales/en-US/resources.ts';
import zhResources from './locales/zh-CN/resources.ts';
import enNotifications from './locales/en-US/notifications.ts';
import zhNotifications from './locales/zh-CN/notifications.ts';
import enOpen311 from './locales/en-US/open311.ts';
import zhOpen311 from './locales/zh-CN/open311.ts';
import enCommon from './locales/en-US/common.ts';
import enConsole from './locales/en-US/console.ts';
import enH5 from './locales/en-US/h5.ts';
import zhCommon from './locales/zh-CN/common.ts';
import zhConsole from './locales/zh-CN/console.ts';
import zhH5 from './locales/zh-CN/h5.ts';

export type Locale = 'zh-CN' | 'en-US';

const DICTS: Record<Locale, Record<string, string>> = {
  'zh-CN': { ...zhCommon, ...zhConsole, ...zhH5, ...zhMerchants, ...zhResources, ...zhNotifications, ...zhOpen311 },
  'en-US': { ...enCommon, ...enConsole, ...enH5, ...enMerchants, ...enResources, ...enNotifications, ...enOpen311 },
};

/** The UI locale: zh-CN unless the user chose English. */
export function currentLocale(): Locale {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem('tx_locale');
  return v === 'en-US' ? 'en-US' : 'zh-CN';
}

export function setLocale(l: Locale): void {
  localStorage.setItem('tx_locale', l);
}

/** Translates a key; `{name}` placeholders are filled from vars; a missing key falls back to zh-CN, then to the key. */
export function t(key: string, vars?: Record<string, string | number>): string {
  const s = DICTS[currentLocale()][key] ?? DICTS['zh-CN'][key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? '')) : s;
}

/** Options of a select for an enum, labelled from `prefix.value` keys. */
export function enumOptions(prefix: string, values: readonly string[]): { label: string; value: string }[] {
  return values.map((v) => ({ label: t(`${prefix}.${v}`), value: v }));
}
