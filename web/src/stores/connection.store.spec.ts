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
  it('is delayed or down instead of live while frames come but a fleet’s data does not', () => {
    const link = { connected: true, lastFrameAt: now - 200, framesReceived: 10 };
    expect(linkStatus(link, now, 'flowing')).toBe('live');
    expect(linkStatus(link, now, 'idle')).toBe('live');
    expect(linkStatus(link, now, 'delayed')).toBe('delayed');
    expect(linkStatus(link, now, 'down')).toBe('down');
    // The gateway's own silence or absence says more than its last word on the feed.
    expect(linkStatus({ ...link, lastFrameAt: now - NO_DATA_AFTER_MS - 1 }, now, 'down')).toBe('no-data');
    expect(linkStatus({ ...link, connected: false }, now, 'down')).toBe('disconnected');
  });
});
