import { BIKE_EVENTS, type LiveBike, nextLiveBike, toBikeColumns } from '@urban-brain/common';
import { defineLiveStream } from '../live-stream';
import type { LiveLayerEntry } from '../live-layer';
import { BikesLayerView } from './bikes-layer.view';

/** Each bike's newest event. */
export const LIVE_BIKE_EVENTS = defineLiveStream({
  descriptor: BIKE_EVENTS,
  layer: 'bikes',
  // Parked bikes report only when something happens to them, so the newest offset
  // would leave a restarted gateway with an almost empty bike layer for hours.
  // Their topic is read from the start of its retention (a few days of events,
  // seconds to replay); the chatty streams start at the newest offset.
  readFromStart: true,
  apply: (bikes, event, receivedAtMs) => bikes.upsert(event.bikeId, receivedAtMs, nextLiveBike(event, receivedAtMs)),
});

export const BIKES_LIVE_LAYER: LiveLayerEntry<LiveBike> = {
  idOf: (bike) => bike.bikeId,
  toFrameFields: (changes) => ({ bikes: toBikeColumns(changes.entries), removedBikeIds: changes.removedIds }),
  // Points or cells by zoom, with fence counts in both.
  view: (changes) => new BikesLayerView(changes),
};
