import { computed, watch, type ComputedRef, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import { LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { fleetVerdict, judgeFeed, onBrowserClock, type FeedHealthSample, type FeedVerdict } from './feed-status';

export interface FeedStatus {
  /** The verdict at the `now` ref: what the indicator shows. */
  readonly verdict: ComputedRef<FeedVerdict>;
  /** The verdict at any instant (a notice pass runs on its own timer). */
  verdictAt(nowMs: number): FeedVerdict;
  /**
   * True while a vehicle of this fleet falling silent says nothing about the
   * vehicle: the fleet's feed is delayed or down, or came back less than
   * `windowMs` ago (a vehicle's own staleness window), so its readings may not
   * all have arrived yet. Per-vehicle "no GPS fix" notices are held back then.
   */
  holdsBackVehicleSilence(layer: LiveLayer, nowMs: number, windowMs: number): boolean;
}

export const FEED_STATUS: InjectionKey<FeedStatus> = Symbol('feed-status');

/**
 * The wall's one view of "is data flowing", from the gateway's feed-health
 * readings (`sample`) and a clock (`now`). Remembers when each fleet's feed
 * last came back, seen at the `now` ref's pace, so the vehicles are given the
 * time to report before their silence becomes their own.
 */
export function useFeedStatus(sample: ShallowRef<FeedHealthSample | null>, now: Ref<number>): FeedStatus {
  const verdictAt = (nowMs: number) => judgeFeed(sample.value, nowMs);
  const verdict = computed(() => verdictAt(now.value));
  const flowingAgainAt = new Map<LiveLayer, number>();

  watch(verdict, (next, previous) => {
    for (const layer of LIVE_LAYERS) {
      const was = previous ? fleetVerdict(previous, layer).state : 'unknown';
      if (fleetVerdict(next, layer).state === 'flowing' && (was === 'delayed' || was === 'down')) flowingAgainAt.set(layer, now.value);
    }
  });

  const holdsBackVehicleSilence = (layer: LiveLayer, nowMs: number, windowMs: number): boolean => {
    const current = sample.value;
    const state = fleetVerdict(verdictAt(nowMs), layer).state;
    if (state === 'delayed' || state === 'down') return true;
    // The gateway's consumer (re)joined its group recently: it reads from the newest offsets, so
    // vehicles show up only as they next report (a page loaded right after an outage never saw it).
    const joinedAt = current && current.health.consumerJoinedAtMs > 0 ? onBrowserClock(current, current.health.consumerJoinedAtMs) : -Infinity;
    const since = Math.max(flowingAgainAt.get(layer) ?? -Infinity, joinedAt);
    return nowMs - since < windowMs;
  };

  return { verdict, verdictAt, holdsBackVehicleSilence };
}
