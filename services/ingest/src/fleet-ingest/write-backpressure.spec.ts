import { createLogger } from '@urban-brain/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WriteBackpressure, type WriteContext } from './write-backpressure';

/** A write the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

class FakeConsumer {
  readonly switches: string[] = [];
  heartbeats = 0;
  running = true;
  readonly fetching = { pause: () => this.switches.push('pause'), resume: () => this.switches.push('resume') };
  context(partition = 0): WriteContext {
    return {
      keepAlive: async () => {
        this.heartbeats++;
      },
      isRunning: () => this.running,
      origin: { partition },
    };
  }
}

const SLOW_MS = 5_000;

describe('WriteBackpressure', () => {
  let consumer: FakeConsumer;
  let backpressure: WriteBackpressure;

  beforeEach(() => {
    vi.useFakeTimers();
    consumer = new FakeConsumer();
    backpressure = new WriteBackpressure({ slowWriteMs: SLOW_MS, retryMaxMs: 1_000 }, consumer.fetching, createLogger('ingest-test', 'silent'));
  });
  afterEach(() => vi.useRealTimers());

  it('leaves the consumer alone while writes are quick', async () => {
    await expect(backpressure.write(async () => 42, consumer.context())).resolves.toBe(42);
    expect(consumer.switches).toEqual([]);
    expect(backpressure.getStatus()).toMatchObject({ paused: false, pauses: 0, slowWrites: 0, failedWrites: 0 });
  });

  it('pauses fetching once a write runs past the limit, heartbeats while it waits, and resumes when it lands', async () => {
    const write = deferred<number>();
    const result = backpressure.write(() => write.promise, consumer.context());

    await vi.advanceTimersByTimeAsync(SLOW_MS - 1);
    expect(consumer.switches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(consumer.switches).toEqual(['pause']);
    expect(backpressure.getStatus()).toMatchObject({ paused: true, reason: `database write running longer than ${SLOW_MS} ms`, pauses: 1, slowWrites: 1 });

    // Far past the session timeout: the member must still be heard from.
    const heartbeatsBefore = consumer.heartbeats;
    await vi.advanceTimersByTimeAsync(40_000);
    expect(consumer.heartbeats - heartbeatsBefore).toBeGreaterThanOrEqual(30);
    expect(consumer.switches).toEqual(['pause']);

    write.resolve(7);
    await expect(result).resolves.toBe(7);
    expect(consumer.switches).toEqual(['pause', 'resume']);
    expect(backpressure.getStatus()).toMatchObject({ paused: false, pausedSinceMs: null, reason: null, pauses: 1 });
  });

  it('pauses on a failed write and retries it, backing off, until the database takes it', async () => {
    let attempts = 0;
    const result = backpressure.write(async () => {
      attempts++;
      if (attempts <= 4) throw new Error('connection refused');
      return 'stored';
    }, consumer.context());

    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.switches).toEqual(['pause']);
    expect(backpressure.getStatus()).toMatchObject({ paused: true, reason: 'database write failed: connection refused', failedWrites: 1 });
    // Backoff 200, 400, 800, then capped at 1000 ms: the fifth attempt comes 2.4 s after the first.
    await vi.advanceTimersByTimeAsync(2_399);
    expect(attempts).toBe(4);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('stored');
    expect(attempts).toBe(5);
    expect(consumer.switches).toEqual(['pause', 'resume']);
    expect(backpressure.getStatus()).toMatchObject({ paused: false, pauses: 1, failedWrites: 4 });
  });

  it('resumes only when no write is slow or failing any more', async () => {
    const slow = deferred<string>();
    const first = backpressure.write(() => slow.promise, consumer.context(0));
    let failing = true;
    const second = backpressure.write(async () => {
      if (failing) throw new Error('too many clients');
      return 'b';
    }, consumer.context(1));

    await vi.advanceTimersByTimeAsync(SLOW_MS);
    expect(consumer.switches).toEqual(['pause']);
    slow.resolve('a');
    await expect(first).resolves.toBe('a');
    // The failing one still holds the pause, and now gives the reason.
    expect(backpressure.getStatus()).toMatchObject({ paused: true, reason: 'database write failed: too many clients' });
    expect(consumer.switches).toEqual(['pause']);

    failing = false;
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(second).resolves.toBe('b');
    expect(consumer.switches).toEqual(['pause', 'resume']);
  });

  it('gives a failed write up when the consumer stops, so its batch stays uncommitted', async () => {
    consumer.running = false;
    let attempts = 0;
    const result = backpressure.write(async () => {
      attempts++;
      throw new Error('connection refused');
    }, consumer.context());
    await expect(result).rejects.toThrow('connection refused');
    expect(attempts).toBe(1);
  });

  it('stops retrying when the consumer stops during the backoff', async () => {
    const result = backpressure.write(async () => {
      throw new Error('connection refused');
    }, consumer.context());
    const settled = result.catch((error: Error) => error.message);
    await vi.advanceTimersByTimeAsync(0);
    consumer.running = false;
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(settled).resolves.toBe('connection refused');
  });
});
