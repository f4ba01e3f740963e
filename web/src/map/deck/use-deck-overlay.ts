import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import type { Map as MaplibreMap, MapMouseEvent, PointLike } from 'maplibre-gl';
import { markRaw, type InjectionKey } from 'vue';
import type { SelectedEntity } from '../../stores/selection.store';
import type { Projector } from './hit-test';

/** One fleet's share of the overlay. */
export interface DeckSlot {
  /** Draw order among the slots, bottom first. */
  order: number;
  /**
   * The slot's layers now. Called at most once per animation frame, and only
   * after invalidate(): a hidden layer returns [] and does no other work.
   */
  build(): Layer[];
  /** The entity drawn nearest a click (within the radius), or null. */
  hitTest?(at: ClickAt): SelectedEntity | null;
}

/** A click on the map, as the slots' hit tests need it. */
export interface ClickAt {
  x: number;
  y: number;
  radiusPx: number;
  /** [west, south, east, north] of a square around the click (hit radii up to 40 px fit in it). */
  box: [number, number, number, number];
  project: Projector;
}

export interface DeckSlotHandle {
  /** Something the slot draws changed: rebuild it on the next animation frame. */
  invalidate(): void;
  remove(): void;
}

/** Picks on plain MapLibre layers (the corridors), tried when no deck layer was hit. */
export type MapPicker = (map: MaplibreMap, point: PointLike) => SelectedEntity | null;

export interface DeckOverlay {
  register(key: string, slot: DeckSlot): DeckSlotHandle;
  registerMapPicker(picker: MapPicker): () => void;
  /** Current deck layers by id (for tests and the debug hook). */
  layerIds(): string[];
  /**
   * Whether the map has drawn a frame since the layers last changed (for tests: a
   * screenshot taken before that frame still shows the layers as they were).
   */
  drawn(): boolean;
  /** The map canvas's CSS size when the map last drew a frame ([0, 0] before the first). */
  drawnSize(): [number, number];
}

export const DECK_OVERLAY: InjectionKey<DeckOverlay> = Symbol('deck-overlay');

// Pixels around a click that still count as hitting an entity (fingers and
// mice on a wall screen are imprecise; dots are small). A slot may allow more
// for bigger marks, up to the box the candidates are taken from.
const PICK_RADIUS_PX = 8;
const PICK_BOX_PX = 40;

/**
 * One deck.gl overlay for the whole map, interleaved with MapLibre's own layers
 * (one WebGL context; deck layers draw above the base map and the corridors).
 * Fleet components register slots; all invalidated slots are rebuilt together
 * in one animation frame and handed to deck in one setProps.
 */
export function useDeckOverlay(onPick: (entity: SelectedEntity | null) => void) {
  const overlay = markRaw(new MapboxOverlay({ interleaved: true, layers: [] }));
  const slots = new Map<string, { slot: DeckSlot; layers: Layer[]; dirty: boolean }>();
  const pickers = new Set<MapPicker>();
  let attachedTo: MaplibreMap | null = null;
  let frame = 0;
  let current: Layer[] = [];
  // Bumped on every setProps; the map's next 'render' marks it drawn.
  let layersVersion = 0;
  let drawnVersion = 0;
  let drawnSize: [number, number] = [0, 0];

  const flush = () => {
    frame = 0;
    if (!attachedTo) return;
    for (const entry of slots.values()) {
      if (!entry.dirty) continue;
      entry.dirty = false;
      entry.layers = entry.slot.build();
    }
    current = [...slots.values()].sort((a, b) => a.slot.order - b.slot.order).flatMap((entry) => entry.layers);
    overlay.setProps({ layers: current });
    layersVersion++;
  };
  const onRender = () => {
    drawnVersion = layersVersion;
    const canvas = attachedTo?.getCanvas();
    if (canvas) drawnSize = [canvas.clientWidth, canvas.clientHeight];
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };

  // Picking on the CPU from the positions each slot drew (see hit-test.ts), on
  // MapLibre's click: deck's own tap recogniser drops clicks when a software-
  // rendered frame delays the pointer-up, and its GPU pick needs another render.
  const onClick = (event: MapMouseEvent) => {
    const m = attachedTo;
    if (!m) return;
    const { x, y } = event.point;
    const r = PICK_BOX_PX;
    const corners = [m.unproject([x - r, y - r]), m.unproject([x + r, y + r])];
    const at: ClickAt = {
      x,
      y,
      radiusPx: PICK_RADIUS_PX,
      box: [
        Math.min(corners[0]!.lng, corners[1]!.lng),
        Math.min(corners[0]!.lat, corners[1]!.lat),
        Math.max(corners[0]!.lng, corners[1]!.lng),
        Math.max(corners[0]!.lat, corners[1]!.lat),
      ],
      project: (lon, lat) => {
        const p = m.project([lon, lat]);
        return [p.x, p.y];
      },
    };
    // Top-most slot first: what is drawn on top is what the click meant.
    for (const { slot } of [...slots.values()].sort((a, b) => b.slot.order - a.slot.order)) {
      const entity = slot.hitTest?.(at);
      if (entity) return onPick(entity);
    }
    for (const picker of pickers) {
      const entity = picker(m, [x, y]);
      if (entity) return onPick(entity);
    }
    onPick(null);
  };

  const attach = (m: MaplibreMap) => {
    if (attachedTo === m) return;
    detach();
    attachedTo = m;
    m.addControl(overlay);
    m.on('click', onClick);
    m.on('render', onRender);
    for (const entry of slots.values()) entry.dirty = true;
    schedule();
  };
  const detach = () => {
    cancelAnimationFrame(frame);
    frame = 0;
    if (!attachedTo) return;
    attachedTo.off('click', onClick);
    attachedTo.off('render', onRender);
    attachedTo.removeControl(overlay);
    attachedTo = null;
  };

  const api: DeckOverlay = {
    register(key, slot) {
      const entry = { slot, layers: [] as Layer[], dirty: true };
      slots.set(key, entry);
      schedule();
      return {
        invalidate() {
          entry.dirty = true;
          schedule();
        },
        remove() {
          if (slots.get(key) === entry) slots.delete(key);
          schedule();
        },
      };
    },
    registerMapPicker(picker) {
      pickers.add(picker);
      return () => pickers.delete(picker);
    },
    layerIds: () => current.map((layer) => layer.id),
    drawn: () => drawnVersion === layersVersion,
    drawnSize: () => [...drawnSize],
  };

  return { overlay: api, attach, detach };
}
