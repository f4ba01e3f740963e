import { describe, expect, it } from 'vitest';
import { LIVE_WINDOW_MS, liveWindow, windowFromAddress } from './time-space-window';

const T = Date.parse('2026-12-03T06:00:00Z');

describe('the time-space window from the address', () => {
  it('is live without times', () => {
    expect(windowFromAddress({})).toEqual({ live: true });
  });

  it('centres the live length on ?at=', () => {
    expect(windowFromAddress({ at: '2026-12-03T14:00:00+08:00' })).toEqual({ live: false, window: { fromMs: T - LIVE_WINDOW_MS / 2, toMs: T + LIVE_WINDOW_MS / 2 } });
  });

  it('takes ?from=&to= as they are, within the api limit', () => {
    expect(windowFromAddress({ from: '2026-12-03T06:00:00Z', to: '2026-12-03T06:30:00Z' })).toEqual({ live: false, window: { fromMs: T, toMs: T + 1_800_000 } });
    expect(windowFromAddress({ from: '2026-12-03T06:00:00Z', to: '2026-12-03T08:00:01Z' })).toEqual({ live: false, problem: 'too-long' });
    expect(windowFromAddress({ from: '2026-12-03T06:00:00Z' })).toEqual({ live: false, problem: 'bad-time' });
    expect(windowFromAddress({ at: 'noon' })).toEqual({ live: false, problem: 'bad-time' });
    expect(windowFromAddress({ from: '2026-12-03T07:00:00Z', to: '2026-12-03T06:00:00Z' })).toEqual({ live: false, problem: 'bad-time' });
  });

  it('ends the live window at the current whole second', () => {
    expect(liveWindow(T + 1_750)).toEqual({ fromMs: T + 1000 - LIVE_WINDOW_MS, toMs: T + 1000 });
  });
});
