import { AmbulanceState, CallStage } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { AMBULANCE_STATE_COLORS, CALL_OVERDUE_MS, callColor, callRadiusPx } from './ambulance-style';
import { hexToRgba } from './deck/deck-colors';
import { BIKE_PARKING_COLORS } from './fleet-layer-style';
import { BOAT_TASK_COLORS } from './boat-icon';
import { TASK_STATE_COLORS } from './truck-task-style';

const NOW = Date.UTC(2025, 4, 1, 10, 0);
const MIN = 60_000;
const waiting = (ageMs: number) => callColor(CallStage.RECEIVED, NOW - ageMs, NOW);

describe('open call colours', () => {
  it('is yellow when the call comes in, orange halfway, red once overdue', () => {
    expect(waiting(0)).toEqual([0xff, 0xe1, 0x4d, 255]);
    expect(waiting(CALL_OVERDUE_MS / 2)).toEqual([0xff, 0x9f, 0x1a, 255]);
    expect(waiting(CALL_OVERDUE_MS)).toEqual([0xff, 0x2e, 0x2e, 255]);
    // Past overdue it stays red; a clock behind the dispatch system's counts as new.
    expect(waiting(CALL_OVERDUE_MS + 30 * MIN)).toEqual(waiting(CALL_OVERDUE_MS));
    expect(waiting(-5_000)).toEqual(waiting(0));
    expect(CALL_OVERDUE_MS).toBeGreaterThanOrEqual(10 * MIN);
    expect(CALL_OVERDUE_MS).toBeLessThanOrEqual(15 * MIN);
  });

  it('turns redder, never back, as the minutes pass', () => {
    let previousGreen = Infinity;
    for (let minute = 0; minute <= 15; minute++) {
      const [r, g] = waiting(minute * MIN);
      expect(r).toBe(255);
      expect(g).toBeLessThanOrEqual(previousGreen);
      previousGreen = g;
    }
    expect(waiting(3 * MIN)[1]).toBeGreaterThan(waiting(9 * MIN)[1]);
  });

  it('keeps ageing while the ambulance is on its way, and stops once it is on scene', () => {
    expect(callColor(CallStage.DISPATCHED, NOW - 13 * MIN, NOW)).toEqual(waiting(13 * MIN));
    const served = [CallStage.ON_SCENE, CallStage.TRANSPORTING, CallStage.AT_HOSPITAL].map((stage) => callColor(stage, NOW - 13 * MIN, NOW));
    for (const color of served) {
      expect(color).toEqual(served[0]);
      expect(color).not.toEqual(waiting(0));
      expect(color).not.toEqual(waiting(13 * MIN));
    }
    // The same once served, however old the call.
    expect(callColor(CallStage.ON_SCENE, NOW - 40 * MIN, NOW)).toEqual(served[0]);
  });

  it('draws priority 1 largest', () => {
    expect(callRadiusPx(1)).toBeGreaterThan(callRadiusPx(2));
    expect(callRadiusPx(2)).toBeGreaterThan(callRadiusPx(3));
  });
});

describe('ambulance state colours', () => {
  it('gives every state its own colour, none a truck, boat or bike colour', () => {
    const states = Object.values(AMBULANCE_STATE_COLORS);
    expect(new Set(states).size).toBe(states.length);
    const others = new Set([...Object.values(TASK_STATE_COLORS), ...Object.values(BOAT_TASK_COLORS), ...Object.values(BIKE_PARKING_COLORS)]);
    for (const color of states) expect(others.has(color), color).toBe(false);
  });

  it('is red on the way to a scene and green when free', () => {
    const [r, g, b] = hexToRgba(AMBULANCE_STATE_COLORS[AmbulanceState.TO_SCENE]);
    expect(r).toBe(255);
    expect(Math.max(g, b)).toBeLessThan(80);
    const [fr, fg, fb] = hexToRgba(AMBULANCE_STATE_COLORS[AmbulanceState.AVAILABLE]);
    expect(fg).toBeGreaterThan(Math.max(fr, fb));
  });
});
