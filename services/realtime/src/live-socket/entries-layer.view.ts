import type { LiveChanges } from '../live-state/live-state-store';
import { changesInArea, type Positioned } from './area-filter';
import { RESYNC, type LayerPart, type LayerSession, type LayerView, type SharedLayerChanges } from './layer-view';
import type { AreaView } from './map-area';

/**
 * A layer as its entries: whole-city clients share one encoded delta per version they are at;
 * area clients share the computed changes and cut them to their area. A layer without a
 * position (`idOf` unset: corridors) comes whole to every client.
 */
export class EntriesLayerView<T> implements LayerView {
  constructor(
    private readonly changes: SharedLayerChanges<T>,
    private readonly idOf: ((entry: T) => string) | undefined,
  ) {}

  snapshot(client: LayerSession, area: AreaView | undefined): LayerPart {
    const all = this.changes.store.snapshot();
    if (!area || !this.idOf) return this.changes.part(all);
    return this.changes.part(this.inArea(all, client, area, this.idOf));
  }

  delta(client: LayerSession, area: AreaView | undefined): LayerPart {
    const cached = this.changes.since(client.version);
    if (!area || !this.idOf) return (cached.shared ??= this.changes.part(cached.raw));
    if (cached.raw.snapshot) return RESYNC;
    return this.changes.part(this.inArea(cached.raw, client, area, this.idOf));
  }

  private inArea(changes: LiveChanges<T>, client: LayerSession, area: AreaView, idOf: (entry: T) => string): LiveChanges<T> {
    // A layer with an idOf has a position (LiveLayerEntry.idOf).
    return changesInArea(changes as LiveChanges<T & Positioned>, area.bounds, client.held, idOf);
  }
}
