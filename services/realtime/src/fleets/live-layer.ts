import type { MessageInitShape } from '@bufbuild/protobuf';
import type { LiveFrameSchema } from '@urban-brain/proto';
import type { LayerView, SharedLayerChanges } from '../live-socket/layer-view';
import type { LiveChanges } from '../live-state/live-state-store';

/**
 * The LiveFrame fields a layer's part of a frame fills: its columns and removed ids, anything else
 * it sends along (bikes: cells, fence counts, the view), its fleet-wide totals. Everything but the
 * frame's own header.
 */
export type LayerFrameFields = Omit<MessageInitShape<typeof LiveFrameSchema>, '$typeName' | 'frameSeq' | 'sentAtMs' | 'snapshot' | 'feedHealth'>;

/** What the gateway needs to know about one live layer to show it: one per layer, in the fleet's folder. */
export interface LiveLayerEntry<T> {
  // Method syntax on purpose: an entry of one entity type then fits where LiveLayerEntry<unknown> is expected.
  /**
   * The id of an entry with a position (lon, lat): an area client is sent the entries of its area
   * and keeps their ids. Unset: the layer has no position and always comes whole (corridors, whose
   * lines come from the city pack).
   */
  idOf?(entry: T): string;
  /** The layer's changes as the frame fields they fill: its columns and its removed ids. */
  toFrameFields(changes: LiveChanges<T>): LayerFrameFields;
  /** How a client's part of the layer is made, when not as its entries cut to the client's area (bikes: points or cells, with fence counts). */
  view?(changes: SharedLayerChanges<T>): LayerView;
}

/**
 * A layer's fleet-wide figures (the wall's KPI tiles): tallied from the whole layer, sent to every
 * client of the layer whatever its area.
 */
export interface LiveLayerTotals<T, Tally> {
  tally(entries: readonly T[]): Tally;
  toFrameFields(tally: Tally): LayerFrameFields;
}
