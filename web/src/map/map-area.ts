import type { MapArea } from '@urban-brain/proto';

// Rounded so a sub-pixel drift of the view (a resize, an idle tour step that
// lands where it started) does not ask the gateway for a new snapshot.
const DEG_STEP = 1e-4;
const ZOOM_STEP = 0.01;

const round = (value: number, step: number) => Math.round(value / step) * step;

/** The map's view as the gateway's area: bounds and zoom, rounded. */
export function mapAreaOf(bounds: { west: number; south: number; east: number; north: number }, zoom: number): MapArea {
  return {
    west: round(Math.max(-180, bounds.west), DEG_STEP),
    south: round(Math.max(-85, bounds.south), DEG_STEP),
    east: round(Math.min(180, bounds.east), DEG_STEP),
    north: round(Math.min(85, bounds.north), DEG_STEP),
    zoom: round(zoom, ZOOM_STEP),
  };
}

export const sameArea = (a: MapArea | null, b: MapArea): boolean =>
  a !== null && a.west === b.west && a.south === b.south && a.east === b.east && a.north === b.north && a.zoom === b.zoom;
