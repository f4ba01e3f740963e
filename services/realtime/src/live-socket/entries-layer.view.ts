import type { LiveChanges } from '../live-state/live-state-store';
import { changesInArea, type Positioned } from './area-filter';
import { RESYNC, heldIds, type LayerPart, type LayerSession, type LayerView, type SharedLayerChanges } from './layer-view';
import type { AreaView } from './map-area';

/** One table of a layer as the layer's view reads it. */
export interface ViewedTable<T> {
  table: string;
  changes: SharedLayerChanges<T>;
  /** Unset: the table has no position and comes whole (LiveLayerEntry.idOf). */
  idOf: ((entry: T) => string) | undefined;
}

/**
 * A layer as its tables' entries (most layers have one table; ambulances two: ambulances and
 * calls): whole-city clients share one encoded delta per table and version they are at; area
 * clients share the computed changes and cut them to their area. A table without a position
 * (`idOf` unset: corridors) comes whole to every client.
 */
export class EntriesLayerView implements LayerView {
  constructor(private readonly tables: readonly ViewedTable<unknown>[]) {}

  snapshot(client: LayerSession, area: AreaView | undefined): LayerPart {
    return joinParts(
      this.tables.map(({ table, changes, idOf }) => {
        const all = changes.store.snapshot();
        if (!area || !idOf) return changes.part(all);
        return changes.part(inArea(all, heldIds(client, table), area, idOf));
      }),
    );
  }

  delta(client: LayerSession, area: AreaView | undefined): LayerPart {
    return joinParts(
      this.tables.map(({ table, changes, idOf }) => {
        const cached = changes.since(client.version);
        if (!area || !idOf) return (cached.shared ??= changes.part(cached.raw));
        if (cached.raw.snapshot) return RESYNC;
        return changes.part(inArea(cached.raw, heldIds(client, table), area, idOf));
      }),
    );
  }
}

// A table with an idOf has a position (LiveLayerEntry.idOf).
const inArea = <T>(changes: LiveChanges<T>, held: Set<string>, area: AreaView, idOf: (entry: T) => string): LiveChanges<T> =>
  changesInArea(changes as LiveChanges<T & Positioned>, area.bounds, held, idOf);

// The tables' parts as one part of the layer. Their fields stay apart (each encoded once however
// many clients share it); the tables share the layer's version, so any part's version is the layer's.
function joinParts([own, ...others]: LayerPart[]): LayerPart {
  if (others.length === 0) return own!;
  const parts = [own!, ...others];
  return {
    snapshot: parts.some((part) => part.snapshot),
    empty: parts.every((part) => part.empty),
    version: own!.version,
    fields: own!.fields,
    moreFields: others.map((part) => part.fields),
  };
}
