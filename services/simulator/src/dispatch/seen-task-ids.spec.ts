import { describe, expect, it } from 'vitest';
import { SeenTaskIds } from './seen-task-ids';

describe('SeenTaskIds', () => {
  it('knows an id the second time, and forgets the oldest beyond its capacity', () => {
    const seen = new SeenTaskIds(2);
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    expect(seen.firstTime('b')).toBe(true);
    expect(seen.firstTime('c')).toBe(true);
    expect(seen.firstTime('b')).toBe(false);
    expect(seen.firstTime('a')).toBe(true);
  });
});
