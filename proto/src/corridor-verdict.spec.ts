import { describe, expect, it } from 'vitest';
import { corridorTravelTimeRatio, corridorWindowVerdict } from './corridor-verdict';

describe('corridorWindowVerdict', () => {
  const window = { vehicles: 10, arrivalsOnGreenPct: 80, travelTimeRatio: corridorTravelTimeRatio(300, 280) };

  it('judges by arrivals on green, then by travel time against design', () => {
    expect(corridorWindowVerdict(window)).toBe('intact');
    expect(corridorWindowVerdict({ ...window, arrivalsOnGreenPct: 49.9 })).toBe('broken');
    expect(corridorWindowVerdict({ ...window, travelTimeRatio: corridorTravelTimeRatio(365, 280) })).toBe('broken');
    expect(corridorWindowVerdict({ ...window, travelTimeRatio: corridorTravelTimeRatio(365, 280) }, { brokenBelowPct: 50, brokenTravelRatio: null })).toBe('intact');
  });

  it('gives no verdict for a window no vehicle crossed, whatever its other figures say', () => {
    expect(corridorWindowVerdict({ vehicles: 0, arrivalsOnGreenPct: 0, travelTimeRatio: 0 })).toBe('no-verdict');
  });

  it('judges nothing by travel time when the design or the trip is unknown', () => {
    expect(corridorTravelTimeRatio(300, 0)).toBe(0);
    expect(corridorTravelTimeRatio(0, 280)).toBe(0);
    expect(corridorWindowVerdict({ ...window, travelTimeRatio: 0 })).toBe('intact');
  });
});
