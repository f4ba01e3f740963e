import { describe, expect, it } from 'vitest';
import { localeFromTag, pickLocale } from './locale';

describe('the wall language', () => {
  it('reads the tags browsers and people write', () => {
    expect(localeFromTag('zh')).toBe('zh-CN');
    expect(localeFromTag('zh-Hans-CN')).toBe('zh-CN');
    expect(localeFromTag('ZH-cn')).toBe('zh-CN');
    expect(localeFromTag('en-GB')).toBe('en');
    expect(localeFromTag('fr-FR')).toBeNull();
    expect(localeFromTag('')).toBeNull();
  });

  it('takes the address first, then the stored choice, then the browser, then English', () => {
    expect(pickLocale('?lang=zh-CN', 'en', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('?kiosk=1&lang=en', 'zh-CN', ['zh-CN'])).toBe('en');
    expect(pickLocale('', 'zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLocale('?lang=xx', null, ['fr', 'zh-TW'])).toBe('zh-CN');
    expect(pickLocale('', 'garbage', ['de-DE'])).toBe('en');
  });
});
