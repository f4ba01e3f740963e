import { describe, expect, it } from 'vitest';
import { decodeTrackCursor, encodeTrackCursor } from './track-cursor';

describe('track cursor', () => {
  it('round-trips truck and exact position', () => {
    const cursor = { truckId: 'truck-7', after: { recordedAt: '2025-05-01T00:00:00.123456Z', seq: 4_294_967_295 } };
    const text = encodeTrackCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTrackCursor(text)).toEqual(cursor);
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong version', Buffer.from(JSON.stringify({ v: 2, truck: 't', t: '2025-05-01T00:00:00.000000Z', seq: 1 })).toString('base64url')],
    ['millisecond time', Buffer.from(JSON.stringify({ v: 1, truck: 't', t: '2025-05-01T00:00:00.000Z', seq: 1 })).toString('base64url')],
    ['fractional seq', Buffer.from(JSON.stringify({ v: 1, truck: 't', t: '2025-05-01T00:00:00.000000Z', seq: 1.5 })).toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
  ])('refuses %s', (_reason, text) => {
    expect(decodeTrackCursor(text)).toBeNull();
  });
});
