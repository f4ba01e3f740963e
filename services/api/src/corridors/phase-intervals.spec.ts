import { MovementPhaseState } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { colorAt, phaseIntervals, type PhaseChangeRow } from './phase-intervals';

const { STOP_AND_REMAIN, PROTECTED_MOVEMENT_ALLOWED, PERMISSIVE_MOVEMENT_ALLOWED, PROTECTED_CLEARANCE, DARK } = MovementPhaseState;
const change = (phaseState: number, startMs: number, maxEndMs: number | null = null): PhaseChangeRow => ({ intersectionId: 'i', phaseState, startMs, maxEndMs });

describe('phase intervals of one intersection', () => {
  it('runs each phase to the next one, clips to the window and ends the last at its announced end', () => {
    const changes = [change(PROTECTED_CLEARANCE, 100_000, 103_000), change(STOP_AND_REMAIN, 0, 50_000), change(PROTECTED_MOVEMENT_ALLOWED, 50_000, 100_000)];
    expect(phaseIntervals(changes, 10_000, 102_000)).toEqual([
      { color: 'red', startMs: 10_000, endMs: 50_000 },
      { color: 'green', startMs: 50_000, endMs: 100_000 },
      { color: 'amber', startMs: 100_000, endMs: 102_000 },
    ]);
  });

  it('leaves the time blank between a phase\'s announced end and a report that came later (the feed was down)', () => {
    const changes = [change(PROTECTED_CLEARANCE, 0, 3000), change(STOP_AND_REMAIN, 120_000, 171_000)];
    expect(phaseIntervals(changes, 0, 200_000)).toEqual([
      { color: 'amber', startMs: 0, endMs: 3000 },
      { color: 'red', startMs: 120_000, endMs: 171_000 },
    ]);
  });

  it('keeps a phase with no successor and no announced end in force to the window end', () => {
    expect(phaseIntervals([change(DARK, 30_000)], 0, 90_000)).toEqual([{ color: 'dark', startMs: 30_000, endMs: 90_000 }]);
  });

  it('takes a re-announced phase once and joins two greens back to back', () => {
    const changes = [change(STOP_AND_REMAIN, 0, 40_000), change(STOP_AND_REMAIN, 0, 40_000), change(PROTECTED_MOVEMENT_ALLOWED, 40_000), change(PERMISSIVE_MOVEMENT_ALLOWED, 70_000, 80_000)];
    expect(phaseIntervals(changes, 0, 100_000)).toEqual([
      { color: 'red', startMs: 0, endMs: 40_000 },
      { color: 'green', startMs: 40_000, endMs: 80_000 },
    ]);
  });

  it('drops phases wholly outside the window', () => {
    expect(phaseIntervals([change(STOP_AND_REMAIN, 0, 10_000), change(PROTECTED_MOVEMENT_ALLOWED, 10_000, 20_000)], 20_000, 30_000)).toEqual([]);
  });

  it('says the colour in force at an instant, or null outside every phase', () => {
    const intervals = phaseIntervals([change(STOP_AND_REMAIN, 0), change(PROTECTED_MOVEMENT_ALLOWED, 40_000, 60_000)], 0, 100_000);
    expect(colorAt(intervals, 39_999)).toBe('red');
    expect(colorAt(intervals, 40_000)).toBe('green');
    expect(colorAt(intervals, 60_000)).toBeNull();
  });
});
