// A stored time as the queries return it: ISO text with microseconds, so a page never ends
// between two readings that a millisecond JS Date would merge.
export const EXACT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Where a page of history ends, in the (entity, time, seq) order of the tables' primary keys.
 * `scope` ties the cursor to the request that issued it (endpoint, fleet, downsampling),
 * so a cursor cannot be replayed against a request it would page wrongly.
 */
export interface HistoryCursor {
  scope: string;
  entityId: string;
  recordedAt: string;
  seq: number;
}

interface CursorJson {
  v: 1;
  s: string;
  id: string;
  t: string;
  seq: number;
}

// base64url JSON: opaque to clients, readable when debugging, versioned so the format can change.
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  const json: CursorJson = { v: 1, s: cursor.scope, id: cursor.entityId, t: cursor.recordedAt, seq: cursor.seq };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** The cursor, or null when the text is not one this API issued. */
export function decodeHistoryCursor(text: string): HistoryCursor | null {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const { v, s, id, t, seq } = json as Partial<Record<keyof CursorJson, unknown>>;
  if (v !== 1 || typeof s !== 'string' || typeof id !== 'string' || typeof t !== 'string' || !EXACT_TIME.test(t)) return null;
  // -1 is "before every reading of this entity time", which a downsampled page resumes from.
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < -1) return null;
  return { scope: s, entityId: id, recordedAt: t, seq };
}
