import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { FleetStreamDescriptor } from '@urban-brain/common';
import type { LiveLayer } from '@urban-brain/proto';
import type { LiveStateStore } from '../live-state/live-state-store';
import type { LiveLayerEntries } from './live-fleet.registry';

/**
 * What the gateway does with one fleet stream: the live layer its messages update and how an
 * accepted message changes that layer. The rest (topic, schema, key, checks, identity) is the
 * stream's descriptor, the same in every service.
 */
export interface LiveStream<Desc extends DescMessage = DescMessage, L extends LiveLayer = LiveLayer> {
  readonly descriptor: FleetStreamDescriptor<Desc>;
  /** The layer it updates: the descriptor's `liveLayer`, typed (a spec holds them equal). */
  readonly layer: L;
  /** Read from the start of the topic's retention instead of the newest offset (why: see bikes). */
  readonly readFromStart?: boolean;
  // Method syntax on purpose: a stream of one message then fits where LiveStream (any message) is expected.
  /** Applies an accepted message to its layer; false when the layer kept what it held (older, a duplicate, or nothing the map shows). */
  apply(layer: LiveStateStore<LiveLayerEntries[L]>, message: MessageShape<Desc>, receivedAtMs: number): boolean;
}

/** Keeps a stream's message and layer types while checking its shape. */
export function defineLiveStream<Desc extends DescMessage, L extends LiveLayer>(stream: LiveStream<Desc, L>): LiveStream<Desc, L> {
  return stream;
}
