import { describe, expect, it } from 'vitest';
import { corridorWindowVerdict } from './corridor-progression.verdict';

describe('corridorWindowVerdict', () => {
  const window = { vehicles: 10, arrivalsOnGreenPct: 80, travelTimeS: 300, designTravelTimeS: 280 };

  it('judges by arrivals on green, then by travel time against design', () => {
    expect(corridorWindowVerdict(window)).toBe('intact');
    expect(corridorWindowVerdict({ ...window, arrivalsOnGreenPct: 49.9 })).toBe('broken');
    expect(corridorWindowVerdict({ ...window, travelTimeS: 365 })).toBe('broken');
    expect(corridorWindowVerdict({ ...window, travelTimeS: 365 }, { brokenBelowPct: 50, brokenTravelRatio: null })).toBe('intact');
  });

  it('gives no verdict for a window no vehicle crossed, whatever its other figures say', () => {
    expect(corridorWindowVerdict({ vehicles: 0, arrivalsOnGreenPct: 0, travelTimeS: 0, designTravelTimeS: 280 })).toBe('no-verdict');
  });
});
