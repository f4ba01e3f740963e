import { BOAT_READINGS, type LiveBoat, nextLiveBoat, toBoatColumns } from '@urban-brain/common';
import { defineLiveStream } from '../live-stream';
import type { LiveLayerEntry } from '../live-layer';

/** Each boat's newest reading. */
export const LIVE_BOAT_READINGS = defineLiveStream({
  descriptor: BOAT_READINGS,
  layer: 'boats',
  apply: (boats, reading, receivedAtMs) => boats.upsert(reading.boatId, receivedAtMs, nextLiveBoat(reading, receivedAtMs)),
});

export const BOATS_LIVE_LAYER: LiveLayerEntry<LiveBoat> = {
  idOf: (boat) => boat.boatId,
  toFrameFields: (changes) => ({ boats: toBoatColumns(changes.entries), removedBoatIds: changes.removedIds }),
};
