import { create } from '@bufbuild/protobuf';
import { effectScope, nextTick, shallowRef } from 'vue';
import { AlertChangeKind, AlertSeverity, AlertState, FeedConsumerState, FeedHealthSchema } from '@urban-brain/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { T0, alertChange, batchBytes } from '../console/alert-change.fixtures';
import { FakeLiveSocket } from '../live/fake-live-socket';
import { useAlertFeed } from '../console/use-alert-feed';
import type { CityPlaces } from '../dashboard/use-city-places';
import { createLiveTables } from '../live/live-tables';
import { judgeFeed } from '../live/feed-status';
import { useFeedStatus } from '../live/use-feed-status';
import { applyLocale } from '../i18n/strings';
import type { LinkStatus } from '../stores/connection.store';
import { alertTarget, type AlertNoticePlaces } from './alert-notices';
import { deriveFeedOutageNotice, deriveWallNotices } from './derive-watch-notices';
import { NoticeFeed } from './notice-feed';
import type { NoticeCondition } from './notice';
import { noticeAgeText, noticeFleetText, noticePlaceText, noticeText } from './notice-text';
import { useWatchNotices, WATCH_TICKER_MAX } from './use-watch-notices';

const NOW = T0 + 10 * 60_000;
const dongxing = { id: 'district:dongxing', name: 'Dongxing', nameZh: '东兴区', ring: [[105, 29.5], [105.1, 29.5], [105.1, 29.6], [105, 29.6], [105, 29.5]] as [number, number][], bounds: [105, 29.5, 105.1, 29.6] as [number, number, number, number] };
const cityPlaces = (): CityPlaces => ({
  districts: shallowRef([dongxing]),
  corridorNames: shallowRef(new Map([['corridor:beihuan-east', { name: 'Beihuan Road (east)', nameZh: '北环路（东段）' }]])),
  siteNames: shallowRef(new Map()),
  corridorOfIntersection: shallowRef(new Map([['intersection:beihuan-east-02', 'corridor:beihuan-east']])),
});

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

/** The wall's ticker over a fake gateway socket, as WallPage wires it. */
function tickerOnSocket(options: { silentMs?: number; link?: LinkStatus } = {}) {
  const socket = new FakeLiveSocket();
  const link = shallowRef<LinkStatus>(options.link ?? 'live');
  const sample = shallowRef(feedAt(options.silentMs ?? 200));
  const scope = effectScope();
  const watch = scope.run(() => {
    const alerts = useAlertFeed(socket.asLiveSocket(), () => NOW);
    return useWatchNotices({ alerts, feedStatus: useFeedStatus(sample, shallowRef(NOW)), places: cityPlaces(), tables: createLiveTables(), link: () => link.value, now: () => NOW });
  })!;
  return { socket, link, sample, watch, stop: () => scope.stop() };
}

describe('the ticker over the city’s alerts', () => {
  afterEach(() => applyLocale('en'));

  it('lists the unresolved alerts city-wide, the most severe then the newest first, and drops one when resolved', async () => {
    const { socket, watch, stop } = tickerOnSocket();
    expect(socket.emitted.map((emit) => emit.event)).toEqual(['alerts']);
    socket.serverSends(
      'alerts',
      batchBytes(true, [
        alertChange({ alertId: 'boat-low', raisedAtMs: T0 + 60_000, titleEn: 'Boat boat-03 battery at 15% (below 20%)', titleZh: '清漂船boat-03电量15%（低于20%）' }),
        alertChange({ alertId: 'gps', rule: 'truck.stale-gps', fleet: 'trucks', entityId: 'T-017', raisedAtMs: T0 + 120_000, lon: 105.05, lat: 29.55 }),
        alertChange({ alertId: 'dark', rule: 'signal.dark-intersection', fleet: 'signals', entityId: 'intersection:beihuan-east-02', severity: AlertSeverity.CRITICAL, raisedAtMs: T0 }),
        alertChange({ alertId: 'old', state: AlertState.RESOLVED, change: AlertChangeKind.RESOLVED, raisedAtMs: T0 + 200_000 }),
      ]),
    );
    // On the batch, not at the next timed pass.
    await nextTick();
    expect(watch.notices.value.map((n) => n.key)).toEqual(['alert:dark', 'alert:gps', 'alert:boat-low']);
    expect(watch.total.value).toBe(3);

    const [dark, gps, boat] = watch.notices.value;
    expect(dark).toMatchObject({ source: 'alert', fleet: 'signals', severity: 'critical', rule: 'signal.dark-intersection', target: { layer: 'corridors', id: 'corridor:beihuan-east' } });
    expect(gps).toMatchObject({ fleet: 'trucks', place: { name: dongxing }, target: { layer: 'trucks', id: 'T-017' }, atMs: T0 + 120_000 });
    expect(noticeText(boat!)).toBe('Boat boat-03 battery at 15% (below 20%)');
    expect(noticeFleetText(dark!.fleet)).toBe('Signals');
    expect(noticePlaceText(gps!)).toBe('Dongxing');
    applyLocale('zh-CN');
    expect(noticeText(boat!)).toBe('清漂船boat-03电量15%（低于20%）');
    expect(noticeFleetText(dark!.fleet)).toBe('信号灯');
    expect(noticePlaceText(gps!)).toBe('东兴区');

    socket.serverSends('alerts', batchBytes(false, [alertChange({ alertId: 'gps', state: AlertState.RESOLVED, change: AlertChangeKind.RESOLVED, changedAtMs: T0 + 300_000 })]));
    await nextTick();
    expect(watch.notices.value.map((n) => n.key)).toEqual(['alert:dark', 'alert:boat-low']);
    stop();
    expect(socket.listenerCount('alerts')).toBe(0);
  });

  it('shows an incident once with its count, worded by its most severe alert, and highlights an escalated alert', async () => {
    const { socket, watch, stop } = tickerOnSocket();
    const pile = (id: string, raisedAtMs: number, severity = AlertSeverity.WARNING) =>
      alertChange({ alertId: id, rule: 'bike.pile', fleet: 'city', entityId: `pile:${id}`, incidentId: 'inc-daqian', severity, raisedAtMs, titleEn: `Bike pile ${id}` });
    socket.serverSends('alerts', batchBytes(true, [pile('p1', T0), pile('p2', T0 + 5_000, AlertSeverity.CRITICAL), pile('p3', T0 + 9_000), alertChange({ alertId: 'lone', raisedAtMs: T0 + 1_000 })]));
    await nextTick();
    expect(watch.notices.value.map((n) => [n.key, n.count, n.severity])).toEqual([
      ['incident:inc-daqian', 3, 'critical'],
      ['alert:lone', 1, 'warning'],
    ]);
    const incident = watch.notices.value[0]!;
    expect(noticeText(incident)).toBe('Bike pile p2');
    // The newest of its alerts dates it; a count in a zone has no entity to open.
    expect(incident.atMs).toBe(T0 + 9_000);
    expect(incident.target).toBeNull();
    expect(incident.escalated).toBe(false);

    socket.serverSends('alerts', batchBytes(false, [alertChange({ alertId: 'lone', change: AlertChangeKind.ESCALATED, severity: AlertSeverity.CRITICAL, raisedAtMs: T0 + 1_000, changedAtMs: T0 + 400_000 })]));
    await nextTick();
    expect(watch.notices.value.map((n) => [n.key, n.escalated])).toEqual([
      ['incident:inc-daqian', false],
      ['alert:lone', true],
    ]);
    stop();
  });

  it('puts the wall’s own notices first, shows a bounded list and counts them all', async () => {
    const { socket, watch, stop } = tickerOnSocket({ silentMs: 20_000 });
    const many = Array.from({ length: WATCH_TICKER_MAX + 5 }, (_, i) => alertChange({ alertId: `a${i}`, entityId: `boat-${i}`, raisedAtMs: T0 + i }));
    socket.serverSends('alerts', batchBytes(true, many));
    await nextTick();
    expect(watch.notices.value).toHaveLength(WATCH_TICKER_MAX);
    expect(watch.total.value).toBe(WATCH_TICKER_MAX + 6);
    expect(watch.notices.value.map((n) => n.key).slice(0, 2)).toEqual(['feed-outage', `alert:a${WATCH_TICKER_MAX + 4}`]);
    stop();
  });

  it('says when the link is lost (the alerts shown are as of then) and when the gateway refuses the alerts', async () => {
    const { socket, link, watch, stop } = tickerOnSocket();
    socket.serverSends('alerts', batchBytes(true, [alertChange({ alertId: 'a1' })]));
    await nextTick();
    link.value = 'disconnected';
    await nextTick();
    expect(watch.notices.value.map((n) => [n.key, n.source, n.severity])).toEqual([
      ['link-lost', 'derived', 'critical'],
      ['alert:a1', 'alert', 'warning'],
    ]);
    expect(noticeText(watch.notices.value[0]!)).toMatch(/^Link to the city's data lost at \d{2}:\d{2}: the map and these alerts are as of then$/);
    link.value = 'live';
    socket.emitted[0]!.ack({ ok: false, code: 'INTERNAL', message: 'no alert feed' });
    await nextTick();
    expect(watch.notices.value.map((n) => n.key)).toEqual(['alerts-refused', 'alert:a1']);
    expect(noticeText(watch.notices.value[0]!)).toBe('City alerts unavailable (INTERNAL: no alert feed)');
    stop();
  });
});

describe('where a chosen alert leads', () => {
  const places: AlertNoticePlaces = {
    districts: [],
    corridorNames: new Map([['corridor:beihuan-east', { name: 'Beihuan Road (east)', nameZh: '北环路（东段）' }]]),
    corridorOfIntersection: new Map([['intersection:beihuan-east-02', 'corridor:beihuan-east']]),
    isOpenCall: (id) => id === 'CALL-0001',
  };

  it('opens the entity on its layer, a signal alert’s corridor, a call, and nothing for a count in a zone', () => {
    expect(alertTarget({ fleet: 'boats', entityId: 'boat-03' }, places)).toEqual({ layer: 'boats', id: 'boat-03' });
    expect(alertTarget({ fleet: 'signals', entityId: 'corridor:beihuan-east' }, places)).toEqual({ layer: 'corridors', id: 'corridor:beihuan-east' });
    expect(alertTarget({ fleet: 'signals', entityId: 'intersection:beihuan-east-02' }, places)).toEqual({ layer: 'corridors', id: 'corridor:beihuan-east' });
    expect(alertTarget({ fleet: 'signals', entityId: 'intersection:unknown' }, places)).toBeNull();
    expect(alertTarget({ fleet: 'ambulances', entityId: 'CALL-0001' }, places)).toEqual({ layer: 'calls', id: 'CALL-0001' });
    expect(alertTarget({ fleet: 'ambulances', entityId: 'AMB-01' }, places)).toEqual({ layer: 'ambulances', id: 'AMB-01' });
    expect(alertTarget({ fleet: 'city', entityId: 'fence:12' }, places)).toBeNull();
  });
});

describe('the wall’s own notices', () => {
  afterEach(() => applyLocale('en'));

  it('names the fleets with no data and the shortest silence, red when down, amber when delayed', () => {
    expect(deriveFeedOutageNotice(judgeFeed(feedAt(200), NOW))).toBeNull();
    const down = deriveFeedOutageNotice(judgeFeed(feedAt(20_000), NOW))!;
    expect(down).toMatchObject({ key: 'feed-outage', severity: 'critical', fleet: 'trucks', target: null, message: { kind: 'feedOutage', layers: ['trucks', 'boats'], silentMs: 20_000, down: true } });
    const notice = { ...down, atMs: NOW, source: 'derived' as const };
    expect(noticeText(notice)).toBe('Data pipeline down: no data from Trucks, Boats for 20 s; their positions and alerts are out of date');
    applyLocale('zh-CN');
    expect(noticeText(notice)).toBe('数据链路中断：环卫车、清漂船 已 20 秒无数据，其位置与告警已过时');
    applyLocale('en');
    // A stalled consumer with fresh data: amber, every fleet named.
    const delayed = deriveFeedOutageNotice(judgeFeed(feedAt(0, FeedConsumerState.DISCONNECTED), NOW))!;
    expect(delayed).toMatchObject({ severity: 'warning', message: { down: false, layers: ['trucks', 'bikes', 'boats', 'corridors'] } });
    expect(noticeText({ ...delayed, atMs: NOW, source: 'derived' })).toMatch(/^Data pipeline delayed: nothing new from Trucks, Bikes, Boats, Green wave for .+; their positions and alerts may be late$/);
  });

  it('holds one notice for a lost link instead of the feed’s last report, and none before the first connection', () => {
    const feed = judgeFeed(feedAt(20_000), NOW);
    const keys = (link: LinkStatus) => deriveWallNotices({ link, feed, alertsRefused: null }).map((n) => n.key);
    expect(keys('down')).toEqual(['feed-outage']);
    expect(keys('disconnected')).toEqual(['link-lost']);
    // Frames stopped on an open socket: the indicator says so, and the feed report is as old as they are.
    expect(keys('no-data')).toEqual([]);
    expect(keys('connecting')).toEqual([]);
  });

  it('keeps when a condition was first seen, and drops ended ones', () => {
    const condition = (key: string): NoticeCondition => ({ key, fleet: 'city', severity: 'critical', place: { known: 'city' }, target: null, message: { kind: 'linkLost' }, rule: null, count: 1, escalated: false });
    const feed = new NoticeFeed();
    feed.sync([condition('a')], 1_000);
    feed.sync([condition('a'), condition('b')], 2_000);
    expect(feed.list().map((n) => [n.key, n.atMs])).toEqual([
      ['a', 1_000],
      ['b', 2_000],
    ]);
    feed.sync([condition('b')], 3_000);
    expect(feed.list().map((n) => [n.key, n.atMs])).toEqual([['b', 2_000]]);
  });

  it('words a row’s age coarsely, in both languages', () => {
    expect([noticeAgeText(20_000), noticeAgeText(5 * 60_000 + 59_000), noticeAgeText(65 * 60_000)]).toEqual(['just now', '5 min ago', '1 h 05 ago']);
    applyLocale('zh-CN');
    expect([noticeAgeText(-1_000), noticeAgeText(5 * 60_000), noticeAgeText(125 * 60_000)]).toEqual(['刚刚', '5 分钟前', '2 小时 05 分前']);
  });
});
