import { getCurrentScope, markRaw, onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue';
import type { LiveLayer } from '@urban-brain/proto';
import type { CityPlaces } from '../dashboard/use-city-places';
import type { LiveFrames } from '../live/use-live-frames';
import type { FeedStatus } from '../live/use-feed-status';
import { deriveFeedOutageNotice, deriveWatchNotices, TRUCK_STALE_AFTER_MS } from './derive-watch-notices';
import type { Notice } from './notice';
import { NoticeFeed } from './notice-feed';

// Conditions change on the scale of minutes (corridor observations come once a
// minute, batteries drain slowly), while frames come several times a second and
// a pass reads 11,000 bikes: one pass every few seconds is plenty, and a timer
// also catches what ends without a frame (a truck falling silent).
export const WATCH_PASS_EVERY_MS = 5_000;

export interface WatchNotices {
  /** Newest first, bounded; replaced (not mutated) after each pass. */
  notices: ShallowRef<readonly Notice[]>;
  /** Where the alerting service's alerts will be pushed once it exists. */
  feed: NoticeFeed;
  /** Runs a pass now (tests; the timer does it otherwise). */
  pass(): void;
}

// With a feed status, per-vehicle silence is held back while the pipeline is
// stalled (and for a vehicle's staleness window after it recovers), and one
// outage notice stands for it instead.
export function useWatchNotices(live: LiveFrames, places: CityPlaces, linkLive: () => boolean, now: () => number = Date.now, feedStatus?: FeedStatus): WatchNotices {
  const feed = markRaw(new NoticeFeed());
  const notices = shallowRef<readonly Notice[]>([]);
  let dirty = true;

  const pass = () => {
    const at = now();
    const linkUp = linkLive();
    const silenceIsNews = (layer: LiveLayer) => !feedStatus?.holdsBackVehicleSilence(layer, at, TRUCK_STALE_AFTER_MS);
    const found = deriveWatchNotices(live.tables, at, { districts: places.districts.value, corridorNames: places.corridorNames.value }, linkUp, silenceIsNews);
    // Only on a working link: without one the indicator already says the gateway is gone.
    const outage = linkUp && feedStatus ? deriveFeedOutageNotice(feedStatus.verdictAt(at)) : null;
    feed.syncDerived(outage ? [outage, ...found] : found, at);
    notices.value = feed.list();
    dirty = false;
  };

  // The pipeline stalling or recovering is news at once, not at the next pass.
  if (feedStatus) watch(() => feedStatus.verdict.value.state, pass);

  // Frames only mark the list dirty; the timer does the work at its own pace.
  watch(live.version, () => (dirty = true));
  const timer = setInterval(() => {
    // A silent truck ages without any frame: pass anyway while trucks are held.
    if (dirty || live.tables.trucks.size > 0) pass();
  }, WATCH_PASS_EVERY_MS);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));

  return { notices, feed, pass };
}
