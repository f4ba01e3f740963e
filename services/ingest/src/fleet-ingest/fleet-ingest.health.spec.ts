import { describe, expect, it } from 'vitest';
import type { ConsumerStatus } from './fleet-ingest.consumer';
import { FleetIngestConsumerHealth } from './fleet-ingest.health';

const NOW = 1_000_000;
const healthOf = (status: ConsumerStatus) =>
  new FleetIngestConsumerHealth({ getStatus: () => status }, { INGEST_SESSION_TIMEOUT_MS: 30_000 });

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
});
