import { describe, expect, it } from 'vitest';
import { FREE_FAILURES_PER_USERNAME, throttleWaitS } from './sign-in-throttle';

const T = 1_750_000_000_000;

describe('throttleWaitS', () => {
  it('lets the free failures through', () => {
    expect(throttleWaitS({ count: 0, lastAtMs: null }, FREE_FAILURES_PER_USERNAME, T)).toBe(0);
    expect(throttleWaitS({ count: FREE_FAILURES_PER_USERNAME - 1, lastAtMs: T }, FREE_FAILURES_PER_USERNAME, T)).toBe(0);
  });

  it('then waits 30 s after the latest failure, doubling per further failure, at most 15 minutes', () => {
    expect(throttleWaitS({ count: 5, lastAtMs: T }, 5, T)).toBe(30);
    expect(throttleWaitS({ count: 5, lastAtMs: T }, 5, T + 10_000)).toBe(20);
    expect(throttleWaitS({ count: 5, lastAtMs: T }, 5, T + 30_000)).toBe(0);
    expect(throttleWaitS({ count: 6, lastAtMs: T }, 5, T)).toBe(60);
    expect(throttleWaitS({ count: 20, lastAtMs: T }, 5, T)).toBe(900);
  });
});
