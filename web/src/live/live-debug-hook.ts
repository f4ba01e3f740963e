import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import type { ColumnTable } from './column-table';
import { bikesRepresented, type LiveTables } from './live-tables';
import type { LiveFrames } from './use-live-frames';

/** One value per live layer (the e2e tests compare shown() whole). */
export type PerLiveLayer<V> = Record<LiveLayer, V>;

/**
 * Read-only view for browser tests and the benchmark, installed as
 * `window.__ubLive`. See web/README.md.
 */
export interface LiveDebugHook {
  readonly framesReceived: number;
  /** Browser clock (epoch ms) of the last frame, or null. */
  readonly lastFrameAt: number | null;
  readonly connected: boolean;
  /** Trucks currently held (what the map draws from), with the task state their colour shows. */
  trucks(): { id: string; lon: number; lat: number; taskState: number }[];
  /**
   * Every held row of a layer's table with its columns: where a truck, a boat or
   * a bike cell is and what colours it, a corridor's progression (tests look for its pixels).
   */
  rows(table: HookTable): { id: string; columns: Record<string, number> }[];
  /** Recent per-truck latency samples (ms), oldest first, at most 4096 each. */
  latencies(): { eventToBrowserMs: number[]; gatewayToBrowserMs: number[] };
  /** Trucks in the map source at its last update, and when (epoch ms). */
  readonly renderedTrucks: number;
  readonly lastRenderAt: number | null;
  /**
   * Entities held now per layer (corridors: those the gateway has heard about).
   * bikes = bikes represented, in either view: the points held ("points" view) or
   * the sum of the cell counts held ("cells" view, zoomed out), so it stays the
   * number of bikes on the map when the gateway switches to cells.
   */
  layers(): PerLiveLayer<number>;
  /** Features in each layer's map source at its last update (corridors: the pack's lines; ambulances: ambulances, not calls). */
  rendered(): PerLiveLayer<number>;
  /** Whether each layer is drawn on the map now (false after its legend toggle is unchecked). */
  shown(): PerLiveLayer<boolean>;
}

export type HookTable = keyof Pick<LiveTables, 'trucks' | 'boats' | 'bikeCells' | 'corridors' | 'ambulances' | 'calls'>;

export interface RenderStats {
  renderedTrucks: number;
  lastRenderAt: number | null;
  renderedBikes: number;
  renderedBoats: number;
  renderedCorridors: number;
  renderedAmbulances: number;
  /** Per layer: does MapLibre draw it now (its layout visibility, read back from the map). */
  shown: Record<LiveLayer, boolean>;
}

const perLiveLayer = <V>(value: (layer: LiveLayer) => V): PerLiveLayer<V> =>
  Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, value(layer)])) as PerLiveLayer<V>;

export function createLiveDebugHook(
  live: LiveFrames,
  connection: { readonly framesReceived: number; readonly lastFrameAt: number | null; readonly connected: boolean },
  render: RenderStats,
): LiveDebugHook {
  return Object.freeze({
    get framesReceived() {
      return connection.framesReceived;
    },
    get lastFrameAt() {
      return connection.lastFrameAt;
    },
    get connected() {
      return connection.connected;
    },
    trucks: () => {
      const { ids, columns } = live.tables.trucks;
      return ids.map((id, row) => ({ id, lon: columns.lon[row]!, lat: columns.lat[row]!, taskState: columns.taskState[row]! }));
    },
    rows: (name: HookTable) => {
      const table = live.tables[name] as ColumnTable<string>;
      return table.ids.map((id, row) => ({ id, columns: Object.fromEntries(table.names.map((column) => [column, table.columns[column]![row]!])) }));
    },
    latencies: () => ({ eventToBrowserMs: live.eventToBrowserMs.values(), gatewayToBrowserMs: live.gatewayToBrowserMs.values() }),
    get renderedTrucks() {
      return render.renderedTrucks;
    },
    get lastRenderAt() {
      return render.lastRenderAt;
    },
    layers: () => {
      const held: PerLiveLayer<number> = {
        trucks: live.tables.trucks.size,
        // Points or cells, whichever the gateway sends now (see LiveDebugHook.layers).
        bikes: bikesRepresented(live.tables),
        boats: live.tables.boats.size,
        corridors: live.tables.corridors.size,
        ambulances: live.tables.ambulances.size,
      };
      return held;
    },
    rendered: () => {
      const drawn: PerLiveLayer<number> = {
        trucks: render.renderedTrucks,
        bikes: render.renderedBikes,
        boats: render.renderedBoats,
        corridors: render.renderedCorridors,
        ambulances: render.renderedAmbulances,
      };
      return drawn;
    },
    shown: () => perLiveLayer((layer) => render.shown[layer]),
  });
}

declare global {
  interface Window {
    __ubLive?: LiveDebugHook;
  }
}
