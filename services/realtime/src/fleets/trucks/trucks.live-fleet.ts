import { type LiveTruck, nextLiveTruck, toTruckColumns, TRUCK_READINGS } from '@urban-brain/common';
import { defineLiveStream } from '../live-stream';
import type { LiveLayerEntry } from '../live-layer';

/** Each truck's newest reading. */
export const LIVE_TRUCK_READINGS = defineLiveStream({
  descriptor: TRUCK_READINGS,
  layer: 'trucks',
  apply: (trucks, reading, receivedAtMs) => trucks.upsert(reading.truckId, receivedAtMs, nextLiveTruck(reading, receivedAtMs)),
});

export const TRUCKS_LIVE_LAYER: LiveLayerEntry<LiveTruck> = {
  idOf: (truck) => truck.truckId,
  toFrameFields: (changes) => ({ trucks: toTruckColumns(changes.entries), removedTruckIds: changes.removedIds }),
};
