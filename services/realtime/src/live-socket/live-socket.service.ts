import { Inject, Injectable, Optional } from '@nestjs/common';
import { LIVE_LAYERS, type LiveLayer, type SubscriptionState } from '@urban-brain/proto';
import { FeedHealthTracker } from '../live-state/feed-health';
import { FleetLiveState } from '../live-state/fleet-live-state';
import { FleetTotalsCache } from '../live-state/fleet-totals';
import type { LayerPart, LayerView } from './layer-view';
import { createLayerViews } from './layer-views';
import { LiveFrameAssembler } from './live-frame.assembler';
import { newLiveSession, subscriptionStateOf, type LiveSession } from './live-session';
import { LiveSocketErrorCode, LiveSocketException } from './live-socket.exception';
import { areaView, type LiveViewOptions } from './map-area';
import { parseMapArea } from './map-area.parser';
import { parseSubscribeRequest } from './subscribe-request.parser';

// With nothing moving, an empty delta still goes out this often, so a client can
// tell "the city is quiet" from "the gateway is gone".
export const HEARTBEAT_EVERY_MS = 1_000;

export const LIVE_VIEW_OPTIONS = Symbol('LIVE_VIEW_OPTIONS');
export const DEFAULT_LIVE_VIEW_OPTIONS: LiveViewOptions = { bikePointsMinZoom: 14, bikeCellZoomOffset: 3 };

/**
 * Per-client sessions: a snapshot on subscribe and on every area change, then
 * coalesced deltas since each client's last frame, for its layers and its area.
 * Each layer's view (layer-views.ts) makes the client's part of it; the frame
 * assembler adds the fleet-wide totals and the feed's health and joins the parts.
 */
@Injectable()
export class LiveSocketService {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly views: Record<LiveLayer, LayerView>;
  private readonly totals: FleetTotalsCache;
  private readonly frames: LiveFrameAssembler;
  private readonly options: LiveViewOptions;

  constructor(
    state: FleetLiveState,
    @Optional() @Inject(LIVE_VIEW_OPTIONS) options?: LiveViewOptions,
    @Optional() feedHealth?: FeedHealthTracker,
  ) {
    this.options = options ?? DEFAULT_LIVE_VIEW_OPTIONS;
    this.views = createLayerViews(state);
    this.totals = new FleetTotalsCache(state);
    this.frames = new LiveFrameAssembler(this.totals, feedHealth);
  }

  get subscriberCount(): number {
    return this.sessions.size;
  }

  /** Bike cell computations since start: at most one per tick per cell zoom in use (bikes are the layer that goes as cells). */
  get bikeCellComputations(): number {
    return LIVE_LAYERS.reduce((sum, layer) => sum + (this.views[layer].cellComputations ?? 0), 0);
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
    const session = this.sessions.get(clientId) ?? newLiveSession(layers);
    session.layers = layers;
    session.area = area ? areaView(area, this.options) : undefined;
    session.snapshotDue = true;
    this.sessions.set(clientId, session);
    return subscriptionStateOf(session);
  }

  /** Moves a subscribed client to a new map area: its next frame is the snapshot of that area. */
  changeArea(clientId: string, payload: unknown): SubscriptionState {
    const area = parseMapArea(payload);
    const session = this.sessions.get(clientId);
    if (!session) throw new LiveSocketException(LiveSocketErrorCode.NOT_SUBSCRIBED, 'emit subscribe before area');
    session.area = areaView(area, this.options);
    session.snapshotDue = true;
    return subscriptionStateOf(session);
  }

  /** The client's next frame, or null when it has nothing to learn and no heartbeat is due. */
  nextFrame(clientId: string, nowMs: number): Uint8Array | null {
    const session = this.sessions.get(clientId);
    if (!session) return null;
    if (session.snapshotDue) return this.snapshotFrame(session, nowMs);
    const parts = this.partsOf(session, false, nowMs);
    // The frame's snapshot flag is per frame; a layer needing a resync (a client
    // behind its removal log) is rare enough to resync every layer of that frame.
    if (parts.some(({ part }) => part.snapshot)) return this.snapshotFrame(session, nowMs);
    if (parts.every(({ part }) => part.empty) && nowMs - session.lastSentAtMs < HEARTBEAT_EVERY_MS && !this.frames.feedHealthDue(session, nowMs)) return null;
    return this.frames.assemble(session, parts, false, nowMs);
  }

  forget(clientId: string): void {
    this.sessions.delete(clientId);
  }

  private snapshotFrame(session: LiveSession, nowMs: number): Uint8Array {
    session.snapshotDue = false;
    if (!session.area) for (const layer of LIVE_LAYERS) session.byLayer[layer].held.clear();
    return this.frames.assemble(session, this.partsOf(session, true, nowMs), true, nowMs);
  }

  private partsOf(session: LiveSession, snapshot: boolean, nowMs: number): { layer: LiveLayer; part: LayerPart }[] {
    return session.layers.map((layer) => {
      const client = session.byLayer[layer];
      const view = this.views[layer];
      const part = snapshot ? view.snapshot(client, session.area, nowMs) : view.delta(client, session.area, nowMs);
      return { layer, part: this.frames.withTotals(client, layer, part, snapshot, nowMs) };
    });
  }
}
