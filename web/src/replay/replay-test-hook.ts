import type { ReplayPlayer } from './replay-player';
import type { ReplaySpeed } from './replay-speed';

/**
 * For browser tests and the playback bench, installed as `window.__ubReplay` by the replay page and
 * the wall in the past: the player's clock and state, and the controls a person would press.
 */
export interface ReplayTestHook {
  clockMs(): number;
  status(): string;
  speed(): ReplaySpeed;
  window(): { fromMs: number; toMs: number };
  framesApplied(): number;
  heldChunks(): number;
  retrying(): number | null;
  play(): void;
  pause(): void;
  seek(atMs: number): Promise<void>;
  setSpeed(speed: ReplaySpeed): void;
}

export function createReplayTestHook(player: ReplayPlayer): ReplayTestHook {
  return Object.freeze({
    clockMs: () => player.clockMs.value,
    status: () => player.status.value,
    speed: () => player.speed.value,
    window: () => player.window,
    framesApplied: () => player.framesApplied.value,
    heldChunks: () => player.heldChunks,
    retrying: () => player.retrying.value?.attempt ?? null,
    play: () => player.play(),
    pause: () => player.pause(),
    seek: (atMs: number) => player.seek(atMs),
    setSpeed: (speed: ReplaySpeed) => player.setSpeed(speed),
  });
}

declare global {
  interface Window {
    __ubReplay?: ReplayTestHook;
  }
}
