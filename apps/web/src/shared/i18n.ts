import zhCN from './locales/zh-CN/index.ts';

export type Locale = 'zh-CN' | 'en-US';

// zh-CN is the default and every string's fallback; the English strings are fetched only by a browser set to English
const DICTS: Partial<Record<Locale, Record<string, string>>> = { 'zh-CN': zhCN };

/** Loads the strings of the chosen locale; the apps call it before their first render. */
export async function loadLocale(): Promise<void> {
  if (currentLocale() !== 'en-US' || DICTS['en-US']) return;
  try {
    DICTS['en-US'] = (await import('./locales/en-US/index.ts')).default;
  } catch {
    // offline or a stale deployment: the page shows Chinese, which every string has
  }
}

/** The UI locale: the user's choice (语言), else the browser's language when it prefers English to Chinese, else zh-CN. */
export function currentLocale(): Locale {
  const v = typeof localStorage === 'undefined' ? null : localStorage.getItem('tx_locale');
  if (v === 'en-US' || v === 'zh-CN') return v;
  return typeof navigator === 'undefined' ? 'zh-CN' : browserLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/** The locale of the browser's languages, most preferred first: the first Chinese or English one decides; zh-CN otherwise. */
export function browserLocale(languages: readonly (string | undefined)[]): Locale {
  for (const l of languages) {
    const tag = (l ?? '').toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en-US';
  }
  return 'zh-CN';
}

export function setLocale(l: Locale): void {
  localStorage.setItem('tx_locale', l);
}

/** Translates a key; `{name}` placeholders are filled from vars; a missing key falls back to zh-CN, then to the key. */
export function t(key: string, vars?: Record<string, string | number>): string {
  const s = DICTS[currentLocale()]?.[key] ?? zhCN[key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? '')) : s;
}

/**
 * Translates a key that counts `n` (also passed as the `{n}` placeholder): a language with a singular form says it in
 * `<key>.one`, used when n is 1 or -1 ("1 pt", "2 pts"); Chinese repeats the plain form there (every locale has
 * every key).
 */
export function tn(key: string, n: number, vars?: Record<string, string | number>): string {
  const dict = DICTS[currentLocale()] ?? zhCN;
  const k = Math.abs(n) === 1 && dict[`${key}.one`] !== undefined ? `${key}.one` : key;
  return t(k, { ...vars, n });
}

/** Options of a select for an enum, labelled from `prefix.value` keys. */
export function enumOptions(prefix: string, values: readonly string[]): { label: string; value: string }[] {
  return values.map((v) => ({ label: t(`${prefix}.${v}`), value: v }));
}
