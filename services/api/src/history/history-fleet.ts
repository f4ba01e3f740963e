import { BikeEventKind, BoatTaskState, TaskState, TruckKind } from '@urban-brain/proto';

/** Fleets whose entities have positions: tracks, state at an instant and export serve these. */
export const POSITION_FLEETS = ['trucks', 'bikes', 'boats'] as const;
export type PositionFleet = (typeof POSITION_FLEETS)[number];

/** Fleets with a KPI series; corridors have observations but no positions. */
export const KPI_FLEETS = [...POSITION_FLEETS, 'corridors'] as const;
export type KpiFleet = (typeof KPI_FLEETS)[number];

/**
 * The per-reading properties of each fleet, in the order CSV columns list them.
 * Enum properties come back as the proto's names (SWEEPING, TRIP_END), like the truck track.
 */
export const FLEET_PROPERTIES = {
  trucks: ['speedKmh', 'headingDeg', 'loadKg', 'taskState', 'kind'],
  bikes: ['kind', 'fenceId', 'inFence', 'isEbike', 'batteryPct', 'operator'],
  boats: ['speedKmh', 'headingDeg', 'debrisKg', 'batteryPct', 'taskState'],
} as const satisfies Record<PositionFleet, readonly string[]>;

type EnumObject = Record<string | number, string | number>;

export const FLEET_ENUM_PROPERTIES: Record<PositionFleet, Record<string, EnumObject>> = {
  trucks: { taskState: TaskState, kind: TruckKind },
  bikes: { kind: BikeEventKind },
  boats: { taskState: BoatTaskState },
};

// How far back "the state at an instant" looks for an entity's last reading: trucks and boats report
// at 1 Hz, so ten silent minutes means the device is off; a parked bike reports only when something changes.
export const STATE_LOOKBACK_SECONDS: Record<PositionFleet, number> = {
  trucks: 10 * 60,
  bikes: 24 * 3600,
  boats: 10 * 60,
};
