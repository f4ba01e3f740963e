import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { BikeEventKind } from '@urban-brain/proto';
import type { BikeTable } from '../../live/live-tables';
import { BIKE_PARKING_COLORS } from '../fleet-layer-style';
import { distanceM } from '../metres-per-degree';
import { hexToRgba, type Rgba } from './deck-colors';
import { DECK_LABEL_FONT_FAMILY, opacityFor, packPositions, type DeckLayerStyle } from './deck-layer-style';
import { selectionRing } from './truck-deck-layers';

export const BIKE_LAYER_IDS = {
  dot: 'bikes-dot',
  cell: 'bikes-cell',
  cellCount: 'bikes-cell-count',
  fence: 'bikes-fence',
  selected: 'bikes-selected',
} as const;

const IN_FENCE = hexToRgba(BIKE_PARKING_COLORS['in-fence'], 217);
const OUTSIDE = hexToRgba(BIKE_PARKING_COLORS.outside, 240);
const RIDING = hexToRgba(BIKE_PARKING_COLORS.riding, 170);

// ---- points (zoomed in, or until the gateway sends cells) ----

export interface BikePointData {
  length: number;
  positions: Float64Array;
  colors: Uint8Array;
  /** Table row of each drawn point (points are drawn riding, then in fence, then outside on top). */
  rows: Uint32Array;
}

/** Rows 0..size-1 of the bike table as binary attributes, outside-fence bikes last so they draw on top. */
export function packBikePoints(table: BikeTable): BikePointData {
  const n = table.size;
  const { lon, lat, inFence, lastEvent } = table.columns;
  const rank = new Uint8Array(n);
  const counts = [0, 0, 0];
  for (let row = 0; row < n; row++) {
    const r = lastEvent[row] === BikeEventKind.TRIP_START ? 0 : inFence[row] ? 1 : 2;
    rank[row] = r;
    counts[r]!++;
  }
  const next = [0, counts[0]!, counts[0]! + counts[1]!];
  const rows = new Uint32Array(n);
  for (let row = 0; row < n; row++) rows[next[rank[row]!]!++] = row;
  const colors = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) colors.set(rank[rows[i]!] === 0 ? RIDING : rank[rows[i]!] === 1 ? IN_FENCE : OUTSIDE, i * 4);
  return { length: n, positions: packPositions(lon, lat, n, rows), colors, rows };
}

export interface BikeLayerOptions extends DeckLayerStyle {
  /** Index into the drawn points of the selected bike. */
  selectedIndex?: number | undefined;
}

export function bikePointLayers(data: BikePointData, options: BikeLayerOptions): Layer[] {
  const { scale } = options;
  const layers: Layer[] = [
    new ScatterplotLayer({
      id: BIKE_LAYER_IDS.dot,
      data: {
        length: data.length,
        attributes: {
          getPosition: { value: data.positions, size: 2 },
          getFillColor: { value: data.colors, size: 4, normalized: true },
        },
      },
      radiusUnits: 'meters',
      getRadius: 6,
      radiusMinPixels: 1.8 * scale,
      radiusMaxPixels: 7 * scale,
      pickable: options.pickable ?? false,
      opacity: opacityFor(options),
    }),
  ];
  const ring = selectionRing(BIKE_LAYER_IDS.selected, data.positions, options.selectedIndex, 12 * scale, scale);
  if (ring) layers.push(ring);
  return layers;
}

// ---- server-computed cells (zoomed out) ----

/** The gateway's bike cells, one entry per cell (BikeCellColumns in frame.proto). */
export interface BikeCells {
  length: number;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  bikes: ArrayLike<number>;
  outsideFence: ArrayLike<number>;
}

// Share of a cell's bikes parked outside any fence above which the cell is a
// problem (the city runs at about 8 % outside: amber is above the usual).
export const CELL_OUTSIDE_WARN = 0.15;
export const CELL_OUTSIDE_ALERT = 0.3;
// A cell this full gets the largest circle; circle area follows the count below it.
export const CELL_FULL_BIKES = 300;

/**
 * A cell's circle. The area follows the bikes (up to CELL_FULL_BIKES), the
 * largest circle fits the cell grid (`spacingPx`, the cells' pitch on screen)
 * so neighbours never overlap, and the smallest still holds its count at the
 * wall's text size. Colour by the share of bikes parked outside fences.
 */
export function bikeCellStyle(bikes: number, outsideFence: number, scale = 1, spacingPx = 96): { radiusPx: number; color: Rgba } {
  const minPx = 11 * scale;
  // Cells sit at their bikes' mean, not the tile centre: neighbours can be closer than the pitch.
  const maxPx = Math.max(minPx, 0.38 * spacingPx);
  const radiusPx = Math.max(minPx, maxPx * Math.sqrt(Math.min(1, Math.max(0, bikes) / CELL_FULL_BIKES)));
  const share = bikes > 0 ? outsideFence / bikes : 0;
  const color = share >= CELL_OUTSIDE_ALERT ? hexToRgba(BIKE_PARKING_COLORS.outside, 225) : share >= CELL_OUTSIDE_WARN ? hexToRgba('#f59e0b', 220) : hexToRgba('#0f766e', 215);
  return { radiusPx, color };
}

/**
 * The cells' pitch on screen: cell ids are slippy-map tiles "z/x/y"; a tile of
 * zoom z spans 512 * 2^(mapZoom - z) CSS pixels at MapLibre's zoom. 96 px when
 * the id does not say.
 */
export function cellSpacingPx(cellId: string | undefined, mapZoom: number): number {
  const z = Number(cellId?.split('/')[0]);
  return Number.isFinite(z) && cellId?.includes('/') ? 512 * 2 ** (mapZoom - z) : 96;
}

export interface BikeCellData {
  length: number;
  positions: Float64Array;
  colors: Uint8Array;
  radii: Float32Array;
  labels: string[];
}

export function packBikeCells(cells: BikeCells, scale: number, spacingPx = 96): BikeCellData {
  const n = cells.length;
  const colors = new Uint8Array(n * 4);
  const radii = new Float32Array(n);
  const labels = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const style = bikeCellStyle(cells.bikes[i]!, cells.outsideFence[i]!, scale, spacingPx);
    colors.set(style.color, i * 4);
    radii[i] = style.radiusPx;
    labels[i] = String(cells.bikes[i]);
  }
  return { length: n, positions: packPositions(cells.lon, cells.lat, n), colors, radii, labels };
}

export function bikeCellLayers(data: BikeCellData, options: DeckLayerStyle): Layer[] {
  const { scale } = options;
  const opacity = opacityFor(options);
  return [
    new ScatterplotLayer({
      id: BIKE_LAYER_IDS.cell,
      data: {
        length: data.length,
        attributes: {
          getPosition: { value: data.positions, size: 2 },
          getFillColor: { value: data.colors, size: 4, normalized: true },
          getRadius: { value: data.radii, size: 1 },
        },
      },
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5 * scale,
      getLineColor: [226, 232, 240, 200],
      pickable: options.pickable ?? false,
      opacity,
    }),
    // A few hundred labels at most: plain per-cell accessors are fine here.
    new TextLayer<number>({
      id: BIKE_LAYER_IDS.cellCount,
      data: Array.from({ length: data.length }, (_, i) => i),
      getPosition: (i) => [data.positions[i * 2]!, data.positions[i * 2 + 1]!],
      getText: (i) => data.labels[i]!,
      getSize: 14 * scale,
      sizeUnits: 'pixels',
      getColor: [255, 255, 255, 255],
      fontFamily: DECK_LABEL_FONT_FAMILY,
      fontWeight: 700,
      outlineWidth: 2,
      outlineColor: [4, 7, 12, 255],
      fontSettings: { sdf: true },
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      characterSet: '0123456789',
      opacity,
    }),
  ];
}

// ---- fence occupancy ----

/** A parking fence of the city pack: where it is drawn, and how many bikes it holds. */
export interface FenceSite {
  id: string;
  lon: number;
  lat: number;
  capacity: number;
}

export const FENCE_NEAR_FULL = 0.85;

/** Fence ring colour by occupancy: dim when empty, teal with room, amber near full, red over capacity. */
export function fenceOccupancyColor(parked: number, capacity: number): Rgba {
  if (capacity <= 0 || parked <= 0) return [100, 116, 139, 150];
  const ratio = parked / capacity;
  if (ratio > 1) return [239, 68, 68, 245];
  if (ratio >= FENCE_NEAR_FULL) return [245, 158, 11, 235];
  return [45, 212, 191, 200];
}

export interface FenceData {
  length: number;
  positions: Float64Array;
  colors: Uint8Array;
  /** How many fences are over capacity. */
  overflowing: number;
}

/**
 * Fences with their parked counts (`parkedOf(i)` for fence i). `onlyOverflowing`
 * keeps the fences over capacity: zoomed out, over the cells, only the fences
 * that need a rebalancing truck now are worth a mark (an amber ring there reads
 * like a collecting truck's dot).
 */
export function packFences(fences: readonly FenceSite[], parkedOf: (index: number) => number, onlyOverflowing = false): FenceData {
  const positions = new Float64Array(fences.length * 2);
  const colors = new Uint8Array(fences.length * 4);
  let overflowing = 0;
  let n = 0;
  for (let i = 0; i < fences.length; i++) {
    const fence = fences[i]!;
    const parked = parkedOf(i);
    if (parked > fence.capacity) overflowing++;
    if (onlyOverflowing && parked <= fence.capacity) continue;
    positions[n * 2] = fence.lon;
    positions[n * 2 + 1] = fence.lat;
    colors.set(fenceOccupancyColor(parked, fence.capacity), n * 4);
    n++;
  }
  return { length: n, positions: positions.subarray(0, n * 2), colors: colors.subarray(0, n * 4), overflowing };
}

/**
 * Fences as rings: the ring's colour is the occupancy, the dark inside keeps
 * the bikes parked there readable (teal bikes in a teal fence would merge).
 */
export function fenceLayers(data: FenceData, options: DeckLayerStyle): Layer[] {
  const { scale } = options;
  return [
    new ScatterplotLayer({
      id: BIKE_LAYER_IDS.fence,
      data: {
        length: data.length,
        attributes: {
          getPosition: { value: data.positions, size: 2 },
          getLineColor: { value: data.colors, size: 4, normalized: true },
        },
      },
      radiusUnits: 'meters',
      getRadius: 16,
      radiusMinPixels: 4 * scale,
      radiusMaxPixels: 24 * scale,
      getFillColor: [4, 7, 12, 150],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2 * scale,
      pickable: options.pickable ?? false,
      opacity: opacityFor(options),
    }),
  ];
}

// ---- occupancy from the points, until the gateway sends fence counts ----

const GRID_DEG = 0.002;

/** Fence centroids in a coarse grid, to find the fence a parked bike stands in. */
export class FenceIndex {
  private readonly grid = new Map<string, number[]>();
  private readonly indexOf = new Map<string, number>();

  constructor(readonly fences: readonly FenceSite[]) {
    fences.forEach((fence, i) => {
      const key = this.key(Math.floor(fence.lon / GRID_DEG), Math.floor(fence.lat / GRID_DEG));
      (this.grid.get(key) ?? this.grid.set(key, []).get(key)!).push(i);
      this.indexOf.set(fence.id, i);
    });
  }

  /** Index of a fence by its id. */
  index(id: string): number | undefined {
    return this.indexOf.get(id);
  }

  /** The fence whose centre is nearest, within maxM metres; -1 when none. */
  nearest(lon: number, lat: number, maxM = 40): number {
    const gx = Math.floor(lon / GRID_DEG);
    const gy = Math.floor(lat / GRID_DEG);
    let best = -1;
    let bestM = maxM;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of this.grid.get(this.key(gx + dx, gy + dy)) ?? []) {
          const fence = this.fences[i]!;
          const m = distanceM(lon, lat, fence.lon, fence.lat);
          if (m <= bestM) {
            bestM = m;
            best = i;
          }
        }
      }
    }
    return best;
  }

  /** Bikes parked inside a fence per fence, counted from the individual bikes. */
  countParked(table: BikeTable): Uint32Array {
    const counts = new Uint32Array(this.fences.length);
    const { lon, lat, inFence, lastEvent } = table.columns;
    for (let row = 0; row < table.size; row++) {
      if (!inFence[row] || lastEvent[row] === BikeEventKind.TRIP_START) continue;
      const i = this.nearest(lon[row]!, lat[row]!);
      if (i >= 0) counts[i]!++;
    }
    return counts;
  }

  private key(gx: number, gy: number): string {
    return `${gx}:${gy}`;
  }
}

/** The pack's fence polygons (GET /api/city/pack/layers/bike-fences) as sites at their centroids. */
export function fenceSites(features: readonly { id?: string | number; properties?: { capacity?: number }; geometry?: { type: string; coordinates: unknown } }[]): FenceSite[] {
  const sites: FenceSite[] = [];
  for (const feature of features) {
    if (feature.geometry?.type !== 'Polygon' || feature.id === undefined) continue;
    const ring = (feature.geometry.coordinates as [number, number][][])[0] ?? [];
    const points = ring.length > 1 ? ring.slice(0, -1) : ring;
    if (points.length === 0) continue;
    let lon = 0;
    let lat = 0;
    for (const [x, y] of points) {
      lon += x;
      lat += y;
    }
    sites.push({ id: String(feature.id), lon: lon / points.length, lat: lat / points.length, capacity: Number(feature.properties?.capacity ?? 0) });
  }
  return sites;
}
