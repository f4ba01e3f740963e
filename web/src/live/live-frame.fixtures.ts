import { create, toBinary } from '@bufbuild/protobuf';
import {
  AmbulanceColumnsSchema,
  AmbulanceState,
  AmbulanceTotalsSchema,
  CallColumnsSchema,
  CallStage,
  LiveFrameSchema,
  TaskState,
  TruckColumnsSchema,
  TruckKind,
  type AmbulanceTotals,
  type LiveFrame,
} from '@urban-brain/proto';

export interface FixtureTruck {
  id: string;
  lon: number;
  lat: number;
  speedKmh?: number;
  headingDeg?: number;
  task?: TaskState;
  seq?: number;
  recordedAtMs?: number;
  receivedAtMs?: number;
}

export interface FixtureAmbulance {
  id: string;
  lon: number;
  lat: number;
  state?: AmbulanceState;
  speedKmh?: number;
  callId?: string;
  stationId?: string;
  recordedAtMs?: number;
}

export interface FixtureCall {
  id: string;
  lon: number;
  lat: number;
  stage?: CallStage;
  priority?: number;
  receivedAtMs?: number;
  ambulanceId?: string;
  hospitalId?: string;
  districtId?: string;
}

export interface FixtureFrame {
  snapshot: boolean;
  frameSeq?: number;
  trucks?: FixtureTruck[];
  removed?: string[];
  /** The ambulance layer; absent leaves its columns unset, as for a client not subscribed to it. */
  ambulances?: FixtureAmbulance[];
  removedAmbulances?: string[];
  calls?: FixtureCall[];
  removedCalls?: string[];
  ambulanceTotals?: Partial<Omit<AmbulanceTotals, '$typeName'>>;
}

/** A LiveFrame as the gateway would send it, for specs. */
export function liveFrame(options: FixtureFrame): LiveFrame {
  const trucks = options.trucks ?? [];
  return create(LiveFrameSchema, {
    frameSeq: options.frameSeq ?? 1,
    sentAtMs: 1_750_000_000_000,
    snapshot: options.snapshot,
    removedTruckIds: options.removed ?? [],
    trucks: create(TruckColumnsSchema, {
      truckIds: trucks.map((t) => t.id),
      lon: trucks.map((t) => t.lon),
      lat: trucks.map((t) => t.lat),
      speedKmh: trucks.map((t) => t.speedKmh ?? 0),
      headingDeg: trucks.map((t) => t.headingDeg ?? 0),
      loadKg: trucks.map(() => 500),
      taskState: trucks.map((t) => t.task ?? TaskState.IDLE),
      kind: trucks.map(() => TruckKind.COMPACTOR),
      recordedAtMs: trucks.map((t) => t.recordedAtMs ?? 1_750_000_000_000),
      seq: trucks.map((t) => t.seq ?? 1),
      receivedAtMs: trucks.map((t) => t.receivedAtMs ?? 1_750_000_000_000),
    }),
    removedAmbulanceIds: options.removedAmbulances ?? [],
    removedCallIds: options.removedCalls ?? [],
    ...(options.ambulances && {
      ambulances: create(AmbulanceColumnsSchema, {
        ambulanceIds: options.ambulances.map((a) => a.id),
        lon: options.ambulances.map((a) => a.lon),
        lat: options.ambulances.map((a) => a.lat),
        speedKmh: options.ambulances.map((a) => a.speedKmh ?? 0),
        headingDeg: options.ambulances.map(() => 90),
        state: options.ambulances.map((a) => a.state ?? AmbulanceState.AVAILABLE),
        callIds: options.ambulances.map((a) => a.callId ?? ''),
        stationIds: options.ambulances.map((a) => a.stationId ?? 'site:ambulance-station-tcm'),
        recordedAtMs: options.ambulances.map((a) => a.recordedAtMs ?? 1_750_000_000_000),
        seq: options.ambulances.map(() => 1),
        receivedAtMs: options.ambulances.map(() => 1_750_000_000_000),
      }),
    }),
    ...(options.calls && {
      calls: create(CallColumnsSchema, {
        callIds: options.calls.map((c) => c.id),
        lon: options.calls.map((c) => c.lon),
        lat: options.calls.map((c) => c.lat),
        stage: options.calls.map((c) => c.stage ?? CallStage.RECEIVED),
        priority: options.calls.map((c) => c.priority ?? 2),
        receivedAtMs: options.calls.map((c) => c.receivedAtMs ?? 1_750_000_000_000),
        ambulanceIds: options.calls.map((c) => c.ambulanceId ?? ''),
        hospitalIds: options.calls.map((c) => c.hospitalId ?? ''),
        districtIds: options.calls.map((c) => c.districtId ?? ''),
        updatedAtMs: options.calls.map(() => 1_750_000_000_000),
      }),
    }),
    ...(options.ambulanceTotals && { ambulanceTotals: create(AmbulanceTotalsSchema, options.ambulanceTotals) }),
  });
}

export const frameBytes = (frame: LiveFrame): Uint8Array => toBinary(LiveFrameSchema, frame);
