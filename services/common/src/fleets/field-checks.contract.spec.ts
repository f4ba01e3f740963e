import { create, type DescField, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  AmbulanceState,
  BikeEventKind,
  BoatTaskState,
  CallStage,
  CorridorDirection,
  MovementPhaseState,
  TaskState,
  TruckKind,
} from '@urban-brain/proto';
import type { FleetStreamDescriptor } from './fleet-descriptor';
import { FLEET_STREAMS } from './fleet-registry';

// The field checks are code (services/common/src/fleet/*.validator.ts; buf.validate annotations would
// need protovalidate and the BSR, neither reachable here), so this spec holds them to the .proto: each
// stream's checks name fields exactly as the schema spells them, and a field of the schema that no check
// covers is listed below on purpose. A field added to a .proto without a check fails here until it is
// checked or listed.

const NOW = Date.UTC(2026, 11, 3, 6, 0, 0);
const T = BigInt(NOW - 60_000);

/** A message of each stream that every check accepts. */
const VALID: Record<string, Record<string, unknown>> = {
  'truck-readings': { truckId: 'T-1', seq: 3, recordedAtMs: T, lon: 105.05, lat: 29.58, speedKmh: 20, headingDeg: 90, loadKg: 800, taskState: TaskState.SWEEPING, kind: TruckKind.SWEEPER },
  'bike-events': { bikeId: 'B-1', seq: 2, recordedAtMs: T, kind: BikeEventKind.TRIP_END, lon: 105.06, lat: 29.58, fenceId: 'fence:sz-017', inFence: true, isEbike: true, batteryPct: 64, operator: 'meituan' },
  'boat-readings': { boatId: 'W-1', seq: 5, recordedAtMs: T, lon: 105.05, lat: 29.57, speedKmh: 6, headingDeg: 180, debrisKg: 120, batteryPct: 70, taskState: BoatTaskState.SWEEPING },
  'signal-phases': {
    intersectionId: 'X-1',
    corridorId: 'HANAN-AVE',
    seq: 1,
    recordedAtMs: T,
    signalGroup: 2,
    phaseState: MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED,
    startMs: T,
    minEndMs: T + 20_000n,
    maxEndMs: T + 40_000n,
  },
  'corridor-observations': { corridorId: 'HANAN-AVE', seq: 1, recordedAtMs: T, direction: CorridorDirection.OUTBOUND, travelTimeS: 300, designTravelTimeS: 280, stops: 0.5, arrivalsOnGreenPct: 80, vehicles: 100 },
  'ambulance-readings': { ambulanceId: 'NJ120-01', seq: 9, recordedAtMs: T, lon: 105.06, lat: 29.58, speedKmh: 50, headingDeg: 10, state: AmbulanceState.TO_SCENE, callId: 'CALL-1', stationId: 'site:ambulance-station-1' },
  'emergency-calls': {
    callId: 'CALL-1',
    seq: 3,
    recordedAtMs: T,
    stage: CallStage.TRANSPORTING,
    receivedAtMs: T - 600_000n,
    lon: 105.07,
    lat: 29.59,
    districtId: 'district:shizhong',
    priority: 1,
    ambulanceId: 'NJ120-01',
    hospitalId: 'site:hospital-1',
  },
};

/** Fields no check covers, by design: free text, flags that cannot be wrong, and facts a device may leave out. */
const UNCHECKED: Record<string, string[]> = {
  'truck-readings': [],
  'bike-events': ['in_fence', 'is_ebike'],
  'boat-readings': ['vessel_sightings'],
  'signal-phases': [],
  'corridor-observations': [],
  'ambulance-readings': [],
  'emergency-calls': [],
};

/** Values no check should let through, per field type. */
function brokenValues(field: DescField): unknown[] {
  if (field.fieldKind === 'enum') return [999];
  if (field.fieldKind !== 'scalar') return [];
  switch (field.scalar) {
    case 1: // double
    case 2: // float
      return [Number.NaN, 1e12, -1e12];
    case 3: // int64
      return [-1n, BigInt(NOW + 86_400_000)];
    case 13: // uint32
      return [0, 4_294_967_295];
    case 9: // string
      return [' not an id ', 'x'.repeat(600)];
    default:
      return [];
  }
}

function problemsOf(stream: FleetStreamDescriptor, field: DescField): string[] {
  const problems: string[] = [];
  for (const value of brokenValues(field)) {
    const message = create(stream.schema as DescMessage, { ...VALID[stream.name], [field.localName]: value }) as MessageShape<DescMessage>;
    const problem = stream.findProblem(message, NOW);
    if (problem !== null) problems.push(problem);
  }
  return problems;
}

describe('the field checks against the .proto', () => {
  it('has a valid example of every stream, and the checks accept it', () => {
    for (const stream of FLEET_STREAMS) {
      expect(VALID[stream.name], stream.name).toBeDefined();
      expect(stream.findProblem(create(stream.schema as DescMessage, VALID[stream.name]) as MessageShape<DescMessage>, NOW), stream.name).toBeNull();
    }
  });

  it('names each field as the schema spells it, and covers every field but those listed', () => {
    for (const stream of FLEET_STREAMS) {
      const unchecked: string[] = [];
      for (const field of stream.schema.fields) {
        const problems = problemsOf(stream, field);
        if (problems.length === 0) unchecked.push(field.name);
        // "lon/lat: 0,0 ..." names both coordinates; every other problem starts with the field it is about.
        for (const problem of problems) expect(problem.startsWith(`${field.name}:`) || problem.startsWith(`${field.name}/`) || problem.startsWith('lon/lat:'), `${stream.name}: ${problem}`).toBe(true);
      }
      expect(unchecked, stream.name).toEqual(UNCHECKED[stream.name]);
    }
  });
});
