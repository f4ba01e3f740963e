import { defineStore } from 'pinia';
import type { SelectableLayer } from '../live/wall-layers';

/** One entity on the map: a truck, bike, boat, corridor, ambulance or open call by its id. */
export interface SelectedEntity {
  layer: SelectableLayer;
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
