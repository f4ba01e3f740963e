import { IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { CallStage } from '@urban-brain/proto';
import type { AmbulanceTable, CallTable } from '../../live/live-tables';
import { AMBULANCE_STATE_COLORS, callColor, callRadiusPx } from '../ambulance-style';
import { paletteTable, writeColor } from './deck-colors';
import type { IconAtlas } from './deck-icon-atlas';
import { opacityFor, packPositions, type DeckLayerStyle } from './deck-layer-style';
import { TrailBuffer, type TrailPaths } from './trail-buffer';
import { selectionRing } from './truck-deck-layers';

export const AMBULANCE_LAYER_IDS = {
  call: 'calls-marker',
  callSelected: 'calls-selected',
  trail: 'ambulances-trail',
  dot: 'ambulances-dot',
  cross: 'ambulances-cross',
  selected: 'ambulances-selected',
} as const;

// One minute of trail at 1 Hz, as the trucks have: at 50 km/h with lights and
// siren that is the last 800 m, enough to see where an ambulance is heading.
export const AMBULANCE_TRAIL_WINDOW_MS = 60_000;
export const AMBULANCE_TRAIL_POINTS = 64;
/** Ambulance dot radius and cross size in pixels at UI scale 1. */
export const AMBULANCE_DOT_PX = 10;
const CROSS_PX = 12;

const STATE_PALETTE = paletteTable(AMBULANCE_STATE_COLORS, AMBULANCE_STATE_COLORS[0]);

export const createAmbulanceTrails = (): TrailBuffer => new TrailBuffer(AMBULANCE_TRAIL_POINTS, AMBULANCE_TRAIL_WINDOW_MS);

/** The ambulances' columns as deck binary attributes, built once per drawn frame. */
export interface AmbulanceDeckData {
  length: number;
  positions: Float64Array;
  colors: Uint8Array;
  trails: TrailPaths | null;
}

/** The open calls' columns as deck binary attributes: colour by age and stage, size by priority. */
export interface CallDeckData {
  length: number;
  positions: Float64Array;
  /** The ring's colour (full alpha) and its fill (the same, translucent). */
  lineColors: Uint8Array;
  fillColors: Uint8Array;
  /** Radius in pixels at UI scale 1. */
  radii: Float32Array;
}

/** Packs rows 0..size-1 of the ambulance table (and feeds `trails` when given). */
export function packAmbulanceData(table: AmbulanceTable, trails: TrailBuffer | null): AmbulanceDeckData {
  const n = table.size;
  const { lon, lat, state, recordedAtMs } = table.columns;
  const colors = new Uint8Array(n * 4);
  for (let row = 0; row < n; row++) writeColor(colors, row, STATE_PALETTE, state[row]!);
  let paths: TrailPaths | null = null;
  if (trails) {
    trails.sync(table.ids, lon, lat, recordedAtMs, n);
    paths = trails.paths(table.ids, n, (row, out, at) => {
      const key = state[row]! * 4 < STATE_PALETTE.length ? state[row]! * 4 : 0;
      out[at] = STATE_PALETTE[key]!;
      out[at + 1] = STATE_PALETTE[key + 1]!;
      out[at + 2] = STATE_PALETTE[key + 2]!;
    });
  }
  return { length: n, positions: packPositions(lon, lat, n), colors, trails: paths };
}

// The fill shows the colour without hiding the street under the marker.
const CALL_FILL_ALPHA = 0.35;

/** Packs rows 0..size-1 of the open calls, coloured for `nowMs` (a call's colour ages without new frames). */
export function packCallData(table: CallTable, nowMs: number): CallDeckData {
  const n = table.size;
  const { lon, lat, stage, priority, receivedAtMs } = table.columns;
  const lineColors = new Uint8Array(n * 4);
  const fillColors = new Uint8Array(n * 4);
  const radii = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    const color = callColor(stage[row]! as CallStage, receivedAtMs[row]!, nowMs);
    lineColors.set(color, row * 4);
    fillColors.set([color[0], color[1], color[2], Math.round(color[3] * CALL_FILL_ALPHA)], row * 4);
    radii[row] = callRadiusPx(priority[row]!);
  }
  return { length: n, positions: packPositions(lon, lat, n), lineColors, fillColors, radii };
}

export interface AmbulanceLayerOptions extends DeckLayerStyle {
  icons: IconAtlas | null;
  selectedAmbulanceRow?: number | undefined;
  selectedCallRow?: number | undefined;
}

/**
 * The deck layers of the ambulance layer, bottom first: open calls as rings
 * (under the ambulance that reaches them), trails, state-coloured dots with a
 * white outline and a white cross, selection rings.
 */
export function ambulanceDeckLayers(ambulances: AmbulanceDeckData, calls: CallDeckData, options: AmbulanceLayerOptions): Layer[] {
  const { scale } = options;
  const opacity = opacityFor(options);
  const layers: Layer[] = [
    new ScatterplotLayer({
      id: AMBULANCE_LAYER_IDS.call,
      data: {
        length: calls.length,
        attributes: {
          getPosition: { value: calls.positions, size: 2 },
          getFillColor: { value: calls.fillColors, size: 4, normalized: true },
          getLineColor: { value: calls.lineColors, size: 4, normalized: true },
          getRadius: { value: calls.radii, size: 1 },
        },
      },
      radiusUnits: 'pixels',
      radiusScale: scale,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3 * scale,
      pickable: options.pickable ?? false,
      opacity,
    }),
  ];
  const callRing = selectionRing(AMBULANCE_LAYER_IDS.callSelected, calls.positions, options.selectedCallRow, 22 * scale, scale);
  if (callRing) layers.push(callRing);
  if (ambulances.trails && ambulances.trails.length > 0) {
    layers.push(
      new PathLayer({
        id: AMBULANCE_LAYER_IDS.trail,
        data: {
          length: ambulances.trails.length,
          startIndices: ambulances.trails.startIndices,
          attributes: {
            getPath: { value: ambulances.trails.positions, size: 2 },
            getColor: { value: ambulances.trails.colors, size: 4, normalized: true },
          },
        },
        _pathType: 'open',
        widthUnits: 'pixels',
        getWidth: 3.5 * scale,
        capRounded: true,
        jointRounded: true,
        opacity,
      }),
    );
  }
  layers.push(
    new ScatterplotLayer({
      id: AMBULANCE_LAYER_IDS.dot,
      data: {
        length: ambulances.length,
        attributes: {
          getPosition: { value: ambulances.positions, size: 2 },
          getFillColor: { value: ambulances.colors, size: 4, normalized: true },
        },
      },
      radiusUnits: 'pixels',
      getRadius: AMBULANCE_DOT_PX * scale,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 2 * scale,
      // White, where the trucks' outline is dark: an ambulance stands out from a truck of a similar colour.
      getLineColor: [255, 255, 255, 255],
      pickable: options.pickable ?? false,
      opacity,
    }),
  );
  if (options.icons) {
    layers.push(
      new IconLayer({
        id: AMBULANCE_LAYER_IDS.cross,
        data: { length: ambulances.length, attributes: { getPosition: { value: ambulances.positions, size: 2 } } },
        iconAtlas: options.icons.atlas as unknown as string,
        iconMapping: options.icons.mapping,
        getIcon: () => 'cross',
        getColor: [255, 255, 255, 255],
        getSize: CROSS_PX,
        sizeUnits: 'pixels',
        sizeScale: scale,
        opacity,
      }),
    );
  }
  const ring = selectionRing(AMBULANCE_LAYER_IDS.selected, ambulances.positions, options.selectedAmbulanceRow, 18 * scale, scale);
  if (ring) layers.push(ring);
  return layers;
}
