import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale } from '../i18n/strings';
import { cityDate, cityMidnight, cityTime, durationText, massText, numberText, percentText, secondsSince } from './wall-format';

describe('wall formatting', () => {
  afterEach(() => applyLocale('en'));

  it('shows seconds since the last frame', () => {
    expect(secondsSince(null, 5_000)).toBeNull();
    expect(secondsSince(1_000, 1_340)).toBe('0.3');
    expect(secondsSince(1_000, 13_900)).toBe('12');
    expect(secondsSince(2_000, 1_000)).toBe('0.0');
  });

  it('shows the time in Neijiang (UTC+8) whatever the browser zone', () => {
    const ms = Date.UTC(2025, 0, 31, 18, 5, 9);
    expect(cityTime(ms)).toBe('02:05:09');
    expect(cityDate(ms)).toMatch(/Sat,? 1 Feb 2025/);
  });

  it('writes dates, numbers and units the Chinese way once the wall speaks zh-CN', () => {
    const ms = Date.UTC(2025, 0, 31, 18, 5, 9);
    applyLocale('zh-CN');
    expect(cityTime(ms)).toBe('02:05:09');
    expect(cityDate(ms)).toMatch(/2025年2月1日/);
    expect(massText(2_345)).toBe('2.3 吨');
    expect(massText(512)).toBe('512 千克');
    expect(durationText(45_000)).toBe('45 秒');
    applyLocale('en');
    expect(massText(2_345)).toBe('2.3 t');
    expect(numberText(11_000)).toBe('11,000');
    expect(percentText(42.4)).toBe('42%');
    expect(durationText(5 * 60_000 + 10_000)).toBe('5 min');
  });

  it('starts the day at midnight in Neijiang, not in UTC', () => {
    // 2025-02-01 01:00 in Neijiang is 2025-01-31 17:00 UTC; the day began at 16:00 UTC.
    expect(cityMidnight(Date.UTC(2025, 0, 31, 17, 0))).toBe(Date.UTC(2025, 0, 31, 16, 0));
    expect(cityMidnight(Date.UTC(2025, 0, 31, 15, 59))).toBe(Date.UTC(2025, 0, 30, 16, 0));
  });
});
