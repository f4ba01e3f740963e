import { AMBULANCE_READINGS, EMERGENCY_CALLS, isClosed, type LiveAmbulance, type LiveCall, nextLiveAmbulance, nextLiveCall, toAmbulanceColumns, toCallColumns } from '@urban-brain/common';
import { defineLiveStream } from '../live-stream';
import type { LiveLayerEntry } from '../live-layer';

// The ambulance layer carries two tables: the ambulances, and the open calls they answer.

/** Each ambulance's newest fix. */
export const LIVE_AMBULANCE_READINGS = defineLiveStream({
  descriptor: AMBULANCE_READINGS,
  layer: 'ambulances',
  apply: (ambulances, reading, receivedAtMs) => ambulances.upsert(reading.ambulanceId, receivedAtMs, nextLiveAmbulance(reading, receivedAtMs)),
});

/** Each open call's newest step; a CLOSED step ends it. */
export const LIVE_EMERGENCY_CALLS = defineLiveStream({
  descriptor: EMERGENCY_CALLS,
  layer: 'ambulances',
  table: 'calls',
  // A call reports only when it reaches its next stage, minutes apart, so from the newest offset a
  // restarted gateway would miss the calls already open, the ones still waiting for an ambulance
  // first. The topic is read from the start of its retention (a few hundred events a day).
  readFromStart: true,
  apply: (calls, event, receivedAtMs) => {
    // A step older than the table keeps a silent call is history (most of a replayed topic is).
    if (receivedAtMs - Number(event.recordedAtMs) > calls.staleAfterMs) return false;
    return calls.upsert(event.callId, receivedAtMs, nextLiveCall(event, receivedAtMs));
  },
});

export const AMBULANCES_LIVE_LAYER: LiveLayerEntry<LiveAmbulance> = {
  idOf: (ambulance) => ambulance.ambulanceId,
  toFrameFields: (changes) => ({ ambulances: toAmbulanceColumns(changes.entries), removedAmbulanceIds: changes.removedIds }),
};

// Calls are placed where the patient is, so an area client gets those of its area.
export const CALLS_LIVE_TABLE: LiveLayerEntry<LiveCall> = {
  idOf: (call) => call.callId,
  toFrameFields: (changes) => ({ calls: toCallColumns(changes.entries), removedCallIds: changes.removedIds }),
  hasEnded: isClosed,
};
