import type { LiveLayer } from '@urban-brain/proto';
import { defineStore } from 'pinia';

/** One entity on the map: a truck, bike, boat or corridor by its id. */
export interface SelectedEntity {
  layer: LiveLayer;
  id: string;
}

// Global because the map (which picks) and the side panel (which shows the
// entity's readings) are far apart in the tree; the selection is the only link.
export const useSelectionStore = defineStore('selection', {
  state: () => ({
    selected: null as SelectedEntity | null,
  }),
  actions: {
    select(entity: SelectedEntity): void {
      this.selected = { layer: entity.layer, id: entity.id };
    },
    clear(): void {
      this.selected = null;
    },
  },
});
