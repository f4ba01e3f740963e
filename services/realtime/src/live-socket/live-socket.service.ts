import { Injectable } from '@nestjs/common';
import type { TruckColumns } from '@urban-brain/proto';
import type { LiveLayer } from '@urban-brain/proto';
import { TruckLiveState, type TruckChanges } from '../truck-state/truck-live-state';
import { encodeLiveFrame, toTruckColumns } from './live-frame.encoder';
import { parseSubscribeRequest } from './subscribe-request.parser';

// With nothing moving, an empty delta still goes out this often, so a client can
// tell "the city is quiet" from "the gateway is gone".
export const HEARTBEAT_EVERY_MS = 1_000;

interface LiveSession {
  layers: LiveLayer[];
  // The state version this client's last frame brought it to: the only per-client
  // memory, so a slow client costs nothing while it is skipped.
  lastVersion: number;
  frameSeq: number;
  lastSentAtMs: number;
}

interface PreparedChanges {
  changes: TruckChanges;
  columns: TruckColumns;
}

/** Per-client sessions: a snapshot on subscribe, then coalesced deltas since each client's last frame. */
@Injectable()
export class LiveSocketService {
  private readonly sessions = new Map<string, LiveSession>();
  // Clients served in the same tick usually sit at the same version; their
  // delta is computed once. Valid while the state version does not move.
  private prepared = { atVersion: -1, byFromVersion: new Map<number, PreparedChanges>() };

  constructor(private readonly state: TruckLiveState) {}

  get subscriberCount(): number {
    return this.sessions.size;
  }

  isSubscribed(clientId: string): boolean {
    return this.sessions.has(clientId);
  }

  /** Validates the request and (re)starts the client's stream with a snapshot frame. */
  subscribe(clientId: string, request: unknown, nowMs: number): { layers: LiveLayer[]; frame: Uint8Array } {
    const { layers } = parseSubscribeRequest(request);
    const session: LiveSession = this.sessions.get(clientId) ?? { layers, lastVersion: 0, frameSeq: 0, lastSentAtMs: 0 };
    session.layers = layers;
    this.sessions.set(clientId, session);
    const snapshot = this.state.snapshot();
    return { layers, frame: this.frameFor(session, { changes: snapshot, columns: toTruckColumns(snapshot.trucks) }, nowMs) };
  }

  /** The client's next frame, or null when it has nothing to learn and no heartbeat is due. */
  nextFrame(clientId: string, nowMs: number): Uint8Array | null {
    const session = this.sessions.get(clientId);
    if (!session) return null;
    const prepared = this.changesSince(session.lastVersion);
    const { changes } = prepared;
    const empty = !changes.snapshot && changes.trucks.length === 0 && changes.removedTruckIds.length === 0;
    if (empty && nowMs - session.lastSentAtMs < HEARTBEAT_EVERY_MS) return null;
    return this.frameFor(session, prepared, nowMs);
  }

  forget(clientId: string): void {
    this.sessions.delete(clientId);
  }

  private changesSince(version: number): PreparedChanges {
    if (this.prepared.atVersion !== this.state.version) {
      this.prepared = { atVersion: this.state.version, byFromVersion: new Map() };
    }
    let prepared = this.prepared.byFromVersion.get(version);
    if (!prepared) {
      const changes = this.state.changesSince(version);
      prepared = { changes, columns: toTruckColumns(changes.trucks) };
      this.prepared.byFromVersion.set(version, prepared);
    }
    return prepared;
  }

  private frameFor(session: LiveSession, { changes, columns }: PreparedChanges, nowMs: number): Uint8Array {
    session.frameSeq = (session.frameSeq + 1) >>> 0;
    session.lastVersion = changes.version;
    session.lastSentAtMs = nowMs;
    return encodeLiveFrame({
      frameSeq: session.frameSeq,
      sentAtMs: nowMs,
      snapshot: changes.snapshot,
      trucks: columns,
      removedTruckIds: changes.removedTruckIds,
    });
  }
}
