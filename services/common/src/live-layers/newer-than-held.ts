/** Device order of two messages of one device: newer device time wins, then a higher seq. */
export function isNewerThanHeld(held: { recordedAtMs: number; seq: number } | undefined, recordedAtMs: number, seq: number): boolean {
  return !held || recordedAtMs > held.recordedAtMs || (recordedAtMs === held.recordedAtMs && seq > held.seq);
}
