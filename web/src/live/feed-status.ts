import { FeedConsumerState, LIVE_LAYERS, type FeedHealth, type LiveLayer } from '@urban-brain/proto';

/** The gateway's newest feed-health reading and when this browser received it (its own clock). */
export interface FeedHealthSample {
  health: FeedHealth;
  receivedAtMs: number;
}

/**
 * flowing: the fleet's data arrives at its usual rate. delayed (amber): silent
 * longer than usual, or the gateway's Kafka consumer has lost its broker.
 * down (red): silent past the fleet's down limit. idle: nothing heard from the
 * fleet since the gateway started while its consumer is fine (a fleet switched
 * off), so nothing to judge. unknown: no reading from the gateway yet.
 */
export type FeedState = 'flowing' | 'delayed' | 'down' | 'idle' | 'unknown';

export interface FleetFeedVerdict {
  layer: LiveLayer;
  state: FeedState;
  /** How long the gateway has heard nothing from the fleet, ms; null when never since it started. */
  silentMs: number | null;
}

export interface FeedVerdict {
  /** The worst fleet's state. */
  state: FeedState;
  consumerHealthy: boolean;
  fleets: FleetFeedVerdict[];
  /** The fleets delayed or down, worst first. */
  affected: FleetFeedVerdict[];
}

const RANK: Record<FeedState, number> = { unknown: 0, idle: 1, flowing: 2, delayed: 3, down: 4 };
const UNKNOWN: FeedVerdict = { state: 'unknown', consumerHealthy: false, fleets: [], affected: [] };

/**
 * The one rule for "is this fleet's data delayed or down", used by the link
 * indicator and by the watch notices. Ages are the gateway's own (its clock
 * minus its clock), moved on by the time this browser has waited since the
 * reading, so clock skew between the machines does not count.
 */
export function judgeFeed(sample: FeedHealthSample | null, nowMs: number): FeedVerdict {
  if (!sample) return UNKNOWN;
  const { health } = sample;
  const gatewayNowMs = health.checkedAtMs + Math.max(0, nowMs - sample.receivedAtMs);
  const consumerQuietMs = health.consumerActiveAtMs > 0 ? gatewayNowMs - health.consumerActiveAtMs : Infinity;
  const consumerHealthy = health.consumerState === FeedConsumerState.CONSUMING && consumerQuietMs <= health.consumerStallAfterMs;

  // Only the fleets the wall shows (the contract's layers): a fleet the gateway reports but
  // this wall does not know (a newer gateway) must not turn the indicator red.
  const fleets = health.fleets
    .filter((fleet) => (LIVE_LAYERS as readonly string[]).includes(fleet.layer))
    .map((fleet): FleetFeedVerdict => {
      const layer = fleet.layer as LiveLayer;
      if (fleet.lastReceivedAtMs <= 0) return { layer, state: consumerHealthy ? 'idle' : 'delayed', silentMs: null };
      const silentMs = Math.max(0, gatewayNowMs - fleet.lastReceivedAtMs);
      let state: FeedState = silentMs > fleet.downAfterMs ? 'down' : silentMs > fleet.delayedAfterMs ? 'delayed' : 'flowing';
      // A consumer without its broker cannot be trusted to bring the next reading, however fresh the last one.
      if (state === 'flowing' && !consumerHealthy) state = 'delayed';
      return { layer, state, silentMs };
    });
  const affected = fleets.filter((fleet) => fleet.state === 'delayed' || fleet.state === 'down').sort((a, b) => RANK[b.state] - RANK[a.state]);
  const state = fleets.reduce<FeedState>((worst, fleet) => (RANK[fleet.state] > RANK[worst] ? fleet.state : worst), 'unknown');
  return { state, consumerHealthy, fleets, affected };
}

/** The fleet's verdict, or unknown when the gateway did not report it. */
export function fleetVerdict(verdict: FeedVerdict, layer: LiveLayer): FleetFeedVerdict {
  return verdict.fleets.find((fleet) => fleet.layer === layer) ?? { layer, state: 'unknown', silentMs: null };
}

/** Gateway time `gatewayMs` on this browser's clock, per the sample. */
export function onBrowserClock(sample: FeedHealthSample, gatewayMs: number): number {
  return gatewayMs - sample.health.checkedAtMs + sample.receivedAtMs;
}
