import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { Map as MaplibreMap, PointLike } from 'maplibre-gl';
import { markRaw, type InjectionKey } from 'vue';
import type { SelectedEntity } from '../../stores/selection.store';

/** One fleet's share of the overlay. */
export interface DeckSlot {
  /** Draw order among the slots, bottom first. */
  order: number;
  /**
   * The slot's layers now. Called at most once per animation frame, and only
   * after invalidate(): a hidden layer returns [] and does no other work.
   */
  build(): Layer[];
  /** The entity under a pick on one of this slot's layers, or null when the layer is not this slot's. */
  pick?(layerId: string, index: number): SelectedEntity | null;
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
}

export const DECK_OVERLAY: InjectionKey<DeckOverlay> = Symbol('deck-overlay');

// Pixels around a click that still count as hitting an entity (fingers and
// mice on a wall screen are imprecise; dots are small).
const PICK_RADIUS_PX = 8;

/**
 * One deck.gl overlay for the whole map, interleaved with MapLibre's own layers
 * (one WebGL context; deck layers draw above the base map and the corridors).
 * Fleet components register slots; all invalidated slots are rebuilt together
 * in one animation frame and handed to deck in one setProps.
 */
export function useDeckOverlay(onPick: (entity: SelectedEntity | null) => void) {
  const overlay = markRaw(
    new MapboxOverlay({
      interleaved: true,
      layers: [],
      pickingRadius: PICK_RADIUS_PX,
      // deck listens on the map's canvas itself; its click carries the pick.
      onClick: (info) => onDeckClick(info),
    }),
  );
  const slots = new Map<string, { slot: DeckSlot; layers: Layer[]; dirty: boolean }>();
  const pickers = new Set<MapPicker>();
  let attachedTo: MaplibreMap | null = null;
  let frame = 0;
  let current: Layer[] = [];

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
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(flush);
  };

  const onDeckClick = (info: PickingInfo) => {
    const m = attachedTo;
    if (!m) return;
    if (info.picked && info.layer && info.index >= 0) {
      for (const { slot } of slots.values()) {
        const entity = slot.pick?.(info.layer.id, info.index);
        if (entity) return onPick(entity);
      }
    }
    for (const picker of pickers) {
      const entity = picker(m, [info.x, info.y]);
      if (entity) return onPick(entity);
    }
    onPick(null);
  };

  const attach = (m: MaplibreMap) => {
    if (attachedTo === m) return;
    detach();
    attachedTo = m;
    m.addControl(overlay);
    for (const entry of slots.values()) entry.dirty = true;
    schedule();
  };
  const detach = () => {
    cancelAnimationFrame(frame);
    frame = 0;
    if (!attachedTo) return;
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
  };

  return { overlay: api, attach, detach };
}
