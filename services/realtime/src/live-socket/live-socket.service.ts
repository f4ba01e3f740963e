import { Inject, Injectable, Optional } from '@nestjs/common';
import { BikeView, LIVE_LAYERS, type FeedHealth, type LiveLayer, type SubscriptionState } from '@urban-brain/proto';
import { BikeCellCache } from '../fleets/bikes/bike-cells';
import { FeedHealthTracker } from '../live-state/feed-health';
import { FenceOccupancy, type FenceCount } from '../fleets/bikes/fence-occupancy';
import { FleetLiveState } from '../live-state/fleet-live-state';
import { FleetTotalsCache } from '../live-state/fleet-totals';
import type { LiveChanges } from '../live-state/live-state-store';
import { changesInArea } from './area-filter';
import { toBikeCellColumns, toFenceColumns } from '../fleets/bikes/bike-columns';
import type { LayerTally, LiveLayerEntries, TotalsLayer } from '../fleets/live-fleet.registry';
import type { LayerFrameFields } from '../fleets/live-layer';
import { LAYER_FRAME_ENCODERS, LAYER_TOTALS_ENCODERS, encodeLiveFrame, joinLiveFrame } from './live-frame.encoder';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';
import { areaView, contains, type AreaView, type LiveViewOptions } from './map-area';
import { parseMapArea } from './map-area.parser';
import { parseSubscribeRequest } from './subscribe-request.parser';

// With nothing moving, an empty delta still goes out this often, so a client can
// tell "the city is quiet" from "the gateway is gone".
export const HEARTBEAT_EVERY_MS = 1_000;
// Bike cells are resent whole (a few hundred entries); a density view refreshed
// once a second reads as live, and ten times less of it crosses the wire.
export const BIKE_CELLS_EVERY_MS = 1_000;
// Fleet-wide totals feed KPI tiles read from across a room: once a second is
// live enough, and an area client with nothing moving in its area is not sent a
// frame every tick just because a bike elsewhere changed state.
export const FLEET_TOTALS_EVERY_MS = 1_000;
// Feed health rides along once a second (with the heartbeat when nothing moves):
// the wall judges a fleet delayed after a few seconds of silence, so a second's
// resolution is enough, and it costs a few dozen bytes a second per client.
export const FEED_HEALTH_EVERY_MS = 1_000;

export const LIVE_VIEW_OPTIONS = Symbol('LIVE_VIEW_OPTIONS');
export const DEFAULT_LIVE_VIEW_OPTIONS: LiveViewOptions = { bikePointsMinZoom: 14, bikeCellZoomOffset: 3 };

type PositionedLayer = 'trucks' | 'bikes' | 'boats';
const ID_OF: { [L in PositionedLayer]: (entry: LiveLayerEntries[L]) => string } = {
  trucks: (truck) => truck.truckId,
  bikes: (bike) => bike.bikeId,
  boats: (boat) => boat.boatId,
};

interface LiveSession {
  layers: LiveLayer[];
  /** Unset: the whole city, bikes as points (what the wall starts with). */
  view: AreaView | undefined;
  // Per layer, the state version this client's last frame brought it to. For
  // the bike layer it also dates the fence counts and cells the client holds.
  lastVersions: Record<LiveLayer, number>;
  // Area clients only: the ids each positioned layer holds, so an entity
  // leaving the area can be listed as removed. At most the area's entities.
  held: Record<PositionedLayer, Set<string>>;
  cellsVersion: number;
  cellsSentAtMs: number;
  // Per positioned layer, the revision of the fleet-wide totals last sent (0 = none yet) and when.
  totalsRevisions: Record<TotalsLayer, number>;
  totalsSentAtMs: Record<TotalsLayer, number>;
  feedHealthSentAtMs: number;
  // Set by subscribe and area: the next frame is a snapshot. Sent by the tick
  // path like any frame, so a client spamming area changes without reading
  // still has at most one frame waiting, and costs one snapshot per frame sent.
  snapshotDue: boolean;
  frameSeq: number;
  lastSentAtMs: number;
}

/** One layer's part of a client's next frame, already as frame fields. */
interface LayerPart {
  /** The client must resync: the whole frame becomes a snapshot. */
  snapshot: boolean;
  empty: boolean;
  version: number;
  fields: LayerFrameFields;
  /** Set when the part carries the layer's fleet-wide totals: their revision. */
  totalsRevision?: number;
  /** The totals' fields, shared by every client sent that revision (kept apart from `fields` so both encode once). */
  totals?: LayerFrameFields;
}

interface CachedChanges {
  raw: LiveChanges<unknown>;
  // The encoded part for whole-city clients, shared by every client at this version.
  shared?: LayerPart;
}

interface CachedLayer {
  atVersion: number;
  byFromVersion: Map<number, CachedChanges>;
}

const RESYNC: LayerPart = { snapshot: true, empty: false, version: 0, fields: {} };
const noVersions = (): Record<LiveLayer, number> => ({ trucks: 0, bikes: 0, boats: 0, corridors: 0 });
const noTotals = (): Record<TotalsLayer, number> => ({ trucks: 0, bikes: 0, boats: 0 });
const noHeld = (): Record<PositionedLayer, Set<string>> => ({ trucks: new Set(), bikes: new Set(), boats: new Set() });

/**
 * Per-client sessions: a snapshot on subscribe and on every area change, then
 * coalesced deltas since each client's last frame, for its layers and its area.
 * Whole-city clients share one encoded delta per (layer, version they are at);
 * area clients share the unencoded changes and cut them to their area.
 * Every client of a positioned layer also gets that layer's fleet-wide totals,
 * whatever its area: one tally and one message per layer version, shared by all.
 */
@Injectable()
export class LiveSocketService {
  private readonly sessions = new Map<string, LiveSession>();
  // Valid while the layer's version does not move, i.e. within one tick.
  private readonly cache = new Map<LiveLayer, CachedLayer>(LIVE_LAYERS.map((layer) => [layer, { atVersion: -1, byFromVersion: new Map() }]));
  private readonly cells: BikeCellCache;
  private readonly fences: FenceOccupancy;
  private readonly totals: FleetTotalsCache;
  // The totals as frame fields, per layer at its current revision: built once, shared by every client.
  private readonly totalsFields = new Map<TotalsLayer, { revision: number; fields: LayerFrameFields }>();
  private readonly options: LiveViewOptions;
  // One feed-health reading per tick, shared by every client sent one then.
  private feedHealthAt: { atMs: number; health: FeedHealth } | undefined;
  // Frame fields as bytes, by the fields object: a part shared by many clients is encoded once.
  private readonly encodedFields = new WeakMap<LayerFrameFields, Uint8Array>();

  constructor(
    private readonly state: FleetLiveState,
    @Optional() @Inject(LIVE_VIEW_OPTIONS) options?: LiveViewOptions,
    @Optional() private readonly feedHealth?: FeedHealthTracker,
  ) {
    this.options = options ?? DEFAULT_LIVE_VIEW_OPTIONS;
    this.cells = new BikeCellCache(state.layer('bikes'), BIKE_CELLS_EVERY_MS);
    this.fences = new FenceOccupancy(state.layer('bikes'));
    this.totals = new FleetTotalsCache(state);
  }

  get subscriberCount(): number {
    return this.sessions.size;
  }

  /** Bike cell computations since start: at most one per tick per cell zoom in use. */
  get bikeCellComputations(): number {
    return this.cells.computations;
  }

  /** Fleet-wide tallies since start: at most one per layer version, whatever the number of clients. */
  get fleetTotalsComputations(): number {
    return this.totals.computations;
  }

  isSubscribed(clientId: string): boolean {
    return this.sessions.has(clientId);
  }

  /** Validates the request and (re)starts the client's stream: its next frame is a snapshot of its layers and area. */
  subscribe(clientId: string, request: unknown): SubscriptionState {
    const { layers, area } = parseSubscribeRequest(request);
    const session = this.sessions.get(clientId) ?? newSession(layers);
    session.layers = layers;
    session.view = area ? areaView(area, this.options) : undefined;
    session.snapshotDue = true;
    this.sessions.set(clientId, session);
    return stateOf(session);
  }

  /** Moves a subscribed client to a new map area: its next frame is the snapshot of that area. */
  changeArea(clientId: string, payload: unknown): SubscriptionState {
    const area = parseMapArea(payload);
    const session = this.sessions.get(clientId);
    if (!session) throw new LiveSocketException(LiveSocketErrorCode.NOT_SUBSCRIBED, 'emit subscribe before area');
    session.view = areaView(area, this.options);
    session.snapshotDue = true;
    return stateOf(session);
  }

  /** The client's next frame, or null when it has nothing to learn and no heartbeat is due. */
  nextFrame(clientId: string, nowMs: number): Uint8Array | null {
    const session = this.sessions.get(clientId);
    if (!session) return null;
    if (session.snapshotDue) return this.snapshotFrame(session, nowMs);
    const parts = session.layers.map((layer) => ({ layer, part: this.withTotals(session, layer, this.deltaOf(session, layer, nowMs), false, nowMs) }));
    // The frame's snapshot flag is per frame; a layer needing a resync (a client
    // behind its removal log) is rare enough to resync every layer of that frame.
    if (parts.some(({ part }) => part.snapshot)) return this.snapshotFrame(session, nowMs);
    if (parts.every(({ part }) => part.empty) && nowMs - session.lastSentAtMs < HEARTBEAT_EVERY_MS && !this.feedHealthDue(session, nowMs)) return null;
    return this.frameFor(session, parts, false, nowMs);
  }

  forget(clientId: string): void {
    this.sessions.delete(clientId);
  }

  private snapshotFrame(session: LiveSession, nowMs: number): Uint8Array {
    session.snapshotDue = false;
    if (!session.view) for (const ids of Object.values(session.held)) ids.clear();
    const parts = session.layers.map((layer) => ({ layer, part: this.withTotals(session, layer, this.snapshotOf(session, layer, nowMs), true, nowMs) }));
    return this.frameFor(session, parts, true, nowMs);
  }

  // The layer's fleet-wide totals ride along with its part, whatever the
  // client's area: in every snapshot, otherwise when they changed since the
  // totals this client was last sent, at most once per FLEET_TOTALS_EVERY_MS. A
  // part asking for a resync turns the frame into a snapshot, which brings them anyway.
  private withTotals(session: LiveSession, layer: LiveLayer, part: LayerPart, snapshot: boolean, nowMs: number): LayerPart {
    if (layer === 'corridors' || (!snapshot && part.snapshot)) return part;
    if (!snapshot && nowMs - session.totalsSentAtMs[layer] < FLEET_TOTALS_EVERY_MS) return part;
    const { revision, tally } = this.totals.current(layer);
    if (!snapshot && session.totalsRevisions[layer] === revision) return part;
    let shared = this.totalsFields.get(layer);
    if (shared?.revision !== revision) {
      const encode = LAYER_TOTALS_ENCODERS[layer] as (tally: LayerTally[TotalsLayer]) => LayerFrameFields;
      shared = { revision, fields: encode(tally) };
      this.totalsFields.set(layer, shared);
    }
    // A new part: `part` may be the delta shared by every whole-city client.
    return { ...part, empty: false, totalsRevision: revision, totals: shared.fields };
  }

  private snapshotOf(session: LiveSession, layer: LiveLayer, nowMs: number): LayerPart {
    const view = session.view;
    if (layer === 'bikes') {
      const bikes = this.state.layer('bikes').snapshot();
      const fences = this.fences.snapshot();
      if (!view) return this.bikePointsPart(bikes, fences);
      const fencesInArea = fences.filter((fence) => contains(view.bounds, fence.lon, fence.lat));
      if (view.bikeView === 'cells') return this.bikeCellsPart(session, view, fencesInArea, nowMs, true);
      return this.bikePointsPart(changesInArea(bikes, view.bounds, session.held.bikes, ID_OF.bikes), fencesInArea);
    }
    if (!view || layer === 'corridors') return this.part(layer, this.state.layer(layer).snapshot());
    return this.areaPart(session, view, layer, this.state.layer(layer).snapshot());
  }

  private deltaOf(session: LiveSession, layer: LiveLayer, nowMs: number): LayerPart {
    const since = session.lastVersions[layer];
    const view = session.view;
    if (layer === 'bikes') return this.bikesDelta(session, view, since, nowMs);
    const cached = this.cachedChanges(layer, since);
    // Corridors carry no position (a corridor is a line from the city pack): every client gets all of them.
    if (!view || layer === 'corridors') return (cached.shared ??= this.part(layer, cached.raw as LiveChanges<LiveLayerEntries[typeof layer]>));
    if (cached.raw.snapshot) return RESYNC;
    return this.areaPart(session, view, layer, cached.raw as LiveChanges<LiveLayerEntries[typeof layer]>);
  }

  private bikesDelta(session: LiveSession, view: AreaView | undefined, since: number, nowMs: number): LayerPart {
    if (!view) {
      // Fence counts are a function of the bike version too, so whole-city clients share them with the bikes.
      const cached = this.cachedChanges('bikes', since);
      if (!cached.shared) {
        const fenceChanges = this.fences.changesSince(since);
        cached.shared = fenceChanges.snapshot ? RESYNC : this.bikePointsPart(cached.raw as LiveChanges<LiveLayerEntries['bikes']>, fenceChanges.fences);
      }
      return cached.shared;
    }
    const fenceChanges = this.fences.changesSince(since);
    if (fenceChanges.snapshot) return RESYNC;
    const fences = fenceChanges.fences.filter((fence) => contains(view.bounds, fence.lon, fence.lat));
    if (view.bikeView === 'cells') return this.bikeCellsPart(session, view, fences, nowMs, false);
    const raw = this.cachedChanges('bikes', since).raw as LiveChanges<LiveLayerEntries['bikes']>;
    if (raw.snapshot) return RESYNC;
    return this.bikePointsPart(changesInArea(raw, view.bounds, session.held.bikes, ID_OF.bikes), fences);
  }

  private bikePointsPart(changes: LiveChanges<LiveLayerEntries['bikes']>, fences: FenceCount[]): LayerPart {
    const part = this.part('bikes', changes);
    part.fields = { ...part.fields, fences: toFenceColumns(fences), bikeView: BikeView.POINTS };
    part.empty &&= fences.length === 0;
    return part;
  }

  // Cells replace the client's previous cells whole, so they go out only when
  // the bike layer moved since the client's last cells, and at most once per BIKE_CELLS_EVERY_MS.
  private bikeCellsPart(session: LiveSession, view: AreaView, fences: FenceCount[], nowMs: number, snapshot: boolean): LayerPart {
    const version = this.state.layer('bikes').version;
    const due = snapshot || (session.cellsVersion !== version && nowMs - session.cellsSentAtMs >= BIKE_CELLS_EVERY_MS);
    const fields: LayerFrameFields = { fences: toFenceColumns(fences), bikeView: BikeView.CELLS };
    if (due) {
      fields.bikeCells = toBikeCellColumns(this.cells.cellsAt(view.cellZoom, nowMs).filter((cell) => contains(view.bounds, cell.lon, cell.lat)));
      session.cellsVersion = version;
      session.cellsSentAtMs = nowMs;
    }
    session.held.bikes.clear();
    return { snapshot: false, empty: !due && fences.length === 0, version, fields };
  }

  private areaPart<L extends PositionedLayer>(session: LiveSession, view: AreaView, layer: L, changes: LiveChanges<LiveLayerEntries[L]>): LayerPart {
    const idOf = ID_OF[layer] as (entry: LiveLayerEntries[L]) => string;
    return this.part(layer, changesInArea(changes, view.bounds, session.held[layer], idOf));
  }

  private cachedChanges(layer: LiveLayer, since: number): CachedChanges {
    const store = this.state.layer(layer);
    let cache = this.cache.get(layer)!;
    if (cache.atVersion !== store.version) {
      cache = { atVersion: store.version, byFromVersion: new Map() };
      this.cache.set(layer, cache);
    }
    let cached = cache.byFromVersion.get(since);
    if (!cached) {
      cached = { raw: store.changesSince(since) };
      cache.byFromVersion.set(since, cached);
    }
    return cached;
  }

  private part<L extends LiveLayer>(layer: L, changes: LiveChanges<LiveLayerEntries[L]>): LayerPart {
    // TypeScript cannot tie the table's entry to L by itself; the table's type does.
    const encode = LAYER_FRAME_ENCODERS[layer] as (changes: LiveChanges<LiveLayerEntries[L]>) => LayerFrameFields;
    return {
      snapshot: changes.snapshot,
      empty: !changes.snapshot && changes.entries.length === 0 && changes.removedIds.length === 0,
      version: changes.version,
      fields: encode(changes),
    };
  }

  private frameFor(session: LiveSession, parts: { layer: LiveLayer; part: LayerPart }[], snapshot: boolean, nowMs: number): Uint8Array {
    session.frameSeq = (session.frameSeq + 1) >>> 0;
    session.lastSentAtMs = nowMs;
    const fieldSets: LayerFrameFields[] = [];
    for (const { layer, part } of parts) {
      session.lastVersions[layer] = part.version;
      if (part.totalsRevision !== undefined) {
        session.totalsRevisions[layer as TotalsLayer] = part.totalsRevision;
        session.totalsSentAtMs[layer as TotalsLayer] = nowMs;
      }
      fieldSets.push(part.fields);
      if (part.totals) fieldSets.push(part.totals);
    }
    const feedHealth = snapshot || this.feedHealthDue(session, nowMs) ? this.feedHealthNow(nowMs) : undefined;
    if (feedHealth) session.feedHealthSentAtMs = nowMs;
    // The parts shared by whole-city clients are encoded once (cached by object) and joined per client.
    return joinLiveFrame({ frameSeq: session.frameSeq, sentAtMs: nowMs, snapshot, feedHealth }, fieldSets.map((fields) => this.frameFieldBytes(fields)));
  }

  private frameFieldBytes(fields: LayerFrameFields): Uint8Array {
    let bytes = this.encodedFields.get(fields);
    if (!bytes) this.encodedFields.set(fields, (bytes = encodeLiveFrame(fields)));
    return bytes;
  }

  private feedHealthDue(session: LiveSession, nowMs: number): boolean {
    return this.feedHealth !== undefined && nowMs - session.feedHealthSentAtMs >= FEED_HEALTH_EVERY_MS;
  }

  private feedHealthNow(nowMs: number): FeedHealth | undefined {
    if (!this.feedHealth) return undefined;
    if (this.feedHealthAt?.atMs !== nowMs) this.feedHealthAt = { atMs: nowMs, health: this.feedHealth.snapshot(nowMs) };
    return this.feedHealthAt.health;
  }
}

function newSession(layers: LiveLayer[]): LiveSession {
  return {
    layers,
    view: undefined,
    lastVersions: noVersions(),
    held: noHeld(),
    cellsVersion: -1,
    cellsSentAtMs: 0,
    totalsRevisions: noTotals(),
    totalsSentAtMs: noTotals(),
    feedHealthSentAtMs: 0,
    snapshotDue: true,
    frameSeq: 0,
    lastSentAtMs: 0,
  };
}

function stateOf(session: LiveSession): SubscriptionState {
  return { layers: session.layers, bikeView: session.view?.bikeView ?? 'points' };
}
