import type { LiveLayer } from '@urban-brain/proto';
import type { LiveLayerEntries } from '../fleets/live-fleet.registry';
import type { LiveChanges, LiveStateStore } from '../live-state/live-state-store';
import type { CachedChanges, LayerPart, SharedLayerChanges } from './layer-view';
import { LAYER_FRAME_ENCODERS } from './live-frame.encoder';

// One layer's changes per version a client is at, computed once however many
// clients are at that version and dropped as soon as the layer's version moves.
export class LayerChanges<L extends LiveLayer> implements SharedLayerChanges<LiveLayerEntries[L]> {
  private atVersion = -1;
  private byFromVersion = new Map<number, CachedChanges<LiveLayerEntries[L]>>();

  constructor(
    private readonly layer: L,
    readonly store: LiveStateStore<LiveLayerEntries[L]>,
  ) {}

  since(version: number): CachedChanges<LiveLayerEntries[L]> {
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

  part(changes: LiveChanges<LiveLayerEntries[L]>): LayerPart {
    // TypeScript cannot tie the table's entry to L by itself; the table's type does.
    const encode = LAYER_FRAME_ENCODERS[this.layer] as (changes: LiveChanges<LiveLayerEntries[L]>) => LayerPart['fields'];
    return {
      snapshot: changes.snapshot,
      empty: !changes.snapshot && changes.entries.length === 0 && changes.removedIds.length === 0,
      version: changes.version,
      fields: encode(changes),
    };
  }
}
