import { EXACT_TIME, type TrackPosition } from './track-position';

/** What an opaque `cursor` carries: whose track, and the last position already returned. */
export interface TrackCursor {
  truckId: string;
  after: TrackPosition;
}

interface CursorJson {
  v: 1;
  truck: string;
  t: string;
  seq: number;
}

// base64url JSON: opaque to clients, readable when debugging, versioned so the format can change.
export function encodeTrackCursor(cursor: TrackCursor): string {
  const json: CursorJson = { v: 1, truck: cursor.truckId, t: cursor.after.recordedAt, seq: cursor.after.seq };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** The cursor, or null when the text is not one this API issued. */
export function decodeTrackCursor(text: string): TrackCursor | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { v, truck, t, seq } = json as Partial<Record<keyof CursorJson, unknown>>;
  if (v !== 1 || typeof truck !== 'string' || typeof t !== 'string' || !EXACT_TIME.test(t)) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { truckId: truck, after: { recordedAt: t, seq } };
}
