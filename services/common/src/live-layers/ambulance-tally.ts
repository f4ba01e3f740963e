import { AmbulanceState, CallStage } from '@urban-brain/proto';
import type { LiveAmbulance } from './live-ambulance';
import type { LiveCall } from './live-call';

// Free for the next call: at the station, or on the way back (the dispatcher may send it on from there).
const AVAILABLE = new Set([AmbulanceState.AVAILABLE, AmbulanceState.RETURNING]);
const ON_CALL = new Set([AmbulanceState.TO_SCENE, AmbulanceState.ON_SCENE, AmbulanceState.TO_HOSPITAL, AmbulanceState.AT_HOSPITAL]);

export interface AmbulanceTally {
  total: number;
  available: number;
  onCall: number;
  /** Calls received and not closed: the city's whole queue. */
  openCalls: number;
  /** Open calls no ambulance has been dispatched to yet. */
  waitingCalls: number;
}

/** Closed calls are not among `calls` (the table leaves them out once they end). */
export function tallyAmbulances(ambulances: readonly LiveAmbulance[], calls: readonly LiveCall[]): AmbulanceTally {
  const tally: AmbulanceTally = { total: ambulances.length, available: 0, onCall: 0, openCalls: calls.length, waitingCalls: 0 };
  for (const ambulance of ambulances) {
    if (AVAILABLE.has(ambulance.state)) tally.available++;
    else if (ON_CALL.has(ambulance.state)) tally.onCall++;
  }
  for (const call of calls) if (call.stage === CallStage.RECEIVED) tally.waitingCalls++;
  return tally;
}
