import type { LiveTable, LiveTableEntries } from '../fleets/live-fleet.registry';
import type { LiveChanges, LiveStateStore } from '../live-state/live-state-store';
import type { CachedChanges, LayerPart, SharedLayerChanges } from './layer-view';
import { LAYER_FRAME_ENCODERS } from './live-frame.encoder';

// One table's changes per version a client is at, computed once however many
// clients are at that version and dropped as soon as the layer's version moves.
export class LayerChanges<T extends LiveTable> implements SharedLayerChanges<LiveTableEntries[T]> {
  private atVersion = -1;
  private byFromVersion = new Map<number, CachedChanges<LiveTableEntries[T]>>();

  constructor(
    readonly table: T,
    readonly store: LiveStateStore<LiveTableEntries[T]>,
  ) {}

  since(version: number): CachedChanges<LiveTableEntries[T]> {
    if (this.atVersion !== this.store.version) {
      this.atVersion = this.store.version;
      this.byFromVersion = new Map();
    }
    let cached = this.byFromVersion.get(version);
    if (!cached) {
      cached = { raw: this.store.changesSince(version) };
      this.byFromVersion.set(version, cached);
    }
    return cached;
  }

  part(changes: LiveChanges<LiveTableEntries[T]>): LayerPart {
    // TypeScript cannot tie the table's entry to T by itself; the table's type does.
    const encode = LAYER_FRAME_ENCODERS[this.table] as (changes: LiveChanges<LiveTableEntries[T]>) => LayerPart['fields'];
    return {
      snapshot: changes.snapshot,
      empty: !changes.snapshot && changes.entries.length === 0 && changes.removedIds.length === 0,
      version: changes.version,
      fields: encode(changes),
    };
  }
}
