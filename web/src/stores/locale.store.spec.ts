import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCALE_STORAGE_KEY, type Locale } from '../i18n/locale';
import { applyLocale, strings } from '../i18n/strings';
import { useLocaleStore, type LocaleEnvironment } from './locale.store';

function fakeEnvironment(search: string, stored: string | null, languages: string[]): LocaleEnvironment & { saved: Map<string, string>; documentLanguage: Locale | null } {
  const saved = new Map<string, string>(stored === null ? [] : [[LOCALE_STORAGE_KEY, stored]]);
  const env = {
    search,
    languages,
    saved,
    documentLanguage: null as Locale | null,
    storage: { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value) },
    setDocumentLanguage: (locale: Locale) => (env.documentLanguage = locale),
  };
  return env;
}

describe('the locale store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => applyLocale('en'));

  it('starts in the browser language when nothing else says', () => {
    const env = fakeEnvironment('', null, ['zh-CN', 'en']);
    const store = useLocaleStore();
    store.init(env);
    expect(store.locale).toBe('zh-CN');
    expect(strings.layers.boats).toBe('清漂船');
    expect(env.documentLanguage).toBe('zh-CN');
  });

  it('remembers the operator choice and uses it on the next start', () => {
    const env = fakeEnvironment('', null, ['en-US']);
    const store = useLocaleStore();
    store.init(env);
    store.choose('zh-CN', env);
    expect(env.saved.get(LOCALE_STORAGE_KEY)).toBe('zh-CN');

    setActivePinia(createPinia());
    const next = useLocaleStore();
    next.init({ ...env, search: '' });
    expect(next.locale).toBe('zh-CN');
  });

  it('lets the address override the stored choice without overwriting it', () => {
    const env = fakeEnvironment('?lang=en', 'zh-CN', []);
    const store = useLocaleStore();
    store.init(env);
    expect(store.locale).toBe('en');
    expect(env.saved.get(LOCALE_STORAGE_KEY)).toBe('zh-CN');
  });
});
