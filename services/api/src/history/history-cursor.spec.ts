import { describe, expect, it } from 'vitest';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('history cursor', () => {
  it('round-trips scope, entity and exact position, including the "before any reading" seq', () => {
    for (const seq of [-1, 0, 4_294_967_295]) {
      const cursor = { scope: 'tracks:boats:60', entityId: 'boat-3', recordedAt: '2025-05-01T00:00:00.123456Z', seq };
      const text = encodeHistoryCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeHistoryCursor(text)).toEqual(cursor);
    }
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON null', b64(null)],
    ['wrong version', b64({ v: 2, s: 's', id: 'a', t: '2025-05-01T00:00:00.000000Z', seq: 1 })],
    ['no scope', b64({ v: 1, id: 'a', t: '2025-05-01T00:00:00.000000Z', seq: 1 })],
    ['millisecond time', b64({ v: 1, s: 's', id: 'a', t: '2025-05-01T00:00:00.000Z', seq: 1 })],
    ['seq below -1', b64({ v: 1, s: 's', id: 'a', t: '2025-05-01T00:00:00.000000Z', seq: -2 })],
  ])('refuses %s', (_reason, text) => {
    expect(decodeHistoryCursor(text)).toBeNull();
  });
});
