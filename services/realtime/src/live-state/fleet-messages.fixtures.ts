import { create } from '@bufbuild/protobuf';
import {
  AmbulanceReadingSchema,
  AmbulanceState,
  BikeEventKind,
  BikeEventSchema,
  BoatReadingSchema,
  BoatTaskState,
  CallStage,
  CorridorDirection,
  CorridorObservationSchema,
  EmergencyCallEventSchema,
  MovementPhaseState,
  SignalPhaseChangeSchema,
  TaskState,
  TruckKind,
  TruckReadingSchema,
  type AmbulanceReading,
  type BikeEvent,
  type BoatReading,
  type CorridorObservation,
  type EmergencyCallEvent,
  type SignalPhaseChange,
  type TruckReading,
} from '@urban-brain/proto';

// Plausible fleet messages for specs; `at` is the device time in epoch ms.
export const FIXTURE_T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

export const truckReading = (truckId: string, seq: number, patch: Partial<TruckReading> = {}, at = FIXTURE_T0 + seq * 1000): TruckReading =>
  Object.assign(
    create(TruckReadingSchema, {
      truckId,
      seq,
      recordedAtMs: BigInt(at),
      lon: 105.05,
      lat: 29.58,
      speedKmh: 12.5,
      headingDeg: 45,
      loadKg: 800,
      taskState: TaskState.SWEEPING,
      kind: TruckKind.SWEEPER,
    }),
    patch,
  );

export const bikeEvent = (bikeId: string, seq: number, patch: Partial<BikeEvent> = {}, at = FIXTURE_T0 + seq * 1000): BikeEvent =>
  Object.assign(
    create(BikeEventSchema, {
      bikeId,
      seq,
      recordedAtMs: BigInt(at),
      kind: BikeEventKind.TRIP_END,
      lon: 105.06,
      lat: 29.58,
      fenceId: 'fence:sz-017',
      inFence: true,
      isEbike: true,
      batteryPct: 64,
      operator: 'meituan',
    }),
    patch,
  );

export const boatReading = (boatId: string, seq: number, patch: Partial<BoatReading> = {}, at = FIXTURE_T0 + seq * 1000): BoatReading =>
  Object.assign(
    create(BoatReadingSchema, {
      boatId,
      seq,
      recordedAtMs: BigInt(at),
      lon: 105.05,
      lat: 29.57,
      speedKmh: 6.5,
      headingDeg: 180,
      debrisKg: 120.5,
      batteryPct: 71,
      taskState: BoatTaskState.SWEEPING,
    }),
    patch,
  );

export const corridorObservation = (
  corridorId: string,
  seq: number,
  patch: Partial<CorridorObservation> = {},
  at = FIXTURE_T0 + seq * 1000,
): CorridorObservation =>
  Object.assign(
    create(CorridorObservationSchema, {
      corridorId,
      seq,
      recordedAtMs: BigInt(at),
      direction: CorridorDirection.OUTBOUND,
      travelTimeS: 336,
      designTravelTimeS: 280,
      stops: 0.6,
      arrivalsOnGreenPct: 78,
      vehicles: 143,
    }),
    patch,
  );

export const signalPhaseChange = (
  intersectionId: string,
  seq: number,
  patch: Partial<SignalPhaseChange> = {},
  at = FIXTURE_T0 + seq * 1000,
): SignalPhaseChange =>
  Object.assign(
    create(SignalPhaseChangeSchema, {
      intersectionId,
      corridorId: 'corridor:hanan-west',
      seq,
      recordedAtMs: BigInt(at),
      signalGroup: 2,
      phaseState: MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED,
      startMs: BigInt(at),
    }),
    patch,
  );

export const ambulanceReading = (ambulanceId: string, seq: number, patch: Partial<AmbulanceReading> = {}, at = FIXTURE_T0 + seq * 1000): AmbulanceReading =>
  Object.assign(
    create(AmbulanceReadingSchema, {
      ambulanceId,
      seq,
      recordedAtMs: BigInt(at),
      lon: 105.058,
      lat: 29.585,
      speedKmh: 0,
      headingDeg: 0,
      state: AmbulanceState.AVAILABLE,
      callId: '',
      stationId: 'site:ambulance-station-first-people',
    }),
    patch,
  );

// A call's step; `seq` is its stage's step number (1 = RECEIVED), the call received at FIXTURE_T0.
export const emergencyCallEvent = (
  callId: string,
  seq: number,
  patch: Partial<EmergencyCallEvent> = {},
  at = FIXTURE_T0 + seq * 60_000,
): EmergencyCallEvent =>
  Object.assign(
    create(EmergencyCallEventSchema, {
      callId,
      seq,
      recordedAtMs: BigInt(at),
      stage: CallStage.RECEIVED,
      receivedAtMs: BigInt(FIXTURE_T0),
      lon: 105.062,
      lat: 29.578,
      districtId: 'district:shizhong',
      priority: 1,
      ambulanceId: '',
      hospitalId: '',
    }),
    patch,
  );
