import { IconLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { BoatTable } from '../../live/live-tables';
import { BOAT_TASK_COLORS } from '../boat-icon';
import { paletteTable, writeColor } from './deck-colors';
import type { IconAtlas } from './deck-icon-atlas';
import { DECK_LABEL_FONT_FAMILY, opacityFor, packPositions, type DeckLayerStyle } from './deck-layer-style';
import { TrailBuffer, type TrailPaths } from './trail-buffer';
import { selectionRing } from './truck-deck-layers';

export const BOAT_LAYER_IDS = {
  track: 'boats-track',
  hotspot: 'boats-hotspot',
  hotspotLabel: 'boats-hotspot-label',
  ring: 'boats-ring',
  hull: 'boats-hull',
  selected: 'boats-selected',
} as const;

// Sweep tracks: the last 10 minutes of each boat (lawnmower passes are a few hundred metres).
export const BOAT_TRACK_WINDOW_MS = 10 * 60_000;
export const BOAT_TRACK_POINTS = 640;

const TASK_PALETTE = paletteTable(BOAT_TASK_COLORS, BOAT_TASK_COLORS[0]);

export const createBoatTracks = (): TrailBuffer => new TrailBuffer(BOAT_TRACK_POINTS, BOAT_TRACK_WINDOW_MS);

// ---- debris hotspots ----

// About 70 m on the lake: a sweep lane or two.
const HOTSPOT_GRID_DEG = 0.0007;

export interface DebrisHotspot {
  lon: number;
  lat: number;
  kg: number;
}

/**
 * Where the boats picked up debris: each rise of a boat's debris_kg is added to
 * the grid cell the boat is in. A drop (unloaded at a dock) only resets that
 * boat's baseline. Bounded by the lake's area, not by time.
 */
export class DebrisHotspots {
  private readonly lastKg = new Map<string, number>();
  private readonly cells = new Map<string, DebrisHotspot & { n: number }>();

  observe(id: string, lon: number, lat: number, debrisKg: number): void {
    const before = this.lastKg.get(id);
    this.lastKg.set(id, debrisKg);
    if (before === undefined || !(debrisKg > before)) return;
    const gain = debrisKg - before;
    const key = `${Math.floor(lon / HOTSPOT_GRID_DEG)}:${Math.floor(lat / HOTSPOT_GRID_DEG)}`;
    const cell = this.cells.get(key);
    if (!cell) {
      this.cells.set(key, { lon, lat, kg: gain, n: 1 });
      return;
    }
    // Keep the cell where its debris was found: a running mean of the pickup points.
    cell.n++;
    cell.lon += (lon - cell.lon) / cell.n;
    cell.lat += (lat - cell.lat) / cell.n;
    cell.kg += gain;
  }

  observeTable(table: BoatTable): void {
    const { lon, lat, debrisKg } = table.columns;
    for (let row = 0; row < table.size; row++) this.observe(table.ids[row]!, lon[row]!, lat[row]!, debrisKg[row]!);
  }

  /** Cells holding at least `minKg`, heaviest first. */
  hotspots(minKg = 0.5, limit = 200): DebrisHotspot[] {
    return [...this.cells.values()]
      .filter((cell) => cell.kg >= minKg)
      .sort((a, b) => b.kg - a.kg)
      .slice(0, limit)
      .map(({ lon, lat, kg }) => ({ lon, lat, kg }));
  }
}

/** Hotspot circle radius in pixels: area grows with the kilograms collected there. */
export const hotspotRadiusPx = (kg: number, scale = 1): number => Math.min(34, 5 + 4 * Math.sqrt(Math.max(0, kg))) * scale;

// About 300 m: hotspots closer than this share one label, the heavier one's.
const LABEL_APART_DEG = 0.003;

/** The heaviest hotspots (at most `max`) that stand apart from every heavier labelled one. */
export function labelledHotspots(hotspots: readonly DebrisHotspot[], max = 3): DebrisHotspot[] {
  const labelled: DebrisHotspot[] = [];
  for (const spot of hotspots) {
    if (labelled.length >= max) break;
    if (labelled.every((l) => Math.hypot(l.lon - spot.lon, l.lat - spot.lat) >= LABEL_APART_DEG)) labelled.push(spot);
  }
  return labelled;
}

// ---- boats ----

export interface BoatDeckData {
  length: number;
  positions: Float64Array;
  colors: Uint8Array;
  angles: Float32Array;
  tracks: TrailPaths | null;
  hotspots: DebrisHotspot[];
}

/** Packs the boat table; feeds the sweep tracks and the debris hotspots when given (`nowMs` stamps the track points). */
export function packBoatData(table: BoatTable, tracks: TrailBuffer | null, debris: DebrisHotspots | null, nowMs: number): BoatDeckData {
  const n = table.size;
  const { lon, lat, headingDeg, taskState } = table.columns;
  const colors = new Uint8Array(n * 4);
  const angles = new Float32Array(n);
  for (let row = 0; row < n; row++) {
    writeColor(colors, row, TASK_PALETTE, taskState[row]!);
    angles[row] = -headingDeg[row]!;
  }
  let paths: TrailPaths | null = null;
  if (tracks) {
    tracks.sync(table.ids, lon, lat, nowMs, n);
    paths = tracks.paths(
      table.ids,
      n,
      (_row, out, at) => {
        // One calm colour for every track: the boat's own colour is on its hull.
        out[at] = 165;
        out[at + 1] = 243;
        out[at + 2] = 252;
      },
      150,
    );
  }
  debris?.observeTable(table);
  return { length: n, positions: packPositions(lon, lat, n), colors, angles, tracks: paths, hotspots: debris?.hotspots() ?? [] };
}

export interface BoatLayerOptions extends DeckLayerStyle {
  icons: IconAtlas | null;
  selectedRow?: number | undefined;
}

export function boatDeckLayers(data: BoatDeckData, options: BoatLayerOptions): Layer[] {
  const { scale } = options;
  const opacity = opacityFor(options);
  const layers: Layer[] = [];
  if (data.hotspots.length > 0) {
    layers.push(
      new ScatterplotLayer<DebrisHotspot>({
        id: BOAT_LAYER_IDS.hotspot,
        data: data.hotspots,
        getPosition: (h) => [h.lon, h.lat],
        getRadius: (h) => hotspotRadiusPx(h.kg, scale),
        radiusUnits: 'pixels',
        getFillColor: [251, 146, 60, 110],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5 * scale,
        getLineColor: [253, 186, 116, 230],
        opacity,
        updateTriggers: { getRadius: scale },
      }),
      new TextLayer<DebrisHotspot>({
        id: BOAT_LAYER_IDS.hotspotLabel,
        // The heaviest few get their kilograms written beside them (apart, so labels never pile up).
        data: labelledHotspots(data.hotspots),
        getPosition: (h) => [h.lon, h.lat],
        getText: (h) => `${Math.round(h.kg)} kg`,
        getSize: 13 * scale,
        getPixelOffset: (h) => [0, -hotspotRadiusPx(h.kg, scale) - 9 * scale],
        getColor: [254, 215, 170, 255],
        fontFamily: DECK_LABEL_FONT_FAMILY,
        fontWeight: 700,
        outlineWidth: 2,
        outlineColor: [4, 7, 12, 255],
        fontSettings: { sdf: true },
        characterSet: '0123456789 kg',
        opacity,
        updateTriggers: { getPixelOffset: scale },
      }),
    );
  }
  if (data.tracks && data.tracks.length > 0) {
    layers.push(
      new PathLayer({
        id: BOAT_LAYER_IDS.track,
        data: {
          length: data.tracks.length,
          startIndices: data.tracks.startIndices,
          attributes: {
            getPath: { value: data.tracks.positions, size: 2 },
            getColor: { value: data.tracks.colors, size: 4, normalized: true },
          },
        },
        _pathType: 'open',
        widthUnits: 'pixels',
        getWidth: 2 * scale,
        jointRounded: true,
        opacity,
      }),
    );
  }
  const points = { length: data.length, attributes: { getPosition: { value: data.positions, size: 2 } } };
  layers.push(
    new ScatterplotLayer({
      id: BOAT_LAYER_IDS.ring,
      data: points,
      radiusUnits: 'meters',
      getRadius: 40,
      radiusMinPixels: 13 * scale,
      radiusMaxPixels: 22 * scale,
      getFillColor: [4, 7, 12, 160],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5 * scale,
      getLineColor: [224, 242, 254, 230],
      pickable: options.pickable ?? false,
      opacity,
    }),
  );
  if (options.icons) {
    layers.push(
      new IconLayer({
        id: BOAT_LAYER_IDS.hull,
        data: {
          length: data.length,
          attributes: {
            getPosition: { value: data.positions, size: 2 },
            getAngle: { value: data.angles, size: 1 },
            getColor: { value: data.colors, size: 4, normalized: true },
          },
        },
        iconAtlas: options.icons.atlas as unknown as string,
        iconMapping: options.icons.mapping,
        getIcon: () => 'hull',
        getSize: 24,
        sizeUnits: 'pixels',
        sizeScale: scale,
        billboard: false,
        opacity,
      }),
    );
  }
  const ring = selectionRing(BOAT_LAYER_IDS.selected, data.positions, options.selectedRow, 24 * scale, scale);
  if (ring) layers.push(ring);
  return layers;
}
