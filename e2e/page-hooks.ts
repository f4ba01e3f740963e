// The page's read-only test hooks as the browser tests see them (web/src/live/live-debug-hook.ts,
// web/src/map/map-test-hook.ts, web/src/stores/wall-test-hook.ts). One global declaration for
// every e2e file: TypeScript refuses two different types for the same window property.
import type { TimeSpaceResponse } from '@urban-brain/proto';

export type Layer = 'trucks' | 'bikes' | 'boats' | 'corridors' | 'ambulances';

export interface LiveHook {
  framesReceived: number;
  connected: boolean;
  trucks(): { id: string; lon: number; lat: number; taskState: number }[];
  rows(table: 'boats' | 'bikeCells' | 'corridors'): { id: string; columns: Record<string, number> }[];
  renderedTrucks: number;
  lastRenderAt: number | null;
  layers(): Record<Layer, number>;
  rendered(): Record<Layer, number>;
  shown(): Record<Layer, boolean>;
}

export interface MapHook {
  project(lon: number, lat: number): [number, number] | null;
  zoom(): number | null;
  deckLayers(): string[];
  deckDrawn(): boolean;
  drawnAtSize(): boolean;
}

export interface WallHook {
  select(layer: string, id: string): void;
  clearSelection(): void;
  kiosk(): { active: boolean; stop: string | null; paused: boolean; center: [number, number] | null };
}

/** web/src/greenwave/time-space-test-hook.ts. */
export interface TimeSpaceHook {
  toPixel(tMs: number, distanceM: number): [number, number] | null;
  drawn(): { data: TimeSpaceResponse | null; draws: number };
}

declare global {
  interface Window {
    __ubTimeSpace?: TimeSpaceHook;
    __ubLive?: LiveHook;
    __ubMap?: MapHook;
    __ubWall?: WallHook;
  }
}
