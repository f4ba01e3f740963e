import { effectScope, shallowRef } from 'vue';
import { BikeEventKind, BoatTaskState } from '@urban-brain/proto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CityPlaces } from '../dashboard/use-city-places';
import { boatRow, corridorRow, fakeLiveFrames } from '../entity/entity-fixtures';
import { applyLocale } from '../i18n/strings';
import { applyFrameToTables } from '../live/live-tables';
import { liveFrame } from '../live/live-frame.fixtures';
import { create } from '@bufbuild/protobuf';
import { FeedConsumerState, FeedHealthSchema } from '@urban-brain/proto';
import { judgeFeed } from '../live/feed-status';
import { useFeedStatus } from '../live/use-feed-status';
import { deriveFeedOutageNotice, deriveWatchNotices } from './derive-watch-notices';
import { NoticeFeed } from './notice-feed';
import type { NoticeCondition } from './notice';
import { noticePlaceText, noticeText } from './notice-text';
import { useWatchNotices } from './use-watch-notices';

const NOW = Date.UTC(2025, 4, 1, 2, 0);
const places = {
  districts: [{ id: 'district:dongxing', name: 'Dongxing', nameZh: '东兴区', ring: [[105, 29.5], [105.1, 29.5], [105.1, 29.6], [105, 29.6], [105, 29.5]] as [number, number][], bounds: [105, 29.5, 105.1, 29.6] as [number, number, number, number] }],
  corridorNames: new Map([['corridor:beihuan-east', { name: 'Beihuan Road (east)', nameZh: '北环路（东段）' }]]),
};

function bikes(live: ReturnType<typeof fakeLiveFrames>, total: number, outside: number) {
  const ids = Array.from({ length: total }, (_, i) => `bike-${i}`);
  live.tables.bikes.apply(true, [], ids, {
    lon: ids.map(() => 105.05),
    lat: ids.map(() => 29.55),
    inFence: ids.map((_, i) => (i < outside ? 0 : 1)),
    isEbike: ids.map(() => 0),
    batteryPct: ids.map(() => 0),
    lastEvent: ids.map(() => BikeEventKind.TRIP_END),
  });
}

describe('watch notices derived from live data', () => {
  afterEach(() => applyLocale('en'));

  it('finds broken waves, dark intersections, low boats, bikes outside fences and silent trucks', () => {
    const live = fakeLiveFrames();
    // A snapshot frame resets every table: the trucks first, then the other layers.
    applyFrameToTables(
      liveFrame({
        snapshot: true,
        trucks: [
          { id: 'truck-001', lon: 105.05, lat: 29.55, recordedAtMs: NOW - 2 * 60_000 },
          { id: 'truck-002', lon: 105.05, lat: 29.55, recordedAtMs: NOW - 1_000 },
        ],
      }),
      live.tables,
    );

    live.tables.corridors.apply(true, [], ['corridor:beihuan-east'], corridorRow({ arrivalsOnGreenPct: 42, travelTimeRatio: 1.1, observedAtMs: NOW - 30_000 }));
    live.tables.corridors.apply(false, [], ['corridor:x'], corridorRow({ arrivalsOnGreenPct: 90, observedAtMs: NOW, darkIntersections: 2, intersections: 9 }));
    live.tables.corridors.apply(false, [], ['corridor:slow'], corridorRow({ arrivalsOnGreenPct: 75, travelTimeRatio: 1.45, observedAtMs: NOW }));
    live.tables.corridors.apply(false, [], ['corridor:fine'], corridorRow({ arrivalsOnGreenPct: 75, travelTimeRatio: 1.1, observedAtMs: NOW }));
    live.tables.corridors.apply(false, [], ['corridor:unobserved'], corridorRow({ arrivalsOnGreenPct: 0 }));
    live.tables.corridors.apply(false, [], ['corridor:empty-window'], corridorRow({ arrivalsOnGreenPct: 0, travelTimeRatio: 0, observedAtMs: NOW }));
    live.tables.boats.apply(true, [], ['boat-01'], boatRow({ batteryPct: 8 }));
    live.tables.boats.apply(false, [], ['boat-02'], boatRow({ batteryPct: 15, taskState: BoatTaskState.CHARGING }));
    live.tables.boats.apply(false, [], ['boat-03'], boatRow({ batteryPct: 18 }));
    bikes(live, 100, 12);
    const found = deriveWatchNotices(live.tables, NOW, places, true);
    const byKey = new Map(found.map((n) => [n.key, n]));
    expect([...byKey.keys()].sort()).toEqual(
      ['bikes-outside', 'boat-battery:boat-01', 'boat-battery:boat-03', 'dark:corridor:x', 'stale-gps:truck-001', 'wave-broken:corridor:beihuan-east', 'wave-broken:corridor:slow'].sort(),
    );
    expect(byKey.get('boat-battery:boat-01')!.severity).toBe('critical');
    expect(byKey.get('dark:corridor:x')!.severity).toBe('critical');
    expect(byKey.get('stale-gps:truck-001')!.place).toEqual({ name: places.districts[0] });

    // On a dead link the trucks' silence is not news of their own.
    expect(deriveWatchNotices(live.tables, NOW, places, false).some((n) => n.fleet === 'trucks')).toBe(false);
  });

  it('stays quiet for a fleet under its thresholds', () => {
    const live = fakeLiveFrames();
    bikes(live, 100, 8);
    live.tables.boats.apply(true, [], ['boat-01'], boatRow({ batteryPct: 60 }));
    expect(deriveWatchNotices(live.tables, NOW, places, true)).toEqual([]);
  });

  it('words a notice in the wall language, with its place', () => {
    const live = fakeLiveFrames();
    live.tables.corridors.apply(true, [], ['corridor:beihuan-east'], corridorRow({ arrivalsOnGreenPct: 42, travelTimeRatio: 1.1, observedAtMs: NOW }));
    const [condition] = deriveWatchNotices(live.tables, NOW, places, true);
    const notice = { ...condition!, atMs: NOW, source: 'derived' as const };
    expect(noticeText(notice)).toBe('Wave broken: 42% arrivals on green, travel time ×1.10');
    expect(noticePlaceText(notice)).toBe('Beihuan Road (east)');
    applyLocale('zh-CN');
    expect(noticeText(notice)).toBe('绿波中断：绿灯到达率 42%，行程时间比 ×1.10');
    expect(noticePlaceText(notice)).toBe('北环路（东段）');
  });
});

describe('the notice feed', () => {
  const condition = (key: string, severity: NoticeCondition['severity'] = 'warning'): NoticeCondition => ({
    key,
    fleet: 'boats',
    severity,
    place: { known: 'lake' },
    entityId: null,
    message: { kind: 'boatBattery', batteryPct: 15 },
  });

  it('keeps when a condition was first seen, lists the newest first and drops ended ones', () => {
    const feed = new NoticeFeed();
    feed.syncDerived([condition('a')], 1_000);
    feed.syncDerived([condition('a'), condition('b')], 2_000);
    expect(feed.list().map((n) => [n.key, n.atMs])).toEqual([
      ['b', 2_000],
      ['a', 1_000],
    ]);
    feed.syncDerived([condition('b')], 3_000);
    expect(feed.list().map((n) => n.key)).toEqual(['b']);
  });

  it('holds alerts pushed from outside beside derived notices, and keeps them across passes', () => {
    const feed = new NoticeFeed();
    feed.push({ ...condition('alert:1', 'critical'), atMs: 5_000 });
    feed.syncDerived([condition('a')], 6_000);
    feed.syncDerived([], 7_000);
    expect(feed.list().map((n) => [n.key, n.source])).toEqual([['alert:1', 'alert']]);
  });

  it('is bounded: the oldest leave first', () => {
    const feed = new NoticeFeed(3);
    for (let i = 0; i < 10; i++) feed.push({ ...condition(`k${i}`), atMs: i });
    expect(feed.list().map((n) => n.key)).toEqual(['k9', 'k8', 'k7']);
  });
});

describe('useWatchNotices', () => {
  it('publishes each pass as a new list', () => {
    const live = fakeLiveFrames();
    live.tables.boats.apply(true, [], ['boat-01'], boatRow({ batteryPct: 12 }));
    const cityPlaces: CityPlaces = { districts: shallowRef(places.districts), corridorNames: shallowRef(places.corridorNames), siteNames: shallowRef(new Map()) };
    const scope = effectScope();
    const watch = scope.run(() => useWatchNotices(live, cityPlaces, () => true, () => NOW))!;
    expect(watch.notices.value).toEqual([]);
    watch.pass();
    expect(watch.notices.value.map((n) => n.key)).toEqual(['boat-battery:boat-01']);
    scope.stop();
  });
});

describe('the pipeline’s outage instead of each vehicle’s silence', () => {
  afterEach(() => applyLocale('en'));

  // The gateway's reading at NOW: trucks and boats silent for `silentMs`, the others fresh.
  const feedAt = (silentMs: number, consumerState = FeedConsumerState.CONSUMING) => ({
    health: create(FeedHealthSchema, {
      checkedAtMs: NOW,
      consumerState,
      consumerActiveAtMs: NOW - silentMs,
      consumerJoinedAtMs: NOW - 3_600_000,
      consumerStallAfterMs: 5_000,
      fleets: [
        { layer: 'trucks', lastReceivedAtMs: NOW - silentMs, delayedAfterMs: 5_000, downAfterMs: 15_000 },
        { layer: 'bikes', lastReceivedAtMs: NOW - 1_000, delayedAfterMs: 180_000, downAfterMs: 900_000 },
        { layer: 'boats', lastReceivedAtMs: NOW - silentMs - 2_000, delayedAfterMs: 5_000, downAfterMs: 15_000 },
        { layer: 'corridors', lastReceivedAtMs: NOW - 500, delayedAfterMs: 10_000, downAfterMs: 30_000 },
      ],
    }),
    receivedAtMs: NOW,
  });

  const silentTrucks = () => {
    const live = fakeLiveFrames();
    const trucks = Array.from({ length: 40 }, (_, i) => ({ id: `truck-${i}`, lon: 105.05, lat: 29.55, recordedAtMs: NOW - 90_000 }));
    applyFrameToTables(liveFrame({ snapshot: true, trucks }), live.tables);
    return live;
  };
  const cityPlaces: CityPlaces = { districts: shallowRef(places.districts), corridorNames: shallowRef(places.corridorNames), siteNames: shallowRef(new Map()) };

  it('names the fleets with no data and the shortest silence, red when down, amber when delayed', () => {
    expect(deriveFeedOutageNotice(judgeFeed(feedAt(200), NOW))).toBeNull();
    const down = deriveFeedOutageNotice(judgeFeed(feedAt(20_000), NOW))!;
    expect(down).toMatchObject({ key: 'feed-outage', severity: 'critical', fleet: 'trucks', entityId: null, message: { kind: 'feedOutage', layers: ['trucks', 'boats'], silentMs: 20_000, down: true } });
    const notice = { ...down, atMs: NOW, source: 'derived' as const };
    expect(noticeText(notice)).toBe('Data pipeline down: no data from Trucks, Boats for 20 s; vehicle GPS notices held back');
    applyLocale('zh-CN');
    expect(noticeText(notice)).toBe('数据链路中断：环卫车、清漂船 已 20 秒无数据，车辆 GPS 提示暂不显示');
    applyLocale('en');
    // A stalled consumer with fresh data: amber, every fleet named.
    const delayed = deriveFeedOutageNotice(judgeFeed(feedAt(0, FeedConsumerState.DISCONNECTED), NOW))!;
    expect(delayed).toMatchObject({ severity: 'warning', message: { down: false, layers: ['trucks', 'bikes', 'boats', 'corridors'] } });
    expect(noticeText({ ...delayed, atMs: NOW, source: 'derived' })).toMatch(/^Data pipeline delayed: nothing new from Trucks, Bikes, Boats, Green wave for /);
  });

  it('holds back the trucks’ "no GPS fix" while their feed is down: one outage notice, not forty', () => {
    const live = silentTrucks();
    const sample = shallowRef(feedAt(70_000));
    const scope = effectScope();
    const watch = scope.run(() => useWatchNotices(live, cityPlaces, () => true, () => NOW, useFeedStatus(sample, shallowRef(NOW))))!;
    watch.pass();
    expect(watch.notices.value.map((n) => n.key)).toEqual(['feed-outage']);
    scope.stop();

    // Without the feed status (or with the trucks' feed flowing for long) they are each news.
    expect(deriveWatchNotices(live.tables, NOW, places, true).filter((n) => n.key.startsWith('stale-gps:'))).toHaveLength(40);
    const fresh = effectScope();
    const watchFlowing = fresh.run(() => useWatchNotices(live, cityPlaces, () => true, () => NOW, useFeedStatus(shallowRef(feedAt(200)), shallowRef(NOW))))!;
    watchFlowing.pass();
    expect(watchFlowing.notices.value.filter((n) => n.key.startsWith('stale-gps:'))).toHaveLength(40);
    expect(watchFlowing.notices.value.some((n) => n.key === 'feed-outage')).toBe(false);
    fresh.stop();
  });
});
