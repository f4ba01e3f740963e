import { MapboxOverlay } from '@deck.gl/mapbox';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { MovingEntities } from './moving-entities';
import { BENCH_STATE_COLORS, type EntityDrawer } from './entity-drawer';

// Our way: the entities' typed columns go to the GPU as binary attributes; no
// object per entity is built on an update.
export function createDeckDrawer(): EntityDrawer {
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  let colors: Uint8Array | null = null;
  return {
    name: 'deck',
    attach(map) {
      map.addControl(overlay);
    },
    update(entities: MovingEntities, version: number) {
      if (!colors || colors.length !== entities.count * 3) {
        colors = new Uint8Array(entities.count * 3);
        for (let i = 0; i < entities.count; i++) colors.set(BENCH_STATE_COLORS[entities.states[i]! & 3]!, 3 * i);
      }
      overlay.setProps({
        layers: [
          new ScatterplotLayer({
            id: 'bench-dot',
            data: {
              length: entities.count,
              attributes: {
                getPosition: { value: entities.positions, size: 2 },
                getFillColor: { value: colors, size: 3, normalized: true },
              },
            },
            radiusUnits: 'pixels',
            getRadius: 3,
            updateTriggers: { getPosition: version },
          }),
        ],
      });
    },
  };
}
