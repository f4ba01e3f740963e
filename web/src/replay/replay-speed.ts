// Replay speeds: times real time, or 'max' ("as fast as it draws": every buffered frame the draw
// budget allows, each animation frame). Faster speeds ask the api for longer steps: at 1000x a
// 1 s step would be 1,000 frames a second of which the screen shows 60.
export type ReplaySpeed = number | 'max';
export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 10, 60, 300, 1000, 'max'];

/** Replay time per frame asked of the api at a speed, ms. */
export function stepMsFor(speed: ReplaySpeed): number {
  if (speed === 'max' || speed > 300) return 10_000;
  if (speed > 60) return 5_000;
  return 1_000;
}

/** Replay time per fetched chunk at a step: a few seconds of playing, at most the api's REPLAY_CHUNK_MAX_S. */
export function chunkMsFor(stepMs: number, maxChunkS: number): number {
  return Math.min(maxChunkS * 1000, stepMs * 90);
}

export function parseSpeed(text: string | null | undefined): ReplaySpeed | null {
  if (text === 'max') return 'max';
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : null;
}
