import { createLogger, parseConfig } from '@urban-brain/common';
import { describe, expect, it, vi } from 'vitest';
import { ingestConfigSchema } from '../config/ingest.config';
import { RollupRefreshJob } from './rollup-refresh.job';
import type { RollupsRepository } from './rollups.repository';

const required = { KAFKA_BROKERS: '127.0.0.1:29092', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' };

function jobWith(env: Record<string, string> = {}) {
  const rollups = { refresh: vi.fn(async () => undefined), applyRetention: vi.fn(async () => 3) };
  const job = new RollupRefreshJob(parseConfig(ingestConfigSchema, { ...required, ...env }), createLogger('test', 'silent'), rollups as unknown as RollupsRepository);
  return { job, rollups };
}

describe('RollupRefreshJob', () => {
  it('refreshes the last two hours every round and applies retention at most hourly', async () => {
    const { job, rollups } = jobWith();
    const t0 = new Date('2024-03-01T08:00:30Z');
    await job.tick(t0);
    await job.tick(new Date('2024-03-01T08:01:30Z'));
    await job.tick(new Date('2024-03-01T09:00:30Z'));
    expect(rollups.refresh).toHaveBeenNthCalledWith(1, new Date('2024-03-01T06:00:30Z'), t0);
    expect(rollups.refresh).toHaveBeenCalledTimes(3);
    expect(rollups.applyRetention.mock.calls).toEqual([[t0], [new Date('2024-03-01T09:00:30Z')]]);
  });

  it('does not overlap a round still running', async () => {
    const { job, rollups } = jobWith();
    let finish: () => void = () => undefined;
    rollups.refresh.mockImplementationOnce(() => new Promise<undefined>((resolve) => (finish = () => resolve(undefined))));
    const first = job.tick(new Date('2024-03-01T08:00:00Z'));
    const second = job.tick(new Date('2024-03-01T08:01:00Z'));
    finish();
    await Promise.all([first, second]);
    expect(rollups.refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps going after a failed round', async () => {
    const { job, rollups } = jobWith();
    rollups.refresh.mockRejectedValueOnce(new Error('database down'));
    await job.tick(new Date('2024-03-01T08:00:00Z'));
    await job.tick(new Date('2024-03-01T08:01:00Z'));
    expect(rollups.refresh).toHaveBeenCalledTimes(2);
    expect(rollups.applyRetention).toHaveBeenCalledTimes(1);
  });

  it('schedules nothing when INGEST_ROLLUP_REFRESH_S is 0', async () => {
    vi.useFakeTimers();
    try {
      const { job, rollups } = jobWith({ INGEST_ROLLUP_REFRESH_S: '0' });
      job.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(rollups.refresh).not.toHaveBeenCalled();
      const on = jobWith({ INGEST_ROLLUP_REFRESH_S: '60' });
      on.job.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(3 * 60_000);
      expect(on.rollups.refresh).toHaveBeenCalledTimes(3);
      await on.job.onApplicationShutdown();
    } finally {
      vi.useRealTimers();
    }
  });
});
