// The wall speaks Simplified Chinese or English. Which one: the page address
// (`?lang=zh-CN|en`, for a wall PC set up once), else what the operator chose
// last time on this browser, else the browser's language.
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_STORAGE_KEY = 'ub.locale';

/** A locale from a tag as browsers and people write it ('zh', 'zh-Hans-CN', 'en-GB'), or null. */
export function localeFromTag(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/** The first of: `lang` in the query, the stored choice, the browser's languages in order; English otherwise. */
export function pickLocale(search: string, stored: string | null, browserLanguages: readonly string[]): Locale {
  const fromQuery = localeFromTag(new URLSearchParams(search).get('lang'));
  if (fromQuery) return fromQuery;
  const fromStorage = localeFromTag(stored);
  if (fromStorage) return fromStorage;
  for (const tag of browserLanguages) {
    const fromBrowser = localeFromTag(tag);
    if (fromBrowser) return fromBrowser;
  }
  return 'en';
}
