import { getCurrentScope, markRaw, onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue';
import type { AlertFeed } from '../console/use-alert-feed';
import type { CityPlaces } from '../dashboard/use-city-places';
import type { FeedStatus } from '../live/use-feed-status';
import type { LiveTables } from '../live/live-tables';
import type { LinkStatus } from '../stores/connection.store';
import { alertNotices } from './alert-notices';
import { deriveWallNotices } from './derive-watch-notices';
import type { Notice } from './notice';
import { NoticeFeed } from './notice-feed';

// A wall is read from across a room: the ticker shows this many rows, the count says how many there are.
export const WATCH_TICKER_MAX = 40;
// Alerts arrive as the gateway batches them; the timer only ages the rows and re-reads the feed's
// silence (it grows without any event), so a few seconds is plenty.
export const WATCH_PASS_EVERY_MS = 5_000;

export interface WatchSources {
  /** The city's alerts on the shell's socket (use-alert-feed.ts): city-wide, whatever the map shows. */
  alerts: Pick<AlertFeed, 'alerts' | 'error'>;
  feedStatus: FeedStatus;
  places: CityPlaces;
  /** The open calls the wall holds, to tell a call's alert from an ambulance's. */
  tables: Pick<LiveTables, 'calls'>;
  link: () => LinkStatus;
  now?: () => number;
}

export interface WatchNotices {
  /** The wall's own notices first, then the alerts; at most WATCH_TICKER_MAX; replaced after each pass. */
  notices: ShallowRef<readonly Notice[]>;
  /** Every row there is (incidents counted once), shown or not. */
  total: ShallowRef<number>;
  /** When the last pass ran: the rows' ages are counted from it. */
  nowMs: ShallowRef<number>;
  /** Runs a pass now (tests; alerts, the link and the timer do it otherwise). */
  pass(): void;
}

export function useWatchNotices({ alerts, feedStatus, places, tables, link, now = Date.now }: WatchSources): WatchNotices {
  const wall = markRaw(new NoticeFeed());
  const notices = shallowRef<readonly Notice[]>([]);
  const total = shallowRef(0);
  const nowMs = shallowRef(now());

  const pass = () => {
    const at = now();
    wall.sync(deriveWallNotices({ link: link(), feed: feedStatus.verdictAt(at), alertsRefused: alerts.error.value }), at);
    const fromAlerts = alertNotices(alerts.alerts.value, {
      districts: places.districts.value,
      corridorNames: places.corridorNames.value,
      corridorOfIntersection: places.corridorOfIntersection.value,
      isOpenCall: (id) => tables.calls.has(id),
    });
    const all = [...wall.list(), ...fromAlerts];
    nowMs.value = at;
    total.value = all.length;
    notices.value = all.slice(0, WATCH_TICKER_MAX);
  };

  // A new batch of alerts, the link or the pipeline changing state is news at once, not at the next pass.
  watch([alerts.alerts, alerts.error, link, () => feedStatus.verdict.value.state, places.districts, places.corridorOfIntersection], pass, { immediate: true });
  const timer = setInterval(pass, WATCH_PASS_EVERY_MS);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));

  return { notices, total, nowMs, pass };
}
