import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import {
  AMBULANCE_READINGS,
  BIKE_EVENTS,
  BOAT_READINGS,
  countParkedByFence,
  type FleetStreamDescriptor,
  type LiveAmbulance,
  type LiveBike,
  type LiveBoat,
  type LiveTruck,
  nextLiveAmbulance,
  nextLiveBike,
  nextLiveBoat,
  nextLiveTruck,
  tallyAmbulances,
  tallyBikes,
  tallyBoats,
  tallyTrucks,
  toAmbulanceColumns,
  toBikeColumns,
  toBoatColumns,
  toFenceColumns,
  toTruckColumns,
  TRUCK_READINGS,
} from '@urban-brain/common';
import { AmbulanceTotalsSchema, BikeTotalsSchema, BikeView, BoatTotalsSchema, type LiveFrameSchema, type ReplayLayer, TruckTotalsSchema } from '@urban-brain/proto';
import type { HistoryReadingRow } from '../history/history.repository';
import { POSITION_HISTORY, type PositionFleet } from '../history/history-fleet';

/** The LiveFrame fields a layer fills (columns, removed ids, totals, extras). */
export type LayerFrameFields = Omit<MessageInitShape<typeof LiveFrameSchema>, '$typeName' | 'frameSeq' | 'sentAtMs' | 'snapshot' | 'feedHealth'>;

/**
 * A replayed layer of entities with positions, read from its fleet's first table. The entity, its
 * columns and the fleet-wide tally are the live gateway's own (@urban-brain/common live-layers); a
 * stored row becomes the stream's message again and goes through the gateway's `nextLive*`.
 */
export interface ReplayPositionLayer<T = unknown> {
  readonly layer: ReplayLayer;
  readonly fleet: PositionFleet;
  /** An entity counts as present while its newest reading is younger than this (history's state lookback). */
  readonly lookbackMs: number;
  entityOf(row: HistoryReadingRow): T;
  idOf(entity: T): string;
  /** Columns of the entities given and the ids removed. */
  columns(entities: readonly T[], removedIds: string[]): LayerFrameFields;
  /** The fleet-wide figures of every entity held (compared as JSON to send them only when they changed). */
  totals(entities: readonly T[]): LayerFrameFields;
  /** What the layer adds to a frame besides entities (bikes: fence occupancy, the view): from the held entities before and after. */
  extras?(before: readonly T[] | null, after: readonly T[]): LayerFrameFields;
}

/** A stored reading as the stream's message: columns are the proto fields' names, properties their JSON names. */
function messageOf<Desc extends DescMessage>(stream: FleetStreamDescriptor<Desc>, row: HistoryReadingRow): MessageShape<Desc> {
  const init: Record<string, unknown> = { seq: row.seq, lon: row.lon, lat: row.lat, recordedAtMs: BigInt(Date.parse(row.recordedAt)) };
  const key = stream.schema.fields.find((field) => field.name === stream.keyField);
  if (key) init[key.localName] = row.entityId;
  for (const [name, value] of Object.entries(row.properties)) if (value !== null && value !== undefined) init[name] = value;
  return create(stream.schema, init as MessageInitShape<Desc>);
}

const recordedAtMsOf = (row: HistoryReadingRow): number => Date.parse(row.recordedAt);
const lookbackOf = (fleet: PositionFleet): number => POSITION_HISTORY[fleet].stateLookbackSeconds * 1000;

// The stored time stands in for the gateway's receive time: replay has no Kafka read to time.
const TRUCKS: ReplayPositionLayer<LiveTruck> = {
  layer: 'trucks',
  fleet: 'trucks',
  lookbackMs: lookbackOf('trucks'),
  entityOf: (row) => nextLiveTruck(messageOf(TRUCK_READINGS, row), recordedAtMsOf(row))(undefined)!,
  idOf: (truck) => truck.truckId,
  columns: (trucks, removedTruckIds) => ({ trucks: toTruckColumns(trucks), removedTruckIds }),
  totals: (trucks) => ({ truckTotals: create(TruckTotalsSchema, tallyTrucks(trucks)) }),
};

const fencesOf = (bikes: readonly LiveBike[]) => countParkedByFence(bikes);

const BIKES: ReplayPositionLayer<LiveBike> = {
  layer: 'bikes',
  fleet: 'bikes',
  lookbackMs: lookbackOf('bikes'),
  entityOf: (row) => nextLiveBike(messageOf(BIKE_EVENTS, row), recordedAtMsOf(row))(undefined)!,
  idOf: (bike) => bike.bikeId,
  columns: (bikes, removedBikeIds) => ({ bikes: toBikeColumns(bikes), removedBikeIds }),
  totals: (bikes) => ({ bikeTotals: create(BikeTotalsSchema, tallyBikes(bikes)) }),
  // As the gateway sends a POINTS client: every frame names the view; a snapshot lists the fences with
  // bikes parked, a delta the fences whose count changed (0 when one emptied).
  extras: (before, after) => {
    const now = fencesOf(after);
    if (before === null) return { bikeView: BikeView.POINTS, fences: toFenceColumns([...now].map(([fenceId, parked]) => ({ fenceId, parked }))) };
    const then = fencesOf(before);
    const changed: { fenceId: string; parked: number }[] = [];
    for (const [fenceId, parked] of now) if (then.get(fenceId) !== parked) changed.push({ fenceId, parked });
    for (const fenceId of then.keys()) if (!now.has(fenceId)) changed.push({ fenceId, parked: 0 });
    return changed.length > 0 ? { bikeView: BikeView.POINTS, fences: toFenceColumns(changed) } : { bikeView: BikeView.POINTS };
  },
};

const BOATS: ReplayPositionLayer<LiveBoat> = {
  layer: 'boats',
  fleet: 'boats',
  lookbackMs: lookbackOf('boats'),
  entityOf: (row) => nextLiveBoat(messageOf(BOAT_READINGS, row), recordedAtMsOf(row))(undefined)!,
  idOf: (boat) => boat.boatId,
  columns: (boats, removedBoatIds) => ({ boats: toBoatColumns(boats), removedBoatIds }),
  totals: (boats) => ({ boatTotals: create(BoatTotalsSchema, tallyBoats(boats)) }),
};

// Emergency calls are not replayed yet: the totals count the ambulances, the call figures stay 0.
const AMBULANCES: ReplayPositionLayer<LiveAmbulance> = {
  layer: 'ambulances',
  fleet: 'ambulances',
  lookbackMs: lookbackOf('ambulances'),
  entityOf: (row) => nextLiveAmbulance(messageOf(AMBULANCE_READINGS, row), recordedAtMsOf(row))(undefined)!,
  idOf: (ambulance) => ambulance.ambulanceId,
  columns: (ambulances, removedAmbulanceIds) => ({ ambulances: toAmbulanceColumns(ambulances), removedAmbulanceIds }),
  totals: (ambulances) => ({ ambulanceTotals: create(AmbulanceTotalsSchema, tallyAmbulances(ambulances, [])) }),
};

/** The replayed layers with positions, by layer name. */
export const REPLAY_POSITION_LAYERS: readonly ReplayPositionLayer[] = [TRUCKS, BIKES, BOATS, AMBULANCES] as ReplayPositionLayer[];
