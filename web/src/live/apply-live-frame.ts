import { shallowRef, type ShallowRef } from 'vue';
import { LIVE_LAYERS, type LiveFrame, type LiveLayer } from '@urban-brain/proto';
import { applyFrameToTables, bikeViewOf, createLiveTables, totalsAfter, type FleetTotals, type LiveTables } from './live-tables';

// What a LiveFrame changes on the page, whoever brought it: the gateway's socket (use-live-frames.ts)
// or the api's replay chunks (replay/replay-player.ts). One apply for both, so the wall in the past
// and the replay page draw exactly what the live wall would have drawn.
export interface LiveFrameState {
  /** Every layer's table; mutated in place, never reactive. */
  readonly tables: LiveTables;
  /** Bumped after every applied frame. */
  readonly version: ShallowRef<number>;
  /** Bumped per layer only when a frame changed that layer. */
  readonly layerVersions: Readonly<Record<LiveLayer, ShallowRef<number>>>;
  readonly bikeView: ShallowRef<'points' | 'cells'>;
  /** The newest fleet-wide figures per layer; replaced as a whole when a frame brings new ones. */
  readonly totals: ShallowRef<FleetTotals>;
}

export function createLiveFrameState(): LiveFrameState {
  return {
    tables: createLiveTables(),
    version: shallowRef(0),
    layerVersions: Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, shallowRef(0)])) as Record<LiveLayer, ShallowRef<number>>,
    bikeView: shallowRef<'points' | 'cells'>('points'),
    totals: shallowRef<FleetTotals>({}),
  };
}

/** Applies one frame to the tables, totals and bike view, then bumps the versions of what changed; returns the changed layers. */
export function applyLiveFrame(frame: LiveFrame, state: LiveFrameState): LiveLayer[] {
  const changed = applyFrameToTables(frame, state.tables);
  const nextTotals = totalsAfter(frame, state.totals.value);
  if (nextTotals !== state.totals.value) state.totals.value = nextTotals;
  const view = bikeViewOf(frame);
  if (view && view !== state.bikeView.value) state.bikeView.value = view;
  for (const layer of changed) state.layerVersions[layer].value++;
  state.version.value++;
  return changed;
}
