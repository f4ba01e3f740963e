import type { MapArea } from '@urban-brain/proto';

/** A lon/lat box. */
export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface LiveViewOptions {
  /** At this map zoom and above, bikes go out as points; below it, as cells. */
  bikePointsMinZoom: number;
  /** Cell tiles are this many zoom levels finer than the client's zoom. */
  bikeCellZoomOffset: number;
}

/** What the gateway settled on for one client's map area. */
export interface AreaView {
  area: MapArea;
  /** The area plus the margin: what the client is sent. */
  bounds: Bounds;
  bikeView: 'points' | 'cells';
  /** Tile zoom of the bike cells (cells mode only). */
  cellZoom: number;
}

// The deepest tile zoom worth a cell: at 22 a tile is ~10 m, finer than any bike fix.
const MAX_CELL_ZOOM = 22;

/**
 * The area grown by half its size on each side: panning by up to half a screen
 * shows entities the client already holds, while the new area's snapshot is on its way.
 */
export function withMargin(area: MapArea): Bounds {
  const halfWidth = (area.east - area.west) / 2;
  const halfHeight = (area.north - area.south) / 2;
  return {
    west: Math.max(-180, area.west - halfWidth),
    east: Math.min(180, area.east + halfWidth),
    south: Math.max(-90, area.south - halfHeight),
    north: Math.min(90, area.north + halfHeight),
  };
}

export const contains = (bounds: Bounds, lon: number, lat: number): boolean =>
  lon >= bounds.west && lon <= bounds.east && lat >= bounds.south && lat <= bounds.north;

export function areaView(area: MapArea, options: LiveViewOptions): AreaView {
  const cells = area.zoom < options.bikePointsMinZoom;
  return {
    area,
    bounds: withMargin(area),
    bikeView: cells ? 'cells' : 'points',
    cellZoom: Math.min(MAX_CELL_ZOOM, Math.floor(area.zoom) + options.bikeCellZoomOffset),
  };
}
