import { createLogger } from '@urban-brain/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FleetClockLoop } from './fleet-clock-loop';

interface Stamped {
  atMs: number;
}

const logger = createLogger('fleet-clock-loop-spec', 'silent');

describe('FleetClockLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function loopWith(timeScale: number, produce: (simMs: number) => Stamped[], maxBatch?: number) {
    const sent: Stamped[][] = [];
    const ticks: number[] = [];
    const loop = new FleetClockLoop<Stamped>({
      fleet: 'test',
      intervalMs: 1_000,
      timeScale,
      tick: (simMs) => {
        ticks.push(simMs);
        return produce(simMs);
      },
      stamp: (m, wallMs) => (m.atMs = wallMs),
      sink: { connect: async () => undefined, send: async (batch) => void sent.push([...batch]) },
      logger,
      maxBatch,
    });
    return { loop, sent, ticks };
  }

  it('runs the simulated clock timeScale times faster and stamps messages with the wall time', async () => {
    const { loop, sent, ticks } = loopWith(600, (simMs) => [{ atMs: simMs }]);
    loop.start();
    await vi.advanceTimersByTimeAsync(3_500);
    await loop.stop();
    expect(ticks).toEqual([1_000_000, 1_600_000, 2_200_000, 2_800_000]);
    expect(sent.flat().map((m) => m.atMs)).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000]);
  });

  it('keeps device times at scale 1 and counts a quiet tick as delivered', async () => {
    const { loop, sent } = loopWith(1, (simMs) => (simMs % 2_000 === 0 ? [{ atMs: simMs - 1 }] : []));
    loop.start();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(loop.snapshot()).toMatchObject({ running: true, connected: true, ticks: 4, messagesSent: 2, lastDeliveredAtMs: 1_003_000 });
    await expect(loop.healthCheck().check()).resolves.toBeUndefined();
    await loop.stop();
    expect(sent.flat().map((m) => m.atMs)).toEqual([999_999, 1_001_999]);
    await expect(loop.healthCheck().check()).rejects.toThrow('stopped');
  });

  it('sends a big tick in batches, in order', async () => {
    const { loop, sent } = loopWith(1, (simMs) => (simMs === 1_000_000 ? [1, 2, 3, 4, 5].map((i) => ({ atMs: i })) : []), 2);
    loop.start();
    await vi.advanceTimersByTimeAsync(500);
    await loop.stop();
    expect(sent.map((batch) => batch.map((m) => m.atMs))).toEqual([[1, 2], [3, 4], [5]]);
  });
});
