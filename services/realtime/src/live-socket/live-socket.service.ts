import { Injectable } from '@nestjs/common';
import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { FleetLiveState, type LiveLayerEntries } from '../live-state/fleet-live-state';
import type { LiveChanges } from '../live-state/live-state-store';
import { encodeLiveFrame, LAYER_FRAME_ENCODERS, type LayerFrameFields } from './live-frame.encoder';
import { parseSubscribeRequest } from './subscribe-request.parser';

// With nothing moving, an empty delta still goes out this often, so a client can
// tell "the city is quiet" from "the gateway is gone".
export const HEARTBEAT_EVERY_MS = 1_000;

interface LiveSession {
  layers: LiveLayer[];
  // Per layer, the state version this client's last frame brought it to: the
  // only per-client memory, so a slow client costs nothing while it is skipped.
  lastVersions: Record<LiveLayer, number>;
  frameSeq: number;
  lastSentAtMs: number;
}

/** One layer's catch-up for a client, already encoded into frame fields. */
interface PreparedChanges {
  snapshot: boolean;
  empty: boolean;
  version: number;
  fields: LayerFrameFields;
}

interface PreparedLayer {
  atVersion: number;
  byFromVersion: Map<number, PreparedChanges>;
}

const noVersions = (): Record<LiveLayer, number> => ({ trucks: 0, bikes: 0, boats: 0, corridors: 0 });

/** Per-client sessions: a snapshot on subscribe, then coalesced deltas since each client's last frame, for its layers only. */
@Injectable()
export class LiveSocketService {
  private readonly sessions = new Map<string, LiveSession>();
  // Clients served in the same tick usually sit at the same version of a layer;
  // their delta is computed and encoded once. Valid while that layer's version does not move.
  private readonly prepared = new Map<LiveLayer, PreparedLayer>(LIVE_LAYERS.map((layer) => [layer, { atVersion: -1, byFromVersion: new Map() }]));

  constructor(private readonly state: FleetLiveState) {}

  get subscriberCount(): number {
    return this.sessions.size;
  }

  isSubscribed(clientId: string): boolean {
    return this.sessions.has(clientId);
  }

  /** Validates the request and (re)starts the client's stream with a snapshot frame of its layers. */
  subscribe(clientId: string, request: unknown, nowMs: number): { layers: LiveLayer[]; frame: Uint8Array } {
    const { layers } = parseSubscribeRequest(request);
    const session: LiveSession = this.sessions.get(clientId) ?? { layers, lastVersions: noVersions(), frameSeq: 0, lastSentAtMs: 0 };
    session.layers = layers;
    this.sessions.set(clientId, session);
    const snapshots = layers.map((layer) => ({ layer, prepared: this.prepare(layer, this.snapshotOf(layer)) }));
    return { layers, frame: this.frameFor(session, snapshots, true, nowMs) };
  }

  /** The client's next frame, or null when it has nothing to learn and no heartbeat is due. */
  nextFrame(clientId: string, nowMs: number): Uint8Array | null {
    const session = this.sessions.get(clientId);
    if (!session) return null;
    const changes = session.layers.map((layer) => ({ layer, prepared: this.changesSince(layer, session.lastVersions[layer]) }));
    const empty = changes.every(({ prepared }) => prepared.empty);
    if (empty && nowMs - session.lastSentAtMs < HEARTBEAT_EVERY_MS) return null;
    // The frame's snapshot flag is per frame; a layer resynced on its own (a client
    // behind its removal log) is rare enough to resync every layer of that frame.
    const snapshot = changes.some(({ prepared }) => prepared.snapshot);
    const frameChanges = snapshot
      ? session.layers.map((layer) => ({ layer, prepared: this.prepare(layer, this.snapshotOf(layer)) }))
      : changes;
    return this.frameFor(session, frameChanges, snapshot, nowMs);
  }

  forget(clientId: string): void {
    this.sessions.delete(clientId);
  }

  private snapshotOf<L extends LiveLayer>(layer: L): LiveChanges<LiveLayerEntries[L]> {
    return this.state.layer(layer).snapshot();
  }

  private changesSince(layer: LiveLayer, version: number): PreparedChanges {
    const store = this.state.layer(layer);
    let cache = this.prepared.get(layer)!;
    if (cache.atVersion !== store.version) {
      cache = { atVersion: store.version, byFromVersion: new Map() };
      this.prepared.set(layer, cache);
    }
    let prepared = cache.byFromVersion.get(version);
    if (!prepared) {
      prepared = this.prepare(layer, store.changesSince(version));
      cache.byFromVersion.set(version, prepared);
    }
    return prepared;
  }

  private prepare<L extends LiveLayer>(layer: L, changes: LiveChanges<LiveLayerEntries[L]>): PreparedChanges {
    // TypeScript cannot tie the table's entry to L by itself; the table's type does.
    const encode = LAYER_FRAME_ENCODERS[layer] as (changes: LiveChanges<LiveLayerEntries[L]>) => LayerFrameFields;
    return {
      snapshot: changes.snapshot,
      empty: !changes.snapshot && changes.entries.length === 0 && changes.removedIds.length === 0,
      version: changes.version,
      fields: encode(changes),
    };
  }

  private frameFor(session: LiveSession, changes: { layer: LiveLayer; prepared: PreparedChanges }[], snapshot: boolean, nowMs: number): Uint8Array {
    session.frameSeq = (session.frameSeq + 1) >>> 0;
    session.lastSentAtMs = nowMs;
    let fields: LayerFrameFields = {};
    for (const { layer, prepared } of changes) {
      session.lastVersions[layer] = prepared.version;
      fields = { ...fields, ...prepared.fields };
    }
    return encodeLiveFrame({ frameSeq: session.frameSeq, sentAtMs: nowMs, snapshot, ...fields });
  }
}
