import { AMBULANCE_READINGS, BIKE_EVENTS, BOAT_READINGS, type FleetStreamDescriptor, TRUCK_READINGS } from '@urban-brain/common';

/** One per-reading property of a position fleet, as history answers and exports it. */
export interface HistoryProperty {
  /** Its name in answers and CSV headers: the proto field's JSON name (speedKmh). */
  readonly name: string;
  /** Its column: the proto field's name (speed_kmh), as ingest stores every field. */
  readonly column: string;
  /** An enum field's value names without the proto's prefix (2 -> SWEEPING); absent for other fields. */
  readonly enumNames?: ReadonlyMap<number, string>;
}

/** What history reads for a fleet whose entities have positions: tracks, state at an instant, export. */
export interface PositionHistory {
  /** The fleet's name in the registry of fleet descriptors ("trucks"). */
  readonly fleet: string;
  /** The stream's first table: one row per message, keyed (id, recorded_at, seq). */
  readonly table: string;
  /** The entity id column: the stream's key field, stored under its proto name. */
  readonly idColumn: string;
  /** In the order CSV columns list them. */
  readonly properties: readonly HistoryProperty[];
  /** How far back "the state at an instant" looks for an entity's last reading. */
  readonly stateLookbackSeconds: number;
  /**
   * How the state at an instant is read. `per-entity`: walk the distinct ids and descend the key once
   * each, for fleets that report often (a truck's 600 readings in its 10-minute lookback are never
   * read). `lookback`: read the lookback's rows and keep each id's newest, for fleets that report only
   * changes (a bike's few events a day: the 24-hour lookback holds ~4 rows per bike, cheaper to read
   * than 11,000 descents of a key that spans the whole retention).
   */
  readonly stateRead: 'per-entity' | 'lookback';
}

/**
 * A fleet's history read from its stream descriptor: the table, the id column and each listed field's
 * column, answer name and enum names come from the descriptor and its protobuf schema; what history
 * chooses (which fields, the lookback) is given here. An unknown field stops the api at load.
 */
function positionHistory(stream: FleetStreamDescriptor, fields: readonly string[], stateLookbackSeconds: number, stateRead: PositionHistory['stateRead']): PositionHistory {
  const [table] = stream.tables;
  if (table === undefined) throw new Error(`fleet stream ${stream.name} has no table`);
  const properties = fields.map((fieldName): HistoryProperty => {
    const field = stream.schema.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`${stream.schema.typeName} has no field ${fieldName}`);
    if (field.fieldKind === 'enum') {
      return { name: field.jsonName, column: field.name, enumNames: new Map(field.enum.values.map((value) => [value.number, value.localName])) };
    }
    return { name: field.jsonName, column: field.name };
  });
  return { fleet: stream.fleet, table, idColumn: stream.keyField, properties, stateLookbackSeconds, stateRead };
}

// Keyed by the descriptor's fleet name (a spec holds each key to it) so the names type-check where they are used.
// Trucks, boats and ambulances report at 1 Hz, so ten silent minutes means the device is off; a parked bike
// reports only when something changes (a day of the default city: 10 M truck readings, 50,000 bike events).
export const POSITION_HISTORY = {
  trucks: positionHistory(TRUCK_READINGS, ['speed_kmh', 'heading_deg', 'load_kg', 'task_state', 'kind'], 10 * 60, 'per-entity'),
  bikes: positionHistory(BIKE_EVENTS, ['kind', 'fence_id', 'in_fence', 'is_ebike', 'battery_pct', 'operator'], 24 * 3600, 'lookback'),
  boats: positionHistory(BOAT_READINGS, ['speed_kmh', 'heading_deg', 'debris_kg', 'battery_pct', 'task_state'], 10 * 60, 'per-entity'),
  ambulances: positionHistory(AMBULANCE_READINGS, ['speed_kmh', 'heading_deg', 'state', 'call_id', 'station_id'], 10 * 60, 'per-entity'),
} as const satisfies Record<string, PositionHistory>;

/** Fleets whose entities have positions: tracks, state at an instant and export serve these. */
export type PositionFleet = keyof typeof POSITION_HISTORY;
export const POSITION_FLEETS = Object.keys(POSITION_HISTORY) as [PositionFleet, ...PositionFleet[]];

/** The roll-up widths a KPI series reads. */
export type KpiRollup = '1m' | '1h';

// The fleets with a KPI series and the roll-ups each has; corridors have observations but no positions.
// Emergency calls are rolled up by the hour only (migration 009: tens to a few hundred calls a day).
export const KPI_ROLLUPS = {
  trucks: ['1m', '1h'],
  bikes: ['1m', '1h'],
  boats: ['1m', '1h'],
  ambulances: ['1h'],
  corridors: ['1m', '1h'],
} as const satisfies Record<string, readonly KpiRollup[]>;

export type KpiFleet = keyof typeof KPI_ROLLUPS;
export const KPI_FLEETS = Object.keys(KPI_ROLLUPS) as [KpiFleet, ...KpiFleet[]];

/** The roll-up widths the fleet's KPI series may read. */
export const kpiRollupsOf = (fleet: KpiFleet): readonly KpiRollup[] => KPI_ROLLUPS[fleet];

/** "trucks 600, bikes 86400, ..." for the documents: each fleet's state lookback in seconds. */
export const STATE_LOOKBACK_TEXT = POSITION_FLEETS.map((fleet) => `${fleet} ${POSITION_HISTORY[fleet].stateLookbackSeconds}`).join(', ');
