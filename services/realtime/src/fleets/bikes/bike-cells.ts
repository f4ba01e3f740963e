import { isFaulty, isRiding, type LiveBike } from '@urban-brain/common';
import type { LiveStateStore } from '../../live-state/live-state-store';

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


interface CellTally {
  x: number;
  y: number;
  lonSum: number;
  latSum: number;
  bikes: number;
  outsideFence: number;
  riding: number;
  faulty: number;
}

/** Every bike grouped by its tile at `zoom`; only cells holding bikes. */
export function computeBikeCells(bikes: Iterable<LiveBike>, zoom: number): BikeCell[] {
  const n = 2 ** zoom;
  // Keyed by a number (x * n + y, exact up to zoom 26), not the "z/x/y" text: this loop runs over every bike.
  const tally = new Map<number, CellTally>();
  for (const bike of bikes) {
    const { x, y } = tileOf(bike.lon, bike.lat, zoom);
    const key = x * n + y;
    let cell = tally.get(key);
    if (!cell) {
      cell = { x, y, lonSum: 0, latSum: 0, bikes: 0, outsideFence: 0, riding: 0, faulty: 0 };
      tally.set(key, cell);
    }
    cell.lonSum += bike.lon;
    cell.latSum += bike.lat;
    cell.bikes++;
    if (isRiding(bike)) cell.riding++;
    else if (isFaulty(bike)) cell.faulty++;
    else if (!bike.inFence) cell.outsideFence++;
  }
  const cells: BikeCell[] = [];
  for (const cell of tally.values()) {
    cells.push({
      cellId: `${zoom}/${cell.x}/${cell.y}`,
      lon: cell.lonSum / cell.bikes,
      lat: cell.latSum / cell.bikes,
      bikes: cell.bikes,
      outsideFence: cell.outsideFence,
      riding: cell.riding,
      faulty: cell.faulty,
    });
  }
  return cells;
}

// Cells depend only on the bike layer and the cell zoom, not on the client:
// every client at one cell zoom shares one computation (a few ms for 11,000
// bikes), redone only when the bike layer's version moved (so at most once per
// tick: the Kafka feed does not run while a tick builds frames) and, since a
// density view refreshes once a second anyway, at most once per `minIntervalMs`.
// At most one entry per zoom level.
export class BikeCellCache {
  private readonly byZoom = new Map<number, { version: number; computedAtMs: number; cells: BikeCell[] }>();
  private computed = 0;

  constructor(
    private readonly bikes: LiveStateStore<LiveBike>,
    private readonly minIntervalMs: number,
  ) {}

  /** Cell computations since start (for tests and metrics). */
  get computations(): number {
    return this.computed;
  }

  cellsAt(zoom: number, nowMs: number): BikeCell[] {
    const held = this.byZoom.get(zoom);
    if (held && (held.version === this.bikes.version || nowMs - held.computedAtMs < this.minIntervalMs)) return held.cells;
    // The snapshot's array, not an iterator over the store: twice as fast in this loop.
    const cells = computeBikeCells(this.bikes.snapshot().entries, zoom);
    this.computed++;
    this.byZoom.set(zoom, { version: this.bikes.version, computedAtMs: nowMs, cells });
    return cells;
  }
}
