import type { FeedVerdict } from '../live/feed-status';
import type { LinkStatus } from '../stores/connection.store';
import type { NoticeCondition } from './notice';

// The wall's own notices: whether what it shows can be trusted. Everything about
// the city itself (a low boat, a silent truck, a broken wave) is an alert raised
// on the server from every stream (services/alerting), whatever the map shows.

export interface WallCondition {
  link: LinkStatus;
  /** The fleets' data as the gateway last reported it (feed-status.ts). */
  feed: FeedVerdict;
  /** Why the gateway refused to stream the alerts, or null. */
  alertsRefused: string | null;
}

const WALL_NOTICE = { place: { known: 'city' }, target: null, rule: null, count: 1, escalated: false } as const;

export function deriveWallNotices({ link, feed, alertsRefused }: WallCondition): NoticeCondition[] {
  // A lost socket: every alert shown is as of then (the frozen banner says it for the map).
  if (link === 'disconnected') return [{ key: 'link-lost', fleet: 'city', severity: 'critical', message: { kind: 'linkLost' }, ...WALL_NOTICE }];
  const found: NoticeCondition[] = [];
  // Only while frames flow: otherwise the indicator says the gateway is stuck, and its last feed report is old.
  const framesFlow = link === 'live' || link === 'delayed' || link === 'down';
  const outage = framesFlow ? deriveFeedOutageNotice(feed) : null;
  if (outage) found.push(outage);
  if (alertsRefused !== null) found.push({ key: 'alerts-refused', fleet: 'city', severity: 'warning', message: { kind: 'alertsRefused', reason: alertsRefused }, ...WALL_NOTICE });
  return found;
}

/**
 * One notice for the whole pipeline while fleets' data is delayed or down,
 * naming the fleets and the shortest silence among them; null while everything flows.
 */
export function deriveFeedOutageNotice(verdict: FeedVerdict): NoticeCondition | null {
  const worst = verdict.affected[0];
  if (!worst) return null;
  const down = worst.state === 'down';
  // The fleets at the worst state: a red notice names those with no data, not the merely late.
  const named = verdict.affected.filter((fleet) => fleet.state === worst.state);
  const silences = named.map((fleet) => fleet.silentMs).filter((ms): ms is number => ms !== null);
  return {
    key: 'feed-outage',
    fleet: worst.layer,
    severity: down ? 'critical' : 'warning',
    message: { kind: 'feedOutage', layers: named.map((fleet) => fleet.layer), silentMs: silences.length > 0 ? Math.min(...silences) : 0, down },
    ...WALL_NOTICE,
  };
}
