import { LIVE_LAYERS, type LiveLayer, type SubscriptionState } from '@urban-brain/proto';
import { newLayerSession, type LayerSession } from './layer-view';
import type { AreaView } from './map-area';

/** One connected client's stream: what it subscribed to, where it looks, and what it was last sent. */
export interface LiveSession {
  layers: LiveLayer[];
  /** Unset: the whole city, bikes as points (what the wall starts with). */
  area: AreaView | undefined;
  /** Per layer (subscribed or not: a client may subscribe again with other layers), what it holds of it. */
  byLayer: Record<LiveLayer, LayerSession>;
  feedHealthSentAtMs: number;
  // Set by subscribe and area: the next frame is a snapshot. Sent by the tick
  // path like any frame, so a client spamming area changes without reading
  // still has at most one frame waiting, and costs one snapshot per frame sent.
  snapshotDue: boolean;
  frameSeq: number;
  lastSentAtMs: number;
}

export function newLiveSession(layers: LiveLayer[]): LiveSession {
  return {
    layers,
    area: undefined,
    byLayer: Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, newLayerSession()])) as Record<LiveLayer, LayerSession>,
    feedHealthSentAtMs: 0,
    snapshotDue: true,
    frameSeq: 0,
    lastSentAtMs: 0,
  };
}

/** What the client is told it subscribed to. */
export function subscriptionStateOf(session: LiveSession): SubscriptionState {
  return { layers: session.layers, bikeView: session.area?.bikeView ?? 'points' };
}
