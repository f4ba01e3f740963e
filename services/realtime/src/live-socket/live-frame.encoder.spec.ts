import { fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { BikeEventKind, BoatTaskState, CorridorDirection, LiveFrameSchema, MovementPhaseState } from '@urban-brain/proto';
import { FleetLiveState } from '../live-state/fleet-live-state';
import { bikeEvent, boatReading, corridorObservation, FIXTURE_T0 as T0, signalPhaseChange } from '../live-state/fleet-messages.fixtures';
import { toBikeColumns, toBoatColumns, toCorridorColumns } from '@urban-brain/common';
import { encodeLiveFrame, joinLiveFrame, LAYER_FRAME_ENCODERS, LAYER_TOTALS_ENCODERS } from './live-frame.encoder';
import { LIVE_BIKE_EVENTS } from '../fleets/bikes/bikes.live-fleet';
import { LIVE_BOAT_READINGS } from '../fleets/boats/boats.live-fleet';
import { LIVE_CORRIDOR_OBSERVATIONS, LIVE_SIGNAL_PHASES } from '../fleets/signals/signals.live-fleet';

const options = { staleAfterMs: 60_000, maxEntries: 100 };
const setup = () => new FleetLiveState({ trucks: options, bikes: options, boats: options, corridors: options, ambulances: options, calls: options });

describe('live frame encoders', () => {
  it('lays bikes out in columns, entry i for bike i', () => {
    const state = setup();
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1, { lon: 105.01 }), T0 + 5);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1, { fenceId: '', inFence: false, kind: BikeEventKind.PARKED_STATE, batteryPct: 12, lon: 105.02 }), T0 + 6);
    const columns = toBikeColumns(state.layer('bikes').snapshot().entries);
    expect(columns).toMatchObject({
      bikeIds: ['B-1', 'B-2'],
      lon: [105.01, 105.02],
      inFence: [true, false],
      fenceIds: ['fence:sz-017', ''],
      batteryPct: [64, 12],
      lastEvent: [BikeEventKind.TRIP_END, BikeEventKind.PARKED_STATE],
      recordedAtMs: [T0 + 1000, T0 + 1000],
      receivedAtMs: [T0 + 5, T0 + 6],
      seq: [1, 1],
    });
  });

  it('lays boats out in columns with debris, battery and task', () => {
    const state = setup();
    state.apply(LIVE_BOAT_READINGS, boatReading('W-1', 3, { debrisKg: 42.5, batteryPct: 18, taskState: BoatTaskState.CHARGING }), T0);
    expect(toBoatColumns(state.layer('boats').snapshot().entries)).toMatchObject({
      boatIds: ['W-1'],
      debrisKg: [42.5],
      batteryPct: [18],
      taskState: [BoatTaskState.CHARGING],
      seq: [3],
    });
  });

  it('sums a corridor up: worse direction, phase colours, dark intersections, and zeros before any observation', () => {
    const state = setup();
    state.apply(LIVE_CORRIDOR_OBSERVATIONS, corridorObservation('C-1', 1, { arrivalsOnGreenPct: 82, travelTimeS: 280, designTravelTimeS: 280 }), T0);
    state.apply(
      LIVE_CORRIDOR_OBSERVATIONS,
      corridorObservation('C-1', 2, { direction: CorridorDirection.INBOUND, arrivalsOnGreenPct: 55, travelTimeS: 420, designTravelTimeS: 280, stops: 2 }),
      T0,
    );
    const phase = (intersectionId: string, signalGroup: number, phaseState: MovementPhaseState) =>
      state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange(intersectionId, 1, { corridorId: 'C-1', signalGroup, phaseState }), T0 + 1);
    phase('I-1', 2, MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED);
    phase('I-1', 4, MovementPhaseState.STOP_AND_REMAIN);
    phase('I-2', 2, MovementPhaseState.PROTECTED_CLEARANCE);
    phase('I-3', 2, MovementPhaseState.DARK);
    state.apply(LIVE_SIGNAL_PHASES, signalPhaseChange('I-9', 1, { corridorId: 'C-2' }), T0 + 2);

    const columns = toCorridorColumns(state.layer('corridors').snapshot().entries);
    expect(columns.corridorIds).toEqual(['C-1', 'C-2']);
    expect(columns.arrivalsOnGreenPct).toEqual([55, 0]);
    expect(columns.travelTimeRatio).toEqual([1.5, 0]);
    expect(columns.stops).toEqual([2, 0]);
    expect(columns.direction).toEqual([CorridorDirection.INBOUND, CorridorDirection.UNSPECIFIED]);
    expect(columns.observedAtMs).toEqual([T0 + 2000, 0]);
    expect(columns.signalGroupsGreen).toEqual([1, 1]);
    expect(columns.signalGroupsAmber).toEqual([1, 0]);
    expect(columns.signalGroupsRed).toEqual([1, 0]);
    expect(columns.signalGroupsDark).toEqual([1, 0]);
    expect(columns.darkIntersections).toEqual([1, 0]);
    expect(columns.intersections).toEqual([3, 1]);
    expect(columns.receivedAtMs).toEqual([T0 + 1, T0 + 2]);
  });

  it('puts each layer’s changes and removals in its own frame fields, and they survive the wire', () => {
    const state = setup();
    state.apply(LIVE_BOAT_READINGS, boatReading('W-1', 1), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    state.layer('bikes').removeStale(T0 + 61_000);
    const boats = LAYER_FRAME_ENCODERS.boats(state.layer('boats').changesSince(0));
    const bikes = LAYER_FRAME_ENCODERS.bikes(state.layer('bikes').changesSince(1));
    const frame = fromBinary(LiveFrameSchema, encodeLiveFrame({ frameSeq: 7, sentAtMs: T0, snapshot: false, ...boats, ...bikes }));
    expect(frame.boats?.boatIds).toEqual(['W-1']);
    expect(frame.removedBikeIds).toEqual(['B-1']);
    expect(frame.bikes?.bikeIds).toEqual([]);
    expect(frame.trucks).toBeUndefined();
    expect(frame.corridors).toBeUndefined();
  });

  it('joins separately encoded parts into the frame one encoding of everything gives', () => {
    const state = setup();
    state.apply(LIVE_BOAT_READINGS, boatReading('W-1', 1, { debrisKg: 12.5 }), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-1', 1), T0);
    state.apply(LIVE_BIKE_EVENTS, bikeEvent('B-2', 1), T0);
    state.layer('bikes').removeStale(T0 + 61_000);
    const boats = LAYER_FRAME_ENCODERS.boats(state.layer('boats').changesSince(0));
    const bikes = LAYER_FRAME_ENCODERS.bikes(state.layer('bikes').changesSince(1));
    const totals = LAYER_TOTALS_ENCODERS.boats({ total: 1, working: 1, debrisKg: 12.5 });
    const header = { frameSeq: 9, sentAtMs: T0, snapshot: true };
    const whole = fromBinary(LiveFrameSchema, encodeLiveFrame({ ...header, ...boats, ...bikes, ...totals }));
    const joined = fromBinary(LiveFrameSchema, joinLiveFrame(header, [boats, bikes, totals].map((fields) => encodeLiveFrame(fields))));
    expect(joined).toEqual(whole);
    expect(joined.removedBikeIds).toEqual(['B-1', 'B-2']);
    expect(joined.boats?.debrisKg).toEqual([12.5]);
    expect(joined.frameSeq).toBe(9);
  });
});
