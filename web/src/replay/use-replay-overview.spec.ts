import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplayJsonApi } from './replay-api';
import { KPI_CATCH_UP_MS, useReplayOverview } from './use-replay-overview';

const FROM = Date.UTC(2026, 11, 4, 14);
const TO = FROM + 3 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const minutes = (activeTrucks: number) => [0, 1, 2].map((m) => ({ t: iso(FROM + m * 60_000), activeTrucks, bikesOutsideFences: 0, debrisCollectedKg: 0, meanArrivalsOnGreenPct: null }));

// A KPI api whose roll-ups reach `rolledUpTo` (ms) when asked; asked again, they have caught up.
function fakeApi(rolledUpTo: (call: number) => number | null): ReplayJsonApi & { calls: number } {
  const api = {
    calls: 0,
    range: () => new Promise<never>(() => undefined),
    timeline: () => new Promise<never>(() => undefined),
    alerts: () => Promise.resolve([]),
    kpis: async (fleet: string) => {
      if (fleet === 'trucks') api.calls++;
      const upTo = rolledUpTo(api.calls);
      return { buckets: minutes(120), rolledUpTo: upTo === null ? null : iso(upTo) };
    },
  };
  return api;
}

describe('useReplayOverview KPI strips', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves the minutes the roll-ups do not hold blank and fills them in as the roll-ups catch up', async () => {
    const api = fakeApi((call) => (call === 1 ? FROM + 60_000 : TO));
    const overview = useReplayOverview(FROM, TO, api);
    await vi.advanceTimersByTimeAsync(0);
    expect(overview.kpis.value.trucksOnDuty?.map((p) => p[1])).toEqual([120, null, null]);
    await vi.advanceTimersByTimeAsync(KPI_CATCH_UP_MS);
    expect(overview.kpis.value.trucksOnDuty?.map((p) => p[1])).toEqual([120, 120, 120]);
    // Rolled up through the window's end: not asked again.
    await vi.advanceTimersByTimeAsync(3 * KPI_CATCH_UP_MS);
    expect(api.calls).toBe(2);
  });

  it('keeps asking while nothing is rolled up', async () => {
    const api = fakeApi(() => null);
    const overview = useReplayOverview(FROM, TO, api);
    await vi.advanceTimersByTimeAsync(2 * KPI_CATCH_UP_MS);
    expect(overview.kpis.value.trucksOnDuty?.map((p) => p[1])).toEqual([null, null, null]);
    expect(api.calls).toBe(3);
  });
});
