import type { MessageInitShape } from '@bufbuild/protobuf';
import type { LiveFrameSchema } from '@urban-brain/proto';
import type { LayerView, SharedLayerChanges } from '../live-socket/layer-view';
import type { LiveChanges } from '../live-state/live-state-store';
import type { LiveTable, LiveTableEntries } from './live-fleet.registry';

/**
 * The LiveFrame fields a layer's part of a frame fills: its columns and removed ids, anything else
 * it sends along (bikes: cells, fence counts, the view), its fleet-wide totals. Everything but the
 * frame's own header.
 */
export type LayerFrameFields = Omit<MessageInitShape<typeof LiveFrameSchema>, '$typeName' | 'frameSeq' | 'sentAtMs' | 'snapshot' | 'feedHealth'>;

/** What the gateway needs to know about one table of a live layer to show it: one per table, in the fleet's folder. */
export interface LiveLayerEntry<T> {
  // Method syntax on purpose: an entry of one entity type then fits where LiveLayerEntry<unknown> is expected.
  /**
   * The id of an entry with a position (lon, lat): an area client is sent the entries of its area
   * and keeps their ids. Unset: the table has no position and always comes whole (corridors, whose
   * lines come from the city pack).
   */
  idOf?(entry: T): string;
  /** The table's changes as the frame fields they fill: its columns and its removed ids. */
  toFrameFields(changes: LiveChanges<T>): LayerFrameFields;
  /**
   * Whether an entry has ended (a closed call): it is then sent as removed, but held on until it
   * goes stale so that a late message about it cannot bring it back (LiveTableOptions.hasEnded).
   */
  hasEnded?(entry: T): boolean;
  /**
   * How a client's part of the layer is made, when not as its tables' entries cut to the client's
   * area (bikes: points or cells, with fence counts). On a layer's own table only.
   */
  view?(changes: SharedLayerChanges<T>): LayerView;
}

/** The entries held in any live table, for totals that count more than their layer's own table. */
export type LiveTableReader = <T extends LiveTable>(table: T) => readonly LiveTableEntries[T][];

/**
 * A layer's fleet-wide figures (the wall's KPI tiles): tallied from the whole layer, sent to every
 * client of the layer whatever its area.
 */
export interface LiveLayerTotals<T, Tally> {
  /** From the entries of the layer's own table; `tables` reads the layer's other tables. */
  tally(entries: readonly T[], tables: LiveTableReader): Tally;
  toFrameFields(tally: Tally): LayerFrameFields;
}
