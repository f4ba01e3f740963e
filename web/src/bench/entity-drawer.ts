import type { Map as MaplibreMap } from 'maplibre-gl';

/** One way of drawing the benchmark's trucks on the map. */
export interface EntityDrawer {
  name: 'deck' | 'geojson';
  attach(map: MaplibreMap): void;
  /** Takes one binary LiveFrame as the socket delivers it; timed as main-thread work per update. */
  update(frame: Uint8Array): void;
  /** Entities the drawer holds now. */
  readonly size: number;
}
