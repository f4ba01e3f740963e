import type { SelectableLayer } from '../live/wall-layers';
import type { useKioskStore } from './kiosk.store';
import type { useSelectionStore } from './selection.store';

/**
 * For browser tests, installed as `window.__ubWall`: select an entity as a map
 * click would (the map's picking is the map layers' own test), and read the
 * kiosk tour's state.
 */
export interface WallTestHook {
  select(layer: SelectableLayer, id: string): void;
  clearSelection(): void;
  kiosk(): { active: boolean; stop: string | null; paused: boolean; center: [number, number] | null };
}

export function createWallTestHook(selection: ReturnType<typeof useSelectionStore>, kiosk: ReturnType<typeof useKioskStore>): WallTestHook {
  return Object.freeze({
    select: (layer: SelectableLayer, id: string) => selection.select({ layer, id }),
    clearSelection: () => selection.clear(),
    kiosk: () => ({ active: kiosk.active, stop: kiosk.stop, paused: kiosk.paused, center: kiosk.center ? [...kiosk.center] as [number, number] : null }),
  });
}

declare global {
  interface Window {
    __ubWall?: WallTestHook;
  }
}
