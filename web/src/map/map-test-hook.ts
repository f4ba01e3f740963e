import type { Map as MaplibreMap } from 'maplibre-gl';
import type { DeckOverlay } from './deck/use-deck-overlay';

/**
 * For browser tests, installed as `window.__ubMap`: where an entity is on the
 * screen (to click it as a person would) and which deck layers are drawn.
 * Read-only; see web/README.md.
 */
export interface MapTestHook {
  /** Page pixel of a lon/lat, or null before the map has loaded. */
  project(lon: number, lat: number): [number, number] | null;
  zoom(): number | null;
  /** Ids of the deck layers in the overlay now, bottom first. */
  deckLayers(): string[];
  /** The map has drawn a frame since the deck layers last changed: a screenshot now shows them as they are. */
  deckDrawn(): boolean;
  /**
   * The map's last frame was drawn at the size its container has now: after the screen is resized, a
   * screenshot before that frame still shows the picture drawn for the old size.
   */
  drawnAtSize(): boolean;
}

export function createMapTestHook(map: () => MaplibreMap | null, overlay: DeckOverlay): MapTestHook {
  return Object.freeze({
    project(lon: number, lat: number): [number, number] | null {
      const m = map();
      if (!m) return null;
      const point = m.project([lon, lat]);
      const box = m.getContainer().getBoundingClientRect();
      return [box.left + point.x, box.top + point.y];
    },
    zoom: () => map()?.getZoom() ?? null,
    deckLayers: () => overlay.layerIds(),
    deckDrawn: () => overlay.drawn(),
    drawnAtSize: () => {
      const m = map();
      if (!m) return false;
      const [width, height] = overlay.drawnSize();
      const container = m.getContainer();
      return width > 0 && width === container.clientWidth && height === container.clientHeight;
    },
  });
}

declare global {
  interface Window {
    __ubMap?: MapTestHook;
  }
}
