import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { AmbulanceState, CallStage, LiveFrameSchema } from '@urban-brain/proto';
import { FleetLiveState } from '../../live-state/fleet-live-state';
import { FleetTotalsCache } from '../../live-state/fleet-totals';
import { ambulanceReading, emergencyCallEvent, FIXTURE_T0 as T0 } from '../../live-state/fleet-messages.fixtures';
import { LiveSocketService } from '../../live-socket/live-socket.service';
import { toAmbulanceColumns, toCallColumns } from '@urban-brain/common';
import { LIVE_AMBULANCE_READINGS, LIVE_EMERGENCY_CALLS } from './ambulances.live-fleet';

const HOUR_MS = 3_600_000;
const options = { staleAfterMs: 60_000, maxEntries: 100 };
// The defaults' shape: ambulances silent for a minute go, calls after six hours without a step.
const setup = () => {
  const state = new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: { staleAfterMs: 6 * HOUR_MS, maxEntries: 100 } });
  return { state, totals: new FleetTotalsCache(state), live: new LiveSocketService(state) };
};

// A call through its stages: step n is stage n, a minute apart (the fixture's default times).
const step = (callId: string, stage: CallStage, patch: Parameters<typeof emergencyCallEvent>[2] = {}) =>
  emergencyCallEvent(callId, stage, {
    stage,
    ambulanceId: stage >= CallStage.DISPATCHED ? 'NJ120-01' : '',
    hospitalId: stage >= CallStage.TRANSPORTING ? 'site:hospital-first-people' : '',
    ...patch,
  });

const decode = (bytes: Uint8Array | null) => {
  expect(bytes).not.toBeNull();
  return fromBinary(LiveFrameSchema, bytes!);
};

describe('the ambulance layer', () => {
  it('holds each ambulance’s newest fix and refuses older or duplicate ones', () => {
    const { state } = setup();
    expect(state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 2, { state: AmbulanceState.TO_SCENE, callId: 'CALL-1', speedKmh: 62 }), T0)).toBe(true);
    expect(state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 1), T0 + 1)).toBe(false);
    expect(state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 2), T0 + 2)).toBe(false);
    expect(state.layer('ambulances').get('NJ120-01')).toMatchObject({ seq: 2, state: AmbulanceState.TO_SCENE, callId: 'CALL-1', speedKmh: 62, receivedAtMs: T0 });
    expect(state.table('calls').size).toBe(0);
  });

  it('holds each call’s newest step in its own table, and both tables move the layer’s version', () => {
    const { state } = setup();
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 1), T0);
    const version = state.layer('ambulances').version;
    expect(state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.DISPATCHED), T0 + 5)).toBe(true);
    // The RECEIVED step arrives late: the call stays DISPATCHED.
    expect(state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.RECEIVED), T0 + 6)).toBe(false);
    expect(state.table('calls').get('CALL-1')).toMatchObject({ stage: CallStage.DISPATCHED, ambulanceId: 'NJ120-01', receivedAtMs: T0, updatedAtMs: T0 + 5 });
    expect(state.layer('ambulances').version).toBe(version + 1);
    expect(state.table('calls').version).toBe(version + 1);
    expect(state.layer('ambulances').size).toBe(1);
  });

  it('takes a CLOSED call off the layer, and a step delivered after it does not bring it back', () => {
    const { state } = setup();
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.RECEIVED), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-2', CallStage.RECEIVED), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.TRANSPORTING), T0);
    const seen = state.table('calls').version;

    expect(state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.CLOSED), T0 + 1)).toBe(true);
    const changes = state.table('calls').changesSince(seen);
    expect(changes.entries).toEqual([]);
    expect(changes.removedIds).toEqual(['CALL-1']);
    expect(state.table('calls').snapshot().entries.map((call) => call.callId)).toEqual(['CALL-2']);

    // AT_HOSPITAL, held back by the network, arrives after CLOSED.
    expect(state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.AT_HOSPITAL), T0 + 2)).toBe(false);
    expect(state.table('calls').snapshot().entries.map((call) => call.callId)).toEqual(['CALL-2']);
  });

  it('removes an ambulance silent for its staleness, and a call only after hours without a step', () => {
    const { state } = setup();
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 1), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.RECEIVED), T0);
    expect(state.removeStale(T0 + 61_000)).toMatchObject({ ambulances: ['NJ120-01'], calls: [] });
    expect(state.removeStale(T0 + 6 * HOUR_MS + 1)).toMatchObject({ ambulances: [], calls: ['CALL-1'] });
  });

  it('leaves out a step older than a call is kept (history, when the topic is read from its start)', () => {
    const { state } = setup();
    const now = T0 + 7 * HOUR_MS;
    expect(state.apply(LIVE_EMERGENCY_CALLS, step('CALL-old', CallStage.ON_SCENE), now)).toBe(false);
    expect(state.apply(LIVE_EMERGENCY_CALLS, step('CALL-new', CallStage.RECEIVED, { recordedAtMs: BigInt(now - 60_000) }), now)).toBe(true);
    expect(state.table('calls').snapshot().entries.map((call) => call.callId)).toEqual(['CALL-new']);
  });

  it('lays ambulances and calls out in columns, entry i for ambulance (call) i', () => {
    const { state } = setup();
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 1, { lon: 105.01, state: AmbulanceState.TO_HOSPITAL, callId: 'CALL-1', speedKmh: 55, headingDeg: 270 }), T0 + 5);
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-02', 1, { lon: 105.02 }), T0 + 6);
    expect(toAmbulanceColumns(state.layer('ambulances').snapshot().entries)).toMatchObject({
      ambulanceIds: ['NJ120-01', 'NJ120-02'],
      lon: [105.01, 105.02],
      lat: [29.585, 29.585],
      speedKmh: [55, 0],
      headingDeg: [270, 0],
      state: [AmbulanceState.TO_HOSPITAL, AmbulanceState.AVAILABLE],
      callIds: ['CALL-1', ''],
      stationIds: ['site:ambulance-station-first-people', 'site:ambulance-station-first-people'],
      recordedAtMs: [T0 + 1000, T0 + 1000],
      seq: [1, 1],
      receivedAtMs: [T0 + 5, T0 + 6],
    });

    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.TRANSPORTING, { priority: 2 }), T0 + 7);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-2', CallStage.RECEIVED, { lon: 105.07, districtId: '' }), T0 + 8);
    expect(toCallColumns(state.table('calls').snapshot().entries)).toMatchObject({
      callIds: ['CALL-1', 'CALL-2'],
      lon: [105.062, 105.07],
      lat: [29.578, 29.578],
      stage: [CallStage.TRANSPORTING, CallStage.RECEIVED],
      priority: [2, 1],
      receivedAtMs: [T0, T0],
      ambulanceIds: ['NJ120-01', ''],
      hospitalIds: ['site:hospital-first-people', ''],
      districtIds: ['district:shizhong', ''],
      updatedAtMs: [T0 + 7, T0 + 8],
    });
  });

  it('counts the fleet city-wide: available (at the station or returning), on a call, open calls and those still waiting', () => {
    const { state, totals } = setup();
    const put = (id: string, ambulanceState: AmbulanceState, callId = '') => state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading(id, 1, { state: ambulanceState, callId }), T0);
    put('NJ120-01', AmbulanceState.AVAILABLE);
    put('NJ120-02', AmbulanceState.RETURNING);
    put('NJ120-03', AmbulanceState.TO_SCENE, 'CALL-2');
    put('NJ120-04', AmbulanceState.ON_SCENE, 'CALL-3');
    put('NJ120-05', AmbulanceState.AT_HOSPITAL, 'CALL-4');
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.RECEIVED), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-2', CallStage.DISPATCHED), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-3', CallStage.ON_SCENE), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-4', CallStage.AT_HOSPITAL), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-5', CallStage.RECEIVED), T0);
    expect(totals.current('ambulances').tally).toEqual({ total: 5, available: 2, onCall: 3, openCalls: 5, waitingCalls: 2 });

    // A closed call leaves the queue; a call changing stage is a new count though no ambulance moved.
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-4', CallStage.CLOSED), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-5', CallStage.DISPATCHED), T0);
    expect(totals.current('ambulances').tally).toEqual({ total: 5, available: 2, onCall: 3, openCalls: 4, waitingCalls: 1 });
  });
});

describe('the ambulance layer in frames', () => {
  it('sends ambulances, open calls and the fleet totals in the snapshot, then a closed call as removed', () => {
    const { state, live } = setup();
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 1, { state: AmbulanceState.TO_SCENE, callId: 'CALL-1' }), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.DISPATCHED), T0);

    expect(live.subscribe('c1', { layers: ['ambulances'] })).toEqual({ layers: ['ambulances'], bikeView: 'points' });
    const snapshot = decode(live.nextFrame('c1', T0 + 10));
    expect(snapshot.snapshot).toBe(true);
    expect(snapshot.ambulances!.ambulanceIds).toEqual(['NJ120-01']);
    expect(snapshot.calls!.callIds).toEqual(['CALL-1']);
    expect(snapshot.calls!.stage).toEqual([CallStage.DISPATCHED]);
    expect(snapshot.ambulanceTotals).toMatchObject({ total: 1, available: 0, onCall: 1, openCalls: 1, waitingCalls: 0 });
    expect(snapshot.trucks).toBeUndefined();

    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-1', CallStage.CLOSED), T0 + 100);
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-01', 2, { state: AmbulanceState.RETURNING }), T0 + 100);
    const delta = decode(live.nextFrame('c1', T0 + 2_000));
    expect(delta.snapshot).toBe(false);
    expect(delta.removedCallIds).toEqual(['CALL-1']);
    expect(delta.calls?.callIds ?? []).toEqual([]);
    expect(delta.ambulances!.state).toEqual([AmbulanceState.RETURNING]);
    expect(delta.ambulanceTotals).toMatchObject({ total: 1, available: 1, onCall: 0, openCalls: 0 });

    // Nothing new: no frame until the heartbeat.
    expect(live.nextFrame('c1', T0 + 2_100)).toBeNull();
  });

  it('sends an area client the ambulances and calls of its area, and the totals of the whole city', () => {
    const { state, live } = setup();
    // Around (105.05, 29.58); with its margin it reaches 105.00-105.10 by 29.555-29.605.
    const area = { west: 105.025, south: 29.5675, east: 105.075, north: 29.5925, zoom: 15 };
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-in', 1, { lon: 105.05, lat: 29.58 }), T0);
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-out', 1, { lon: 105.3, lat: 29.58 }), T0);
    // Every step of a call repeats where the patient is.
    const inside = { lon: 105.06, lat: 29.57 };
    const outside = { lon: 105.4, lat: 29.6 };
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-in', CallStage.RECEIVED, inside), T0);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-out', CallStage.RECEIVED, outside), T0);

    live.subscribe('c1', { layers: ['ambulances'], area });
    const snapshot = decode(live.nextFrame('c1', T0));
    expect(snapshot.ambulances!.ambulanceIds).toEqual(['NJ120-in']);
    expect(snapshot.calls!.callIds).toEqual(['CALL-in']);
    expect(snapshot.ambulanceTotals).toMatchObject({ total: 2, openCalls: 2, waitingCalls: 2 });

    // The ambulance drives out of the area; the call in it closes; the one far away is not this client's business.
    state.apply(LIVE_AMBULANCE_READINGS, ambulanceReading('NJ120-in', 2, { lon: 105.3 }), T0 + 100);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-in', CallStage.CLOSED, inside), T0 + 100);
    state.apply(LIVE_EMERGENCY_CALLS, step('CALL-out', CallStage.DISPATCHED, outside), T0 + 100);
    const delta = decode(live.nextFrame('c1', T0 + 2_000));
    expect(delta.removedAmbulanceIds).toEqual(['NJ120-in']);
    expect(delta.removedCallIds).toEqual(['CALL-in']);
    expect(delta.calls?.callIds ?? []).toEqual([]);
    expect(delta.ambulanceTotals).toMatchObject({ total: 2, openCalls: 1, waitingCalls: 0 });
  });
});
