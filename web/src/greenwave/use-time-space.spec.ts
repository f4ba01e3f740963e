import { effectScope, nextTick, reactive } from 'vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTimeSpace, type TimeSpaceSource } from './use-time-space';

const T = Date.parse('2026-12-03T06:00:00Z');
const body = (id: string) => ({ corridor: { id }, fromMs: 0, toMs: 0, intersections: [], designBands: [], trajectories: [], figures: {}, observed: null });
const answer = (status: number, json: unknown = {}) => ({ ok: status < 400, status, json: async () => json }) as Response;
const flush = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
};

describe('the time-space data', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls the last window live, moving with now, and keeps the picture through a failed poll', async () => {
    const fetchImpl = vi.fn().mockResolvedValueOnce(answer(200, body('c1'))).mockRejectedValueOnce(new Error('down')).mockResolvedValue(answer(200, body('c1')));
    let now = T;
    const source = reactive<TimeSpaceSource>({ corridorId: 'c1', live: true, window: null, liveLengthMs: 600_000 });
    const scope = effectScope();
    const { data, status } = scope.run(() => useTimeSpace(() => ({ ...source }), fetchImpl, () => now, 5000))!;
    await flush();
    expect(fetchImpl.mock.calls[0]![0]).toBe(`/api/corridors/c1/time-space?from=${encodeURIComponent('2026-12-03T05:50:00.000Z')}&to=${encodeURIComponent('2026-12-03T06:00:00.000Z')}`);
    expect(status.value).toBe('ok');
    now += 5000;
    await vi.advanceTimersByTimeAsync(5000);
    expect(status.value).toBe('unavailable');
    expect(data.value?.corridor.id).toBe('c1');
    now += 5000;
    await vi.advanceTimersByTimeAsync(5000);
    expect(status.value).toBe('ok');
    expect(fetchImpl.mock.calls[2]![0]).toContain(`to=${encodeURIComponent('2026-12-03T06:00:10.000Z')}`);
    scope.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetchImpl).toHaveBeenCalledTimes(3);
  });

  it('fetches a past window once and says when the corridor does not exist', async () => {
    const fetchImpl = vi.fn().mockResolvedValueOnce(answer(200, body('c1'))).mockResolvedValue(answer(404));
    const source = reactive<TimeSpaceSource>({ corridorId: 'c1', live: false, window: { fromMs: T, toMs: T + 60_000 }, liveLengthMs: 600_000 });
    const scope = effectScope();
    const { status } = scope.run(() => useTimeSpace(() => ({ ...source, window: source.window ? { ...source.window } : null }), fetchImpl, () => T, 5000))!;
    await flush();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    source.corridorId = 'nowhere';
    await flush();
    expect(status.value).toBe('not-found');
    scope.stop();
  });
});
