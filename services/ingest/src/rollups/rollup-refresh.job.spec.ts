import { createLogger, parseConfig } from '@urban-brain/common';
import { describe, expect, it, vi } from 'vitest';
import { ingestConfigSchema } from '../config/ingest.config';
import { RollupRefreshJob } from './rollup-refresh.job';
import type { RollupsRepository } from './rollups.repository';

const required = { KAFKA_BROKERS: '127.0.0.1:29092', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' };

function jobWith(env: Record<string, string> = {}, mode: 'plain' | 'timescaledb' = 'plain') {
  const rollups = { refreshChanged: vi.fn(async () => ({ minutes: 1, hours: 0 })), applyRetention: vi.fn(async () => 3), databaseMode: vi.fn(async () => mode) };
  const job = new RollupRefreshJob(parseConfig(ingestConfigSchema, { ...required, ...env }), createLogger('test', 'silent'), rollups as unknown as RollupsRepository);
  return { job, rollups };
}

describe('RollupRefreshJob', () => {
  it('runs an incremental round every tick and applies retention at most hourly', async () => {
    const { job, rollups } = jobWith();
    const t0 = new Date('2024-03-01T08:00:30Z');
    await job.tick(t0);
    await job.tick(new Date('2024-03-01T08:01:30Z'));
    await job.tick(new Date('2024-03-01T09:00:30Z'));
    // The window is the database's business (its watermark), not the job's.
    expect(rollups.refreshChanged.mock.calls).toEqual([[], [], []]);
    expect(rollups.applyRetention.mock.calls).toEqual([[t0], [new Date('2024-03-01T09:00:30Z')]]);
  });

  it("leaves a TimescaleDB database to the extension's jobs: no refresh, no retention, no more rounds", async () => {
    vi.useFakeTimers();
    try {
      const { job, rollups } = jobWith({ INGEST_ROLLUP_REFRESH_S: '60' }, 'timescaledb');
      job.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(rollups.databaseMode).toHaveBeenCalledTimes(1);
      expect(rollups.refreshChanged).not.toHaveBeenCalled();
      expect(rollups.applyRetention).not.toHaveBeenCalled();
      await job.onApplicationShutdown();
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks the mode again after a round that could not read it', async () => {
    const { job, rollups } = jobWith();
    rollups.databaseMode.mockRejectedValueOnce(new Error('database down'));
    await job.tick(new Date('2024-03-01T08:00:00Z'));
    await job.tick(new Date('2024-03-01T08:01:00Z'));
    expect(rollups.databaseMode).toHaveBeenCalledTimes(2);
    expect(rollups.refreshChanged).toHaveBeenCalledTimes(1);
  });

  it('does not overlap a round still running', async () => {
    const { job, rollups } = jobWith();
    let finish: () => void = () => undefined;
    rollups.refreshChanged.mockImplementationOnce(() => new Promise((resolve) => (finish = () => resolve({ minutes: 0, hours: 0 }))));
    const first = job.tick(new Date('2024-03-01T08:00:00Z'));
    const second = job.tick(new Date('2024-03-01T08:01:00Z'));
    await vi.waitFor(() => expect(rollups.refreshChanged).toHaveBeenCalled());
    finish();
    await Promise.all([first, second]);
    expect(rollups.refreshChanged).toHaveBeenCalledTimes(1);
  });

  it('keeps going after a failed round', async () => {
    const { job, rollups } = jobWith();
    rollups.refreshChanged.mockRejectedValueOnce(new Error('database down'));
    await job.tick(new Date('2024-03-01T08:00:00Z'));
    await job.tick(new Date('2024-03-01T08:01:00Z'));
    expect(rollups.refreshChanged).toHaveBeenCalledTimes(2);
    expect(rollups.applyRetention).toHaveBeenCalledTimes(1);
  });

  it('schedules nothing when INGEST_ROLLUP_REFRESH_S is 0', async () => {
    vi.useFakeTimers();
    try {
      const { job, rollups } = jobWith({ INGEST_ROLLUP_REFRESH_S: '0' });
      job.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(rollups.refreshChanged).not.toHaveBeenCalled();
      const on = jobWith({ INGEST_ROLLUP_REFRESH_S: '60' });
      on.job.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(3 * 60_000);
      expect(on.rollups.refreshChanged).toHaveBeenCalledTimes(3);
      await on.job.onApplicationShutdown();
    } finally {
      vi.useRealTimers();
    }
  });
});
