import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  BikeCellColumnsSchema,
  BikeColumnsSchema,
  BikeTotalsSchema,
  BoatColumnsSchema,
  BoatTotalsSchema,
  CorridorColumnsSchema,
  FenceColumnsSchema,
  LiveFrameSchema,
  TruckColumnsSchema,
  TruckTotalsSchema,
  type FeedHealth,
  type BikeCellColumns,
  type BikeColumns,
  type BoatColumns,
  type CorridorColumns,
  type FenceColumns,
  type LiveLayer,
  type TruckColumns,
} from '@urban-brain/proto';
import type { BikeCell } from '../fleets/bikes/bike-cells';
import type { FenceCount } from '../fleets/bikes/fence-occupancy';
import type { LayerTally, TotalsLayer } from '../live-state/fleet-totals';
import type { LiveLayerEntries } from '../live-state/fleet-live-state';
import type { LiveBike } from '../fleets/bikes/live-bike';
import type { LiveBoat } from '../fleets/boats/live-boat';
import { phaseColour, worseDirection, type LiveCorridor } from '../fleets/signals/live-corridor';
import type { LiveChanges } from '../live-state/live-state-store';
import type { LiveTruck } from '../fleets/trucks/live-truck';

// Each encoder lays entities out as the frame's columns: entry i of every list
// belongs to entity i. Columns encode as packed arrays, far smaller than one
// object per entity.

export function toTruckColumns(trucks: readonly LiveTruck[]): TruckColumns {
  const columns = create(TruckColumnsSchema);
  columns.truckIds = trucks.map((t) => t.truckId);
  columns.lon = trucks.map((t) => t.lon);
  columns.lat = trucks.map((t) => t.lat);
  columns.speedKmh = trucks.map((t) => t.speedKmh);
  columns.headingDeg = trucks.map((t) => t.headingDeg);
  columns.loadKg = trucks.map((t) => t.loadKg);
  columns.taskState = trucks.map((t) => t.taskState);
  columns.kind = trucks.map((t) => t.kind);
  columns.recordedAtMs = trucks.map((t) => t.recordedAtMs);
  columns.seq = trucks.map((t) => t.seq);
  columns.receivedAtMs = trucks.map((t) => t.receivedAtMs);
  return columns;
}

export function toBikeColumns(bikes: readonly LiveBike[]): BikeColumns {
  const columns = create(BikeColumnsSchema);
  columns.bikeIds = bikes.map((b) => b.bikeId);
  columns.lon = bikes.map((b) => b.lon);
  columns.lat = bikes.map((b) => b.lat);
  columns.inFence = bikes.map((b) => b.inFence);
  columns.fenceIds = bikes.map((b) => b.fenceId);
  columns.isEbike = bikes.map((b) => b.isEbike);
  columns.batteryPct = bikes.map((b) => b.batteryPct);
  columns.lastEvent = bikes.map((b) => b.lastEvent);
  columns.recordedAtMs = bikes.map((b) => b.recordedAtMs);
  columns.seq = bikes.map((b) => b.seq);
  columns.receivedAtMs = bikes.map((b) => b.receivedAtMs);
  return columns;
}

export function toBoatColumns(boats: readonly LiveBoat[]): BoatColumns {
  const columns = create(BoatColumnsSchema);
  columns.boatIds = boats.map((b) => b.boatId);
  columns.lon = boats.map((b) => b.lon);
  columns.lat = boats.map((b) => b.lat);
  columns.speedKmh = boats.map((b) => b.speedKmh);
  columns.headingDeg = boats.map((b) => b.headingDeg);
  columns.debrisKg = boats.map((b) => b.debrisKg);
  columns.batteryPct = boats.map((b) => b.batteryPct);
  columns.taskState = boats.map((b) => b.taskState);
  columns.recordedAtMs = boats.map((b) => b.recordedAtMs);
  columns.seq = boats.map((b) => b.seq);
  columns.receivedAtMs = boats.map((b) => b.receivedAtMs);
  return columns;
}

export function toCorridorColumns(corridors: readonly LiveCorridor[]): CorridorColumns {
  const columns = create(CorridorColumnsSchema);
  for (const corridor of corridors) {
    const observed = worseDirection(corridor);
    const groups = { green: 0, amber: 0, red: 0, dark: 0 };
    for (const group of corridor.signalGroups.values()) groups[phaseColour(group.phaseState)]++;
    let darkIntersections = 0;
    for (const latest of corridor.intersections.values()) if (phaseColour(latest.phaseState) === 'dark') darkIntersections++;
    columns.corridorIds.push(corridor.corridorId);
    columns.arrivalsOnGreenPct.push(observed?.arrivalsOnGreenPct ?? 0);
    columns.travelTimeRatio.push(observed?.travelTimeRatio ?? 0);
    columns.stops.push(observed?.stops ?? 0);
    columns.vehicles.push(observed?.vehicles ?? 0);
    columns.direction.push(observed?.direction ?? 0);
    columns.observedAtMs.push(observed?.recordedAtMs ?? 0);
    columns.signalGroupsGreen.push(groups.green);
    columns.signalGroupsAmber.push(groups.amber);
    columns.signalGroupsRed.push(groups.red);
    columns.signalGroupsDark.push(groups.dark);
    columns.darkIntersections.push(darkIntersections);
    columns.intersections.push(corridor.intersections.size);
    columns.receivedAtMs.push(corridor.receivedAtMs);
  }
  return columns;
}

export function toBikeCellColumns(cells: readonly BikeCell[]): BikeCellColumns {
  const columns = create(BikeCellColumnsSchema);
  columns.cellIds = cells.map((c) => c.cellId);
  columns.lon = cells.map((c) => c.lon);
  columns.lat = cells.map((c) => c.lat);
  columns.bikes = cells.map((c) => c.bikes);
  columns.outsideFence = cells.map((c) => c.outsideFence);
  columns.riding = cells.map((c) => c.riding);
  columns.faulty = cells.map((c) => c.faulty);
  return columns;
}

export function toFenceColumns(fences: readonly FenceCount[]): FenceColumns {
  const columns = create(FenceColumnsSchema);
  columns.fenceIds = fences.map((f) => f.fenceId);
  columns.parked = fences.map((f) => f.parked);
  return columns;
}

/** Each positioned layer's fleet-wide figures as the LiveFrame field they fill. */
export const LAYER_TOTALS_ENCODERS: { [L in TotalsLayer]: (tally: LayerTally[L]) => LayerFrameFields } = {
  trucks: (tally) => ({ truckTotals: create(TruckTotalsSchema, tally) }),
  bikes: (tally) => ({ bikeTotals: create(BikeTotalsSchema, tally) }),
  boats: (tally) => ({ boatTotals: create(BoatTotalsSchema, tally) }),
};

/** The frame fields one layer fills: its columns and its removed ids (bikes: also cells, fences and the view), and its fleet-wide totals. */
export type LayerFrameFields = Pick<
  MessageInitShape<typeof LiveFrameSchema>,
  | 'trucks'
  | 'removedTruckIds'
  | 'bikes'
  | 'removedBikeIds'
  | 'boats'
  | 'removedBoatIds'
  | 'corridors'
  | 'removedCorridorIds'
  | 'bikeCells'
  | 'fences'
  | 'bikeView'
  | 'truckTotals'
  | 'bikeTotals'
  | 'boatTotals'
>;

/** Each layer's changes as the LiveFrame fields it fills: its columns and its removed ids. */
export const LAYER_FRAME_ENCODERS: { [L in LiveLayer]: (changes: LiveChanges<LiveLayerEntries[L]>) => LayerFrameFields } = {
  trucks: (changes) => ({ trucks: toTruckColumns(changes.entries), removedTruckIds: changes.removedIds }),
  bikes: (changes) => ({ bikes: toBikeColumns(changes.entries), removedBikeIds: changes.removedIds }),
  boats: (changes) => ({ boats: toBoatColumns(changes.entries), removedBoatIds: changes.removedIds }),
  corridors: (changes) => ({ corridors: toCorridorColumns(changes.entries), removedCorridorIds: changes.removedIds }),
};

export interface LiveFrameParts extends LayerFrameFields {
  frameSeq: number;
  sentAtMs: number;
  snapshot: boolean;
  feedHealth?: FeedHealth;
}

export function encodeLiveFrame(parts: Partial<LiveFrameParts>): Uint8Array {
  return toBinary(LiveFrameSchema, create(LiveFrameSchema, parts));
}

/**
 * A frame from its header and its parts' encoded fields. Serialized protobuf messages concatenate
 * into their merge, and the parts fill disjoint fields, so this decodes exactly as one
 * `encodeLiveFrame` of everything would, without re-encoding a part shared by many clients.
 */
export function joinLiveFrame(header: Pick<LiveFrameParts, 'frameSeq' | 'sentAtMs' | 'snapshot' | 'feedHealth'>, encodedParts: readonly Uint8Array[]): Uint8Array {
  const head = encodeLiveFrame(header);
  let length = head.length;
  for (const part of encodedParts) length += part.length;
  const frame = new Uint8Array(length);
  frame.set(head, 0);
  let offset = head.length;
  for (const part of encodedParts) {
    frame.set(part, offset);
    offset += part.length;
  }
  return frame;
}
