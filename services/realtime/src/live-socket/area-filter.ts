import type { LiveChanges } from '../live-state/live-state-store';
import { contains, type Bounds } from './map-area';

export interface Positioned {
  lon: number;
  lat: number;
}

/**
 * A layer's changes cut to one client's area. `held` is the ids this client
 * holds for the layer (at most the entities of its area, so bounded by the
 * layer's cap) and is updated here: an entity that moved out of the area, or
 * was removed while held, is listed as removed so the client drops it; one the
 * client never held is not mentioned at all.
 */
export function changesInArea<T extends Positioned>(changes: LiveChanges<T>, bounds: Bounds, held: Set<string>, idOf: (entry: T) => string): LiveChanges<T> {
  const entries: T[] = [];
  const removedIds: string[] = [];
  if (changes.snapshot) held.clear();
  for (const entry of changes.entries) {
    const id = idOf(entry);
    if (contains(bounds, entry.lon, entry.lat)) {
      entries.push(entry);
      held.add(id);
    } else if (held.delete(id)) {
      removedIds.push(id);
    }
  }
  for (const id of changes.removedIds) if (held.delete(id)) removedIds.push(id);
  return { snapshot: changes.snapshot, entries, removedIds, version: changes.version };
}
