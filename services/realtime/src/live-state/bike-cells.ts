import { BikeEventKind } from '@urban-brain/proto';
import type { LiveBike } from './live-bike';
import type { LiveStateStore } from './live-state-store';

/** Bikes of one web-mercator tile, as the zoomed-out map draws them. */
export interface BikeCell {
  /** "z/x/y" of the tile. */
  cellId: string;
  /** Mean position of the cell's bikes (not the tile centre), so the cell sits where its bikes are. */
  lon: number;
  lat: number;
  bikes: number;
  outsideFence: number;
  riding: number;
  faulty: number;
}

const MAX_MERCATOR_LAT = 85.05112878;

/** The web-mercator tile (x, y) holding a point at zoom z (the slippy-map formula MapLibre uses). */
export function tileOf(lon: number, lat: number, zoom: number): { x: number; y: number } {
  const n = 2 ** zoom;
  const clampedLat = Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, lat));
  const latRad = (clampedLat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
  return { x: Math.max(0, Math.min(n - 1, x)), y: Math.max(0, Math.min(n - 1, y)) };
}

export const isRiding = (bike: LiveBike): boolean => bike.lastEvent === BikeEventKind.TRIP_START;
export const isFaulty = (bike: LiveBike): boolean => bike.lastEvent === BikeEventKind.FAULT;

/** Every bike grouped by its tile at `zoom`; only cells holding bikes. */
export function computeBikeCells(bikes: Iterable<LiveBike>, zoom: number): BikeCell[] {
  const tally = new Map<string, BikeCell>();
  for (const bike of bikes) {
    const { x, y } = tileOf(bike.lon, bike.lat, zoom);
    const cellId = `${zoom}/${x}/${y}`;
    let cell = tally.get(cellId);
    if (!cell) {
      cell = { cellId, lon: 0, lat: 0, bikes: 0, outsideFence: 0, riding: 0, faulty: 0 };
      tally.set(cellId, cell);
    }
    // Sums for now; divided once below.
    cell.lon += bike.lon;
    cell.lat += bike.lat;
    cell.bikes++;
    if (isRiding(bike)) cell.riding++;
    else if (isFaulty(bike)) cell.faulty++;
    else if (!bike.inFence) cell.outsideFence++;
  }
  const cells = [...tally.values()];
  for (const cell of cells) {
    cell.lon /= cell.bikes;
    cell.lat /= cell.bikes;
  }
  return cells;
}

// Cells depend only on the bike layer and the cell zoom, not on the client:
// every client at one cell zoom shares one computation, redone only when the
// bike layer's version moved (at most once per tick, since the Kafka feed does
// not run while a tick builds frames). At most one entry per zoom level.
export class BikeCellCache {
  private readonly byZoom = new Map<number, { version: number; cells: BikeCell[] }>();
  private computed = 0;

  constructor(private readonly bikes: LiveStateStore<LiveBike>) {}

  /** Cell computations since start (for tests and metrics). */
  get computations(): number {
    return this.computed;
  }

  cellsAt(zoom: number): BikeCell[] {
    const held = this.byZoom.get(zoom);
    if (held && held.version === this.bikes.version) return held.cells;
    const cells = computeBikeCells(this.bikes.values(), zoom);
    this.computed++;
    this.byZoom.set(zoom, { version: this.bikes.version, cells });
    return cells;
  }
}
