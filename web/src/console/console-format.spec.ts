import { afterEach, describe, expect, it } from 'vitest';
import { applyLocale } from '../i18n/strings';
import { ageText, alertTitle, clockText, etaText, slaText } from './console-format';

describe('the console formats', () => {
  afterEach(() => applyLocale('en'));

  it('counts down as m:ss, and h:mm:ss from an hour', () => {
    expect(clockText(65_000)).toBe('1:05');
    expect(clockText(-5_000)).toBe('0:05');
    expect(clockText(3_725_000)).toBe('1:02:05');
  });

  it('says how old an alert is in the page language', () => {
    expect(ageText(42_000)).toBe('42 s');
    expect(ageText(12 * 60_000 + 5_000)).toBe('12 min');
    expect(ageText(125 * 60_000)).toBe('2 h 05 min');
    applyLocale('zh-CN');
    expect(ageText(125 * 60_000)).toBe('2 小时 05 分钟');
  });

  it('words the SLA: the step due and the time left, or overdue', () => {
    expect(slaText({ step: 'acknowledge', atMs: 100_000 }, 10_000)).toEqual({ text: 'Ack in 1:30', overdue: false });
    expect(slaText({ step: 'resolve', atMs: 100_000 }, 10_000)).toEqual({ text: 'Resolve in 1:30', overdue: false });
    expect(slaText({ step: 'resolve', atMs: 100_000 }, 161_000)).toEqual({ text: 'Overdue 1:01', overdue: true });
  });

  it('titles the alert in the page language, the other when one is missing; ETAs with the road distance', () => {
    expect(alertTitle({ titleEn: 'Battery low', titleZh: '电量低' })).toBe('Battery low');
    applyLocale('zh-CN');
    expect(alertTitle({ titleEn: 'Battery low', titleZh: '电量低' })).toBe('电量低');
    expect(alertTitle({ titleEn: 'Battery low', titleZh: '' })).toBe('Battery low');
    applyLocale('en');
    expect(etaText(250, 2_340)).toBe('4:10 · 2.3 km');
  });
});
