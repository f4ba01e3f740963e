import { describe, expect, it } from 'vitest';
import type { ConsumerStatus } from './fleet-ingest.consumer';
import { FleetIngestConsumerHealth } from './fleet-ingest.health';
import type { BackpressureStatus } from './write-backpressure';

const NOW = 1_000_000;
const flowing: BackpressureStatus = { paused: false, pausedSinceMs: null, reason: null, pauses: 0, slowWrites: 0, failedWrites: 0 };
const healthOf = (status: Pick<ConsumerStatus, 'state' | 'lastContactAtMs' | 'error'>, backpressure = flowing) =>
  new FleetIngestConsumerHealth(
    { getStatus: () => ({ ...status, backpressure, held: { records: 0, bytes: 0, maxRecords: 0, maxBytes: 0 } }) },
    { INGEST_SESSION_TIMEOUT_MS: 30_000 },
  );

describe('FleetIngestConsumerHealth', () => {
  it('is up while consuming and hearing from the broker', async () => {
    await expect(healthOf({ state: 'consuming', lastContactAtMs: NOW - 5_000, error: null }).check(NOW)).resolves.toBeUndefined();
  });

  it('is down before joining the group', async () => {
    await expect(healthOf({ state: 'starting', lastContactAtMs: null, error: null }).check(NOW)).rejects.toThrow('consumer starting');
  });

  it('is down after a crash, with the error', async () => {
    await expect(healthOf({ state: 'crashed', lastContactAtMs: NOW, error: 'boom' }).check(NOW)).rejects.toThrow('consumer crashed: boom');
  });

  it('is down when the broker has been silent too long', async () => {
    await expect(healthOf({ state: 'consuming', lastContactAtMs: NOW - 45_000, error: null }).check(NOW)).rejects.toThrow('no fetch or heartbeat for 45 s');
  });

  it('is down while paused for the database, with the reason', async () => {
    const paused = { ...flowing, paused: true, pausedSinceMs: NOW - 12_000, reason: 'database write running longer than 5000 ms', pauses: 1, slowWrites: 1 };
    await expect(healthOf({ state: 'consuming', lastContactAtMs: NOW, error: null }, paused).check(NOW)).rejects.toThrow(
      'consumer paused for 12 s: database write running longer than 5000 ms',
    );
  });
});
