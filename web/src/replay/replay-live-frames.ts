import { markRaw, shallowRef } from 'vue';
import type { LiveFrame } from '@urban-brain/proto';
import { applyLiveFrame, createLiveFrameState } from '../live/apply-live-frame';
import type { FeedHealthSample } from '../live/feed-status';
import { LatencySamples } from '../live/latency-samples';
import type { LiveFrames } from '../live/use-live-frames';

/** The wall's LiveFrames, filled by a replay player instead of the gateway's socket. */
export interface ReplayLiveFrames extends LiveFrames {
  apply(frame: LiveFrame): void;
}

// Provided as LIVE_FRAMES under the replay page and the wall in the past, so the wall's own map layers,
// KPI tiles and entity panel draw the replayed city. The map's area does not matter: replay frames
// always hold the whole city, bikes as points.
export function createReplayLiveFrames(): ReplayLiveFrames {
  const state = createLiveFrameState();
  return {
    ...state,
    eventToBrowserMs: markRaw(new LatencySamples()),
    gatewayToBrowserMs: markRaw(new LatencySamples()),
    feedHealth: shallowRef<FeedHealthSample | null>(null),
    setArea: () => undefined,
    stop: () => undefined,
    apply: (frame) => void applyLiveFrame(frame, state),
  };
}
