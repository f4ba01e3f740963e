import { describe, expect, it } from 'vitest';
import { cityDate, cityTime, secondsSince } from './wall-format';

describe('wall formatting', () => {
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
});
