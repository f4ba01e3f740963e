import { getCurrentScope, onScopeDispose } from 'vue';
import { createFetchFrames, type FetchFrames } from './replay-api';
import { createReplayLiveFrames, type ReplayLiveFrames } from './replay-live-frames';
import { ReplayPlayer } from './replay-player';
import type { ReplaySpeed } from './replay-speed';
import { createReplayTestHook } from './replay-test-hook';

export interface Replay {
  live: ReplayLiveFrames;
  player: ReplayPlayer;
}

export interface ReplayStart {
  fromMs: number;
  toMs: number;
  atMs: number;
  speed: ReplaySpeed;
  playing?: boolean;
  fetchFrames?: FetchFrames;
}

/**
 * A replay for a page: the wall's LiveFrames filled by a player, driven by the browser's animation
 * frames (the clock advances as the screen draws; a hidden tab pauses it), stopped with the page.
 */
export function useReplay(start: ReplayStart): Replay {
  const live = createReplayLiveFrames();
  const player = new ReplayPlayer(start.fromMs, start.toMs, {
    fetchFrames: start.fetchFrames ?? createFetchFrames(),
    apply: live.apply,
    budgetClock: () => performance.now(),
  });
  player.setSpeed(start.speed);
  let raf = 0;
  const loop = (t: number) => {
    player.tick(t);
    raf = requestAnimationFrame(loop);
  };
  raf = requestAnimationFrame(loop);
  // Asked before the snapshot arrives, play starts once it has.
  if (start.playing) player.play();
  void player.seek(start.atMs);
  window.__ubReplay = createReplayTestHook(player);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      cancelAnimationFrame(raf);
      player.stop();
      delete window.__ubReplay;
    });
  }
  return { live, player };
}
