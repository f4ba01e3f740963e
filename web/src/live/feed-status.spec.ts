import { create } from '@bufbuild/protobuf';
import { effectScope, nextTick, shallowRef } from 'vue';
import { FeedConsumerState, FeedHealthSchema, LIVE_LAYERS, type LiveLayer } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { fleetVerdict, judgeFeed, type FeedHealthSample } from './feed-status';
import { useFeedStatus } from './use-feed-status';

// The gateway's clock runs 7 minutes ahead of the browser's: only differences of one clock may count.
const SKEW = 7 * 60_000;
const GATEWAY_T0 = Date.UTC(2025, 4, 1, 2, 0) + SKEW;
const BROWSER_T0 = Date.UTC(2025, 4, 1, 2, 0);
const LIMITS: Record<LiveLayer, [number, number]> = {
  trucks: [5_000, 15_000],
  bikes: [180_000, 900_000],
  boats: [5_000, 15_000],
  corridors: [10_000, 30_000],
  ambulances: [10_000, 30_000],
};

/**
 * A reading taken `atMs` after T0 on the gateway with each fleet last heard `silentMs[layer]`
 * before (null: never), arriving `atMs` after T0 in the browser; the consumer joined `joinedAgoMs` before T0.
 */
function sample(silentMs: Partial<Record<LiveLayer, number | null>>, consumer: Partial<{ state: FeedConsumerState; quietMs: number; joinedAgoMs: number }> = {}, atMs = 0): FeedHealthSample {
  const checkedAtMs = GATEWAY_T0 + atMs;
  const health = create(FeedHealthSchema, {
    checkedAtMs,
    consumerState: consumer.state ?? FeedConsumerState.CONSUMING,
    consumerActiveAtMs: checkedAtMs - (consumer.quietMs ?? 200),
    consumerJoinedAtMs: GATEWAY_T0 - (consumer.joinedAgoMs ?? 3_600_000),
    consumerStallAfterMs: 5_000,
    fleets: (Object.keys(LIMITS) as LiveLayer[]).map((layer) => {
      const silent = silentMs[layer] === undefined ? 300 : silentMs[layer];
      return { layer, lastReceivedAtMs: silent === null ? 0 : checkedAtMs - silent, newestRecordedAtMs: 0, delayedAfterMs: LIMITS[layer][0], downAfterMs: LIMITS[layer][1] };
    }),
  });
  return { health, receivedAtMs: BROWSER_T0 + atMs };
}

const states = (verdict: ReturnType<typeof judgeFeed>) => Object.fromEntries(verdict.fleets.map((fleet) => [fleet.layer, fleet.state]));

describe('judgeFeed: is a fleet’s data delayed or down', () => {
  it('is unknown before the gateway reported, flowing while every fleet is heard within its limit', () => {
    expect(judgeFeed(null, BROWSER_T0).state).toBe('unknown');
    const verdict = judgeFeed(sample({ bikes: 170_000 }), BROWSER_T0);
    expect(verdict).toMatchObject({ state: 'flowing', consumerHealthy: true, affected: [] });
    expect(fleetVerdict(verdict, 'bikes')).toEqual({ layer: 'bikes', state: 'flowing', silentMs: 170_000 });
  });

  it('judges each fleet by its own rate: seconds of silence for trucks, minutes for bikes', () => {
    const verdict = judgeFeed(sample({ trucks: 6_000, boats: 16_000, bikes: 200_000, corridors: 9_000 }), BROWSER_T0);
    expect(states(verdict)).toMatchObject({ trucks: 'delayed', boats: 'down', bikes: 'delayed', corridors: 'flowing' });
    expect(verdict.state).toBe('down');
    expect(verdict.affected.map((fleet) => fleet.layer)).toEqual(['boats', 'trucks', 'bikes']);
  });

  it('judges only the fleets the wall shows, whatever else the gateway reports', () => {
    // A newer gateway reports a fleet this wall does not know, down: it must not turn the indicator red.
    const reading = sample({});
    reading.health.fleets.push({ ...reading.health.fleets[0]!, layer: 'escalators', lastReceivedAtMs: reading.health.checkedAtMs - 600_000 });
    const verdict = judgeFeed(reading, BROWSER_T0);
    expect(verdict.fleets.map((fleet) => fleet.layer)).toEqual([...LIVE_LAYERS]);
    expect(verdict.state).toBe('flowing');
    // The ambulances are on the wall: their silence counts.
    expect(judgeFeed(sample({ ambulances: 60_000 }), BROWSER_T0).state).toBe('down');
  });

  it('ages the reading by the time the browser has waited since, whatever the clocks say', () => {
    const reading = sample({});
    expect(judgeFeed(reading, BROWSER_T0 + 4_000).state).toBe('flowing');
    // No newer reading for 6 s: the gateway may be stuck itself; the silence keeps growing.
    expect(fleetVerdict(judgeFeed(reading, BROWSER_T0 + 6_000), 'trucks')).toMatchObject({ state: 'delayed', silentMs: 6_300 });
    expect(fleetVerdict(judgeFeed(reading, BROWSER_T0 + 20_000), 'trucks').state).toBe('down');
  });

  it('calls fresh data delayed while the consumer has lost its broker', () => {
    const stalled = judgeFeed(sample({}, { quietMs: 6_000 }), BROWSER_T0);
    expect(stalled.consumerHealthy).toBe(false);
    // Every fleet the wall shows.
    expect(states(stalled)).toEqual(Object.fromEntries(LIVE_LAYERS.map((layer) => [layer, 'delayed'])));
    expect(judgeFeed(sample({}, { state: FeedConsumerState.CRASHED }), BROWSER_T0).state).toBe('delayed');
    expect(judgeFeed(sample({}, { state: FeedConsumerState.DISCONNECTED }), BROWSER_T0).state).toBe('delayed');
  });

  it('does not judge a fleet never heard from while the consumer is fine (a fleet switched off)', () => {
    const verdict = judgeFeed(sample({ boats: null }), BROWSER_T0);
    expect(fleetVerdict(verdict, 'boats')).toEqual({ layer: 'boats', state: 'idle', silentMs: null });
    expect(verdict.state).toBe('flowing');
    expect(fleetVerdict(judgeFeed(sample({ boats: null }, { state: FeedConsumerState.CONNECTING }), BROWSER_T0), 'boats').state).toBe('delayed');
  });
});

describe('useFeedStatus', () => {
  it('holds vehicle silence back while the feed is stalled and for the window after it flows again', async () => {
    const reading = shallowRef<FeedHealthSample | null>(sample({}));
    const now = shallowRef(BROWSER_T0);
    const scope = effectScope();
    const feed = scope.run(() => useFeedStatus(reading, now))!;
    const WINDOW = 60_000;
    expect(feed.verdict.value.state).toBe('flowing');
    expect(feed.holdsBackVehicleSilence('trucks', BROWSER_T0, WINDOW)).toBe(false);

    // The broker dies: nothing new from the trucks for 16 s.
    now.value = BROWSER_T0 + 16_000;
    await nextTick();
    expect(feed.verdict.value.state).toBe('down');
    expect(feed.holdsBackVehicleSilence('trucks', now.value, WINDOW)).toBe(true);

    // It is back: fresh readings, and the trucks get a staleness window to report before their silence is theirs.
    now.value = BROWSER_T0 + 30_000;
    reading.value = sample({}, {}, 30_000);
    await nextTick();
    expect(feed.verdict.value.state).toBe('flowing');
    expect(feed.holdsBackVehicleSilence('trucks', now.value + 1_000, WINDOW)).toBe(true);
    reading.value = sample({}, {}, 30_000 + WINDOW + 1_000);
    expect(feed.holdsBackVehicleSilence('trucks', BROWSER_T0 + 30_000 + WINDOW + 1_000, WINDOW)).toBe(false);
    scope.stop();
  });

  it('holds it back after the gateway’s consumer joined recently, even if this page never saw the outage', () => {
    const scope = effectScope();
    const reading = shallowRef(sample({}, { joinedAgoMs: 10_000 }));
    const feed = scope.run(() => useFeedStatus(reading, shallowRef(BROWSER_T0)))!;
    expect(feed.holdsBackVehicleSilence('trucks', BROWSER_T0, 60_000)).toBe(true);
    reading.value = sample({}, { joinedAgoMs: 10_000 }, 50_001);
    expect(feed.holdsBackVehicleSilence('trucks', BROWSER_T0 + 50_001, 60_000)).toBe(false);
    scope.stop();
  });
});
