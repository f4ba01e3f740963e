import { inject, onBeforeUnmount, watch, type WatchSource } from 'vue';
import { useSelectionStore } from '../../stores/selection.store';
import { UI_SCALE } from '../map-context';
import { DECK_OVERLAY, type DeckSlot } from './use-deck-overlay';

/**
 * A fleet component's slot in the map's deck overlay: rebuilt on the next
 * animation frame whenever one of `changes`, the UI scale or the selection
 * changed; removed on unmount.
 */
export function useDeckSlot(key: string, slot: DeckSlot, changes: WatchSource[]): void {
  const overlay = inject(DECK_OVERLAY)!;
  const uiScale = inject(UI_SCALE)!;
  const selection = useSelectionStore();
  const handle = overlay.register(key, slot);
  watch([...changes, uiScale, () => selection.selected], () => handle.invalidate());
  onBeforeUnmount(() => handle.remove());
}
