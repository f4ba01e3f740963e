import type { FeedHealth, LiveLayer } from '@urban-brain/proto';
import type { LayerTally, TotalsLayer } from '../fleets/live-fleet.registry';
import type { LayerFrameFields } from '../fleets/live-layer';
import type { FeedHealthTracker } from '../live-state/feed-health';
import { hasTotals, type FleetTotalsCache } from '../live-state/fleet-totals';
import type { LayerPart, LayerSession } from './layer-view';
import { LAYER_TOTALS_ENCODERS, encodeLiveFrame, joinLiveFrame } from './live-frame.encoder';
import type { LiveSession } from './live-session';

// Fleet-wide totals feed KPI tiles read from across a room: once a second is
// live enough, and an area client with nothing moving in its area is not sent a
// frame every tick just because a bike elsewhere changed state.
export const FLEET_TOTALS_EVERY_MS = 1_000;
// Feed health rides along once a second (with the heartbeat when nothing moves):
// the wall judges a fleet delayed after a few seconds of silence, so a second's
// resolution is enough, and it costs a few dozen bytes a second per client.
export const FEED_HEALTH_EVERY_MS = 1_000;

/**
 * Puts a client's frame together from its layers' parts, the fleet-wide totals and the feed's
 * health. Whatever many clients share (a layer's delta for whole-city clients, a totals revision,
 * a tick's feed health) is built and encoded once and joined into each client's frame as bytes.
 */
export class LiveFrameAssembler {
  // The totals as frame fields, per layer at its current revision: built once, shared by every client.
  private readonly totalsFields = new Map<TotalsLayer, { revision: number; fields: LayerFrameFields }>();
  // One feed-health reading per tick, shared by every client sent one then.
  private feedHealthAt: { atMs: number; health: FeedHealth } | undefined;
  // Frame fields as bytes, by the fields object: a part shared by many clients is encoded once.
  private readonly encodedFields = new WeakMap<LayerFrameFields, Uint8Array>();

  constructor(
    private readonly totals: FleetTotalsCache,
    private readonly feedHealth: FeedHealthTracker | undefined,
  ) {}

  // The layer's fleet-wide totals ride along with its part, whatever the
  // client's area: in every snapshot, otherwise when they changed since the
  // totals this client was last sent, at most once per FLEET_TOTALS_EVERY_MS. A
  // part asking for a resync turns the frame into a snapshot, which brings them anyway.
  withTotals(client: LayerSession, layer: LiveLayer, part: LayerPart, snapshot: boolean, nowMs: number): LayerPart {
    if (!hasTotals(layer) || (!snapshot && part.snapshot)) return part;
    if (!snapshot && nowMs - client.totalsSentAtMs < FLEET_TOTALS_EVERY_MS) return part;
    const { revision, tally } = this.totals.current(layer);
    if (!snapshot && client.totalsRevision === revision) return part;
    let shared = this.totalsFields.get(layer);
    if (shared?.revision !== revision) {
      const encode = LAYER_TOTALS_ENCODERS[layer] as (tally: LayerTally[TotalsLayer]) => LayerFrameFields;
      shared = { revision, fields: encode(tally) };
      this.totalsFields.set(layer, shared);
    }
    // A new part: `part` may be the delta shared by every whole-city client.
    return { ...part, empty: false, totalsRevision: revision, totals: shared.fields };
  }

  feedHealthDue(session: LiveSession, nowMs: number): boolean {
    return this.feedHealth !== undefined && nowMs - session.feedHealthSentAtMs >= FEED_HEALTH_EVERY_MS;
  }

  /** The client's frame of these parts; records in its session what the frame brings it to. */
  assemble(session: LiveSession, parts: { layer: LiveLayer; part: LayerPart }[], snapshot: boolean, nowMs: number): Uint8Array {
    session.frameSeq = (session.frameSeq + 1) >>> 0;
    session.lastSentAtMs = nowMs;
    const fieldSets: LayerFrameFields[] = [];
    for (const { layer, part } of parts) {
      const client = session.byLayer[layer];
      client.version = part.version;
      if (part.totalsRevision !== undefined) {
        client.totalsRevision = part.totalsRevision;
        client.totalsSentAtMs = nowMs;
      }
      fieldSets.push(part.fields);
      if (part.moreFields) fieldSets.push(...part.moreFields);
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

  private feedHealthNow(nowMs: number): FeedHealth | undefined {
    if (!this.feedHealth) return undefined;
    if (this.feedHealthAt?.atMs !== nowMs) this.feedHealthAt = { atMs: nowMs, health: this.feedHealth.snapshot(nowMs) };
    return this.feedHealthAt.health;
  }
}
