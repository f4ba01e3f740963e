import { IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { TruckTable } from '../../live/live-tables';
import { MOVING_ABOVE_KMH, TASK_STATE_COLORS } from '../truck-task-style';
import { paletteTable, writeColor } from './deck-colors';
import type { IconAtlas } from './deck-icon-atlas';
import { opacityFor, packPositions, SELECTION_RING, type DeckLayerStyle } from './deck-layer-style';
import { TrailBuffer, type TrailPaths } from './trail-buffer';

export const TRUCK_LAYER_IDS = { trail: 'trucks-trail', dot: 'trucks-dot', heading: 'trucks-heading', selected: 'trucks-selected' } as const;
export const TRUCK_TRAIL_WINDOW_MS = 60_000;
// 1 Hz fixes: 64 points hold a minute with room for a late frame.
export const TRUCK_TRAIL_POINTS = 64;

const TASK_PALETTE = paletteTable(TASK_STATE_COLORS, TASK_STATE_COLORS[0]);

/** A truck trail ring buffer: one minute per truck on the wall, longer when replay asks (1 Hz fixes, a few spare). */
export const createTruckTrails = (windowMs: number = TRUCK_TRAIL_WINDOW_MS): TrailBuffer =>
  new TrailBuffer(Math.max(TRUCK_TRAIL_POINTS, Math.ceil(windowMs / 1000) + 4), windowMs);

/** The trucks' columns as deck binary attributes: built once per drawn frame, no object per truck. */
export interface TruckDeckData {
  length: number;
  positions: Float64Array;
  colors: Uint8Array;
  angles: Float32Array;
  /** Heading arrow size in pixels: 0 for a stopped truck (its heading means nothing). */
  arrowSizes: Float32Array;
  trails: TrailPaths | null;
}

/**
 * Packs rows 0..size-1 of the truck table (and appends the newest fixes to
 * `trails` when given). Pure apart from the trail buffer it feeds.
 */
export function packTruckData(table: TruckTable, trails: TrailBuffer | null, arrowPx = 14): TruckDeckData {
  const n = table.size;
  const { lon, lat, speedKmh, headingDeg, taskState, recordedAtMs } = table.columns;
  const colors = new Uint8Array(n * 4);
  const angles = new Float32Array(n);
  const arrowSizes = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    writeColor(colors, row, TASK_PALETTE, taskState[row]!);
    // deck turns icons counter-clockwise; a heading is clockwise from north.
    angles[row] = -headingDeg[row]!;
    arrowSizes[row] = speedKmh[row]! > MOVING_ABOVE_KMH ? arrowPx : 0;
  }
  let paths: TrailPaths | null = null;
  if (trails) {
    trails.sync(table.ids, lon, lat, recordedAtMs, n);
    paths = trails.paths(table.ids, n, (row, out, at) => {
      const key = taskState[row]! * 4 < TASK_PALETTE.length ? taskState[row]! * 4 : 0;
      out[at] = TASK_PALETTE[key]!;
      out[at + 1] = TASK_PALETTE[key + 1]!;
      out[at + 2] = TASK_PALETTE[key + 2]!;
    });
  }
  return { length: n, positions: packPositions(lon, lat, n), colors, angles, arrowSizes, trails: paths };
}

export interface TruckLayerOptions extends DeckLayerStyle {
  icons: IconAtlas | null;
  /** Row of the selected truck, if any. */
  selectedRow?: number | undefined;
}

/** The deck layers drawing the trucks: trails, task-coloured dots, heading arrows, selection ring. */
export function truckDeckLayers(data: TruckDeckData, options: TruckLayerOptions): Layer[] {
  const { scale } = options;
  const opacity = opacityFor(options);
  const layers: Layer[] = [];
  if (data.trails && data.trails.length > 0) {
    layers.push(
      new PathLayer({
        id: TRUCK_LAYER_IDS.trail,
        data: {
          length: data.trails.length,
          startIndices: data.trails.startIndices,
          attributes: {
            getPath: { value: data.trails.positions, size: 2 },
            getColor: { value: data.trails.colors, size: 4, normalized: true },
          },
        },
        _pathType: 'open',
        widthUnits: 'pixels',
        getWidth: 3 * scale,
        capRounded: true,
        jointRounded: true,
        opacity,
      }),
    );
  }
  layers.push(
    new ScatterplotLayer({
      id: TRUCK_LAYER_IDS.dot,
      data: {
        length: data.length,
        attributes: {
          getPosition: { value: data.positions, size: 2 },
          getFillColor: { value: data.colors, size: 4, normalized: true },
        },
      },
      radiusUnits: 'meters',
      getRadius: 45,
      radiusMinPixels: 7 * scale,
      radiusMaxPixels: 16 * scale,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5 * scale,
      getLineColor: [5, 8, 13, 255],
      pickable: options.pickable ?? false,
      opacity,
    }),
  );
  if (options.icons) {
    layers.push(
      new IconLayer({
        id: TRUCK_LAYER_IDS.heading,
        data: {
          length: data.length,
          attributes: {
            getPosition: { value: data.positions, size: 2 },
            getAngle: { value: data.angles, size: 1 },
            getSize: { value: data.arrowSizes, size: 1 },
          },
        },
        iconAtlas: options.icons.atlas as unknown as string,
        iconMapping: options.icons.mapping,
        getIcon: () => 'arrow',
        getColor: [5, 8, 13, 235],
        sizeUnits: 'pixels',
        sizeScale: scale,
        billboard: false,
        opacity,
      }),
    );
  }
  const selected = selectionRing(TRUCK_LAYER_IDS.selected, data.positions, options.selectedRow, 20 * scale, scale);
  if (selected) layers.push(selected);
  return layers;
}

/** A white ring around one entity; null when nothing of this layer is selected. */
export function selectionRing(id: string, positions: Float64Array, row: number | undefined, radiusPx: number, scale: number): Layer | null {
  if (row === undefined || row * 2 + 1 >= positions.length) return null;
  const position: [number, number] = [positions[row * 2]!, positions[row * 2 + 1]!];
  return new ScatterplotLayer({
    id,
    data: [position],
    getPosition: (p: [number, number]) => p,
    radiusUnits: 'pixels',
    getRadius: radiusPx,
    filled: false,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 3 * scale,
    getLineColor: SELECTION_RING,
  });
}
