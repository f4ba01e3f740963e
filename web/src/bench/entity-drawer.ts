import type { Map as MaplibreMap } from 'maplibre-gl';
import type { MovingEntities } from './moving-entities';

/** One way of drawing the benchmark's entities on the map. */
export interface EntityDrawer {
  name: 'deck' | 'geojson';
  attach(map: MaplibreMap): void;
  /** Hands the entities' current columns to the map; timed as main-thread work per update. */
  update(entities: MovingEntities, version: number): void;
}

// Four task-state colours, as the truck layer draws them.
export const BENCH_STATE_COLORS = [
  [56, 189, 248],
  [52, 211, 153],
  [251, 191, 36],
  [244, 114, 182],
] as const satisfies readonly (readonly [number, number, number])[];
