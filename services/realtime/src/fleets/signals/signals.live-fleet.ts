import { CORRIDOR_OBSERVATIONS, corridorWithObservation, corridorWithPhase, type LiveCorridor, SIGNAL_PHASES, toCorridorColumns } from '@urban-brain/common';
import { defineLiveStream } from '../live-stream';
import type { LiveLayerEntry } from '../live-layer';

// Both signal streams feed the corridors layer, merged into each corridor's entry.

/** A signal group's newest phase, on the corridor of its intersection. */
export const LIVE_SIGNAL_PHASES = defineLiveStream({
  descriptor: SIGNAL_PHASES,
  layer: 'corridors',
  apply: (corridors, change, receivedAtMs) => {
    // An intersection on no corridor: the live map draws corridors only.
    if (change.corridorId === '') return false;
    return corridors.upsert(change.corridorId, receivedAtMs, corridorWithPhase(change, receivedAtMs));
  },
});

/** A corridor direction's newest observation. */
export const LIVE_CORRIDOR_OBSERVATIONS = defineLiveStream({
  descriptor: CORRIDOR_OBSERVATIONS,
  layer: 'corridors',
  apply: (corridors, observation, receivedAtMs) => corridors.upsert(observation.corridorId, receivedAtMs, corridorWithObservation(observation, receivedAtMs)),
});

// No idOf: a corridor is a line from the city pack, with no position of its own, so every client gets all of them.
export const CORRIDORS_LIVE_LAYER: LiveLayerEntry<LiveCorridor> = {
  toFrameFields: (changes) => ({ corridors: toCorridorColumns(changes.entries), removedCorridorIds: changes.removedIds }),
};
