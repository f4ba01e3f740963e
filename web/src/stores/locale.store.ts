import { defineStore } from 'pinia';
import { LOCALE_STORAGE_KEY, pickLocale, type Locale } from '../i18n/locale';
import { applyLocale } from '../i18n/strings';

/** Where the store reads and keeps the choice; the browser's by default, a fake in specs. */
export interface LocaleEnvironment {
  search: string;
  languages: readonly string[];
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  setDocumentLanguage(locale: Locale): void;
}

export function browserLocaleEnvironment(): LocaleEnvironment {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    // Storage can be refused (privacy settings); the choice then lasts until a reload.
  }
  return {
    search: window.location.search,
    languages: navigator.languages ?? [navigator.language],
    storage,
    setDocumentLanguage: (locale) => (document.documentElement.lang = locale),
  };
}

// Global: the top bar switches it, every view's strings and number formats follow it.
export const useLocaleStore = defineStore('locale', {
  state: () => ({ locale: 'en' as Locale }),
  actions: {
    /** Picks the language once at start: address, stored choice, browser, English. */
    init(env: LocaleEnvironment = browserLocaleEnvironment()): void {
      this.apply(pickLocale(env.search, env.storage?.getItem(LOCALE_STORAGE_KEY) ?? null, env.languages), env);
    },
    /** The operator's choice: shown at once and remembered on this browser. */
    choose(locale: Locale, env: LocaleEnvironment = browserLocaleEnvironment()): void {
      try {
        env.storage?.setItem(LOCALE_STORAGE_KEY, locale);
      } catch {
        // Full or refused storage: the switch still works for this session.
      }
      this.apply(locale, env);
    },
    apply(locale: Locale, env: LocaleEnvironment): void {
      this.locale = locale;
      applyLocale(locale);
      env.setDocumentLanguage(locale);
    },
  },
});
