import type { LayerFrameFields } from '../fleets/live-layer';
import type { LiveChanges, LiveStateStore } from '../live-state/live-state-store';
import type { AreaView } from './map-area';

/** One layer's part of a client's next frame, already as frame fields. */
export interface LayerPart {
  /** The client must resync: the whole frame becomes a snapshot. */
  snapshot: boolean;
  empty: boolean;
  /** The layer version this part brings the client to. */
  version: number;
  fields: LayerFrameFields;
  /** A layer of several tables (ambulances: calls): the other tables' fields, kept apart so each encodes once. */
  moreFields?: LayerFrameFields[];
  /** Set when the part carries the layer's fleet-wide totals: their revision. */
  totalsRevision?: number;
  /** The totals' fields, shared by every client sent that revision (kept apart from `fields` so both encode once). */
  totals?: LayerFrameFields;
}

/** A part that turns the client's next frame into a snapshot. */
export const RESYNC: LayerPart = { snapshot: true, empty: false, version: 0, fields: {} };

/** What the gateway keeps about one client for one layer. */
export interface LayerSession {
  /** The layer version this client's last frame brought it to (bikes: also dates its fence counts and cells). */
  version: number;
  /**
   * Area clients only: per table of the layer, the ids the client holds, so one leaving the area is
   * listed as removed. At most the area's entities. Read through `heldIds`.
   */
  held: Map<string, Set<string>>;
  /** Revision of the fleet-wide totals last sent (0: none yet), and when. */
  totalsRevision: number;
  totalsSentAtMs: number;
  /** Layers that go as cells when zoomed out (bikes): the layer version and time of the cells last sent. */
  cellsVersion: number;
  cellsSentAtMs: number;
}

export const newLayerSession = (): LayerSession => ({ version: 0, held: new Map(), totalsRevision: 0, totalsSentAtMs: 0, cellsVersion: -1, cellsSentAtMs: 0 });

/** The ids of one table of the layer the client holds (LayerSession.held). */
export function heldIds(client: LayerSession, table: string): Set<string> {
  let ids = client.held.get(table);
  if (!ids) client.held.set(table, (ids = new Set()));
  return ids;
}

/**
 * How a layer's part of one client's frame is made, for the client's area (undefined: the whole
 * city): the layer's whole picture for a snapshot, else what changed since the client's last frame.
 */
export interface LayerView {
  snapshot(client: LayerSession, area: AreaView | undefined, nowMs: number): LayerPart;
  delta(client: LayerSession, area: AreaView | undefined, nowMs: number): LayerPart;
  /** Grid-cell computations since start, for a layer that goes as cells (bikes). */
  readonly cellComputations?: number;
}

/** A layer's changes since a version, computed once per layer version and shared by every client asking. */
export interface CachedChanges<T> {
  raw: LiveChanges<T>;
  /** The encoded part for whole-city clients, shared by every client at this version. */
  shared?: LayerPart;
}

/** What a layer's view reads: the layer, its changes shared between clients, and its encoding as a part. */
export interface SharedLayerChanges<T> {
  readonly store: LiveStateStore<T>;
  /** Valid while the layer's version does not move, i.e. within one tick. */
  since(version: number): CachedChanges<T>;
  part(changes: LiveChanges<T>): LayerPart;
}
