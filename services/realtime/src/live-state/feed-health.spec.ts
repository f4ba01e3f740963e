import { describe, expect, it } from 'vitest';
import { FeedConsumerState } from '@urban-brain/proto';
import { FeedHealthTracker } from './feed-health';

const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);
const limits = { delayedAfterMs: 5_000, downAfterMs: 15_000 };
const setup = () =>
  new FeedHealthTracker({ stallAfterMs: 5_000, layers: { trucks: limits, bikes: { delayedAfterMs: 180_000, downAfterMs: 900_000 }, boats: limits, corridors: limits, ambulances: limits } });

describe('FeedHealthTracker', () => {
  it('reports per fleet when it last read a record, the newest device time, and the fleet’s limits', () => {
    const health = setup();
    health.joined(T0);
    health.received('trucks', T0 - 400, T0 + 100);
    health.received('trucks', T0 - 900, T0 + 200); // an older reading read later: received moves, newest device time does not
    health.received('corridors', T0 + 50, T0 + 150);

    const snapshot = health.snapshot(T0 + 1_000);
    expect(snapshot).toMatchObject({ checkedAtMs: T0 + 1_000, consumerState: FeedConsumerState.CONSUMING, consumerJoinedAtMs: T0, consumerProblem: '', consumerStallAfterMs: 5_000 });
    const byLayer = new Map(snapshot.fleets.map((fleet) => [fleet.layer, fleet]));
    expect([...byLayer.keys()]).toEqual(['trucks', 'bikes', 'boats', 'corridors', 'ambulances']);
    expect(byLayer.get('trucks')).toMatchObject({ lastReceivedAtMs: T0 + 200, newestRecordedAtMs: T0 - 400, delayedAfterMs: 5_000, downAfterMs: 15_000 });
    expect(byLayer.get('bikes')).toMatchObject({ lastReceivedAtMs: 0, newestRecordedAtMs: 0, delayedAfterMs: 180_000 });
    expect(byLayer.get('corridors')!.lastReceivedAtMs).toBe(T0 + 150);
  });

  it('calls the consumer stalled after the limit without a fetch, batch or heartbeat', () => {
    const health = setup();
    health.joined(T0);
    health.active(T0 + 3_000);
    expect(health.isHealthy(T0 + 8_000)).toBe(true);
    expect(health.isHealthy(T0 + 8_001)).toBe(false);
    expect(health.problemAt(T0 + 9_000)).toBe('no fetch or heartbeat for 6 s');
    expect(health.snapshot(T0 + 9_000)).toMatchObject({ consumerState: FeedConsumerState.CONSUMING, consumerActiveAtMs: T0 + 3_000, consumerProblem: 'no fetch or heartbeat for 6 s' });
    // A record read is a sign of life too.
    health.received('boats', T0 + 8_500, T0 + 9_000);
    expect(health.isHealthy(T0 + 9_000)).toBe(true);
  });

  it('follows the consumer through a crash, a disconnect and a new join', () => {
    const health = setup();
    expect(health.snapshot(T0)).toMatchObject({ consumerState: FeedConsumerState.CONNECTING, consumerProblem: 'not joined yet', consumerJoinedAtMs: 0 });
    health.joined(T0);
    health.crashed('consumer crashed: Connection error: connect ECONNREFUSED');
    expect(health.isHealthy(T0)).toBe(false);
    expect(health.snapshot(T0 + 1)).toMatchObject({ consumerState: FeedConsumerState.CRASHED, consumerProblem: 'consumer crashed: Connection error: connect ECONNREFUSED' });
    health.disconnected();
    expect(health.snapshot(T0 + 2).consumerState).toBe(FeedConsumerState.DISCONNECTED);
    health.joined(T0 + 60_000);
    expect(health.isHealthy(T0 + 60_001)).toBe(true);
    expect(health.snapshot(T0 + 60_001)).toMatchObject({ consumerState: FeedConsumerState.CONSUMING, consumerJoinedAtMs: T0 + 60_000, consumerProblem: '' });
  });
});
