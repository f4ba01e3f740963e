import type { PhaseInterval } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { designBands, designGreenS, designOffsetS, measuredBandwidthS, type CorridorPlan } from './green-band';

// 1 km at 10 m/s (100 s to cross), a 100 s cycle: easy to follow by hand.
const PLAN: CorridorPlan = { lengthM: 1000, cycleS: 100, designSpeedMps: 10 };

/** A fixed-time plan's phases in [fromMs, toMs): green from offset to offset + green each cycle, red otherwise. */
function fixedTime(greenS: number, offsetS: number, fromMs: number, toMs: number): PhaseInterval[] {
  const out: PhaseInterval[] = [];
  for (let cycleMs = Math.floor(fromMs / 100_000) * 100_000 - 100_000; cycleMs < toMs; cycleMs += 100_000) {
    const g0 = cycleMs + offsetS * 1000;
    const g1 = g0 + greenS * 1000;
    for (const [color, a, b] of [['green', g0, g1], ['red', g1, g0 + 100_000]] as const) {
      const start = Math.max(a, fromMs);
      const end = Math.min(b, toMs);
      if (end > start) out.push({ color, startMs: start, endMs: end });
    }
  }
  return out;
}

describe('the design offsets and band', () => {
  it('offsets green by the travel time at the design speed, mod the cycle', () => {
    expect(designOffsetS(500, PLAN)).toBe(50);
    expect(designOffsetS(1300, PLAN)).toBe(30);
  });

  it('is as wide as the shortest median complete green', () => {
    const intersections = [
      { distanceM: 0, phases: fixedTime(40, 0, 0, 550_000) },
      { distanceM: 500, phases: fixedTime(35, 50, 0, 550_000) },
    ];
    expect(designGreenS(intersections, 0, 550_000)).toBe(35);
    // Greens cut by the window's edges say nothing of their length.
    expect(designGreenS([{ distanceM: 0, phases: [{ color: 'green', startMs: 0, endMs: 10_000 }] }], 0, 10_000)).toBeNull();
  });

  it('draws the bands entering at whole cycles since the epoch that touch the window', () => {
    // Crossing takes 100 s; a band entering at 100 s ends (its late edge) at 240 s, before the window.
    expect(designBands(PLAN, 40, 250_000, 400_000)).toEqual([
      { enterMs: 200_000, exitMs: 300_000, widthS: 40 },
      { enterMs: 300_000, exitMs: 400_000, widthS: 40 },
    ]);
  });
});

describe('the bandwidth the signals gave', () => {
  it('is the green when the offsets are the design ones', () => {
    // Entries judged in [0, 500 s]: five cycles, each with the 40 s both greens share.
    const intersections = [
      { distanceM: 0, phases: fixedTime(40, 0, 0, 550_000) },
      { distanceM: 500, phases: fixedTime(40, 50, 0, 550_000) },
    ];
    expect(measuredBandwidthS(intersections, PLAN, 0, 550_000)).toBeCloseTo(40, 9);
  });

  it('shrinks by an offset error: green 20 s late downstream leaves 20 s of band', () => {
    const intersections = [
      { distanceM: 0, phases: fixedTime(40, 0, 0, 550_000) },
      { distanceM: 500, phases: fixedTime(40, 70, 0, 550_000) },
    ];
    expect(measuredBandwidthS(intersections, PLAN, 0, 550_000)).toBeCloseTo(20, 9);
  });

  it('judges only where every controller has reported: one that came up late costs no band', () => {
    // The downstream controller's first phase is at 200 s: entries from 150 s on are judged, three whole cycles (150-450 s).
    const intersections = [
      { distanceM: 0, phases: fixedTime(40, 0, 0, 550_000) },
      { distanceM: 500, phases: fixedTime(40, 50, 200_000, 550_000) },
    ];
    // Bands at 200-240, 300-340 and 400-440 s: 120 s over three cycles.
    expect(measuredBandwidthS(intersections, PLAN, 0, 550_000)).toBeCloseTo(40, 9);
    expect(measuredBandwidthS([{ distanceM: 0, phases: [] }], PLAN, 0, 550_000)).toBeNull();
  });

  it('skips the cycles a feed outage left unknown', () => {
    // The downstream controller reported nothing from 250 s to 400 s: entries 200-350 s are unknown, so
    // the cycles 200-300 and 300-400 are not judged; 0-100, 100-200 and 400-500 each give 40 s.
    const outage = fixedTime(40, 50, 0, 550_000).flatMap((p): PhaseInterval[] => {
      if (p.endMs <= 250_000 || p.startMs >= 400_000) return [p];
      const parts: PhaseInterval[] = [];
      if (p.startMs < 250_000) parts.push({ ...p, endMs: 250_000 });
      if (p.endMs > 400_000) parts.push({ ...p, startMs: 400_000 });
      return parts;
    });
    const intersections = [
      { distanceM: 0, phases: fixedTime(40, 0, 0, 550_000) },
      { distanceM: 500, phases: outage },
    ];
    expect(measuredBandwidthS(intersections, PLAN, 0, 550_000)).toBeCloseTo(40, 9);
    // Counted, the two unknown cycles would give no band and bring the mean down to 24 s.
  });

  it('is 0 when the greens never line up, and null on a window shorter than a cycle', () => {
    const broken = [
      { distanceM: 0, phases: fixedTime(40, 0, 0, 550_000) },
      { distanceM: 500, phases: fixedTime(40, 0, 0, 550_000) },
    ];
    // Downstream green at 0-40 s of each cycle is met by entries at -50..-10 s: never the upstream's 0-40 s.
    expect(measuredBandwidthS(broken, PLAN, 0, 550_000)).toBe(0);
    expect(measuredBandwidthS(broken, PLAN, 0, 140_000)).toBeNull();
  });
});
