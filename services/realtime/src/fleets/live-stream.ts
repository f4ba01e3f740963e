import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { FleetStreamDescriptor } from '@urban-brain/common';
import type { LiveLayer } from '@urban-brain/proto';
import type { LiveStateStore } from '../live-state/live-state-store';
import type { LiveTable, LiveTableEntries } from './live-fleet.registry';

/**
 * What the gateway does with one fleet stream: the live layer its messages update, the table of
 * that layer they write, and how an accepted message changes it. The rest (topic, schema, key,
 * checks, identity) is the stream's descriptor, the same in every service.
 */
export interface LiveStream<Desc extends DescMessage = DescMessage, L extends LiveLayer = LiveLayer, T extends LiveTable = LiveTable> {
  readonly descriptor: FleetStreamDescriptor<Desc>;
  /** The layer it updates: the descriptor's `liveLayer`, typed (a spec holds them equal). The layer's feed health counts the stream. */
  readonly layer: L;
  /** The table of the layer it writes, when not the layer's own (emergency calls: the ambulance layer's calls). */
  readonly table?: T;
  /** Read from the start of the topic's retention instead of the newest offset (why: see bikes). */
  readonly readFromStart?: boolean;
  // Method syntax on purpose: a stream of one message then fits where LiveStream (any message) is expected.
  /** Applies an accepted message to its table; false when the table kept what it held (older, a duplicate, or nothing the map shows). */
  apply(table: LiveStateStore<LiveTableEntries[T]>, message: MessageShape<Desc>, receivedAtMs: number): boolean;
}

/** The table a stream writes: the one it names, else its layer's own. */
export const tableOf = (stream: LiveStream): LiveTable => stream.table ?? stream.layer;

/** Keeps a stream's message, layer and table types while checking its shape; the table defaults to the layer's own. */
export function defineLiveStream<Desc extends DescMessage, L extends LiveLayer, T extends LiveTable = L>(stream: LiveStream<Desc, L, T>): LiveStream<Desc, L, T> {
  return stream;
}
