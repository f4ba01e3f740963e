import { describe, expect, it } from 'vitest';
import { NO_DATA_AFTER_MS, linkStatus } from './connection.store';

describe('linkStatus', () => {
  const now = 1_000_000;
  it('is live while connected and frames keep coming', () => {
    expect(linkStatus({ connected: true, lastFrameAt: now - 200, framesReceived: 10 }, now)).toBe('live');
  });
  it('says no data when the socket is open but frames stopped', () => {
    expect(linkStatus({ connected: true, lastFrameAt: now - NO_DATA_AFTER_MS - 1, framesReceived: 10 }, now)).toBe('no-data');
  });
  it('is disconnected once a working link dropped, connecting before the first frame', () => {
    expect(linkStatus({ connected: false, lastFrameAt: now - 200, framesReceived: 10 }, now)).toBe('disconnected');
    expect(linkStatus({ connected: false, lastFrameAt: null, framesReceived: 0 }, now)).toBe('connecting');
    expect(linkStatus({ connected: true, lastFrameAt: null, framesReceived: 0 }, now)).toBe('connecting');
  });
});
