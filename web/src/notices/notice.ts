import type { AlertFleet, LiveLayer } from '@urban-brain/proto';
import type { PlaceName } from '../dashboard/city-places';
import type { SelectedEntity } from '../stores/selection.store';

export type NoticeSeverity = 'info' | 'warning' | 'critical';

/** What the ticker names as a notice's fleet: a map layer (the wall's own notices) or an alert's fleet ('signals', 'city'...). */
export type NoticeFleet = LiveLayer | AlertFleet;

/** What a notice says, worded at render time so it follows the wall's language. */
export type NoticeMessage =
  // The wall's own: its link to the gateway is gone (the alerts shown are as of `atMs`).
  | { kind: 'linkLost' }
  // The wall's own: the gateway refused to stream the city's alerts.
  | { kind: 'alertsRefused'; reason: string }
  // The wall's own: these fleets' data stopped reaching the gateway (worst first).
  | { kind: 'feedOutage'; layers: LiveLayer[]; silentMs: number; down: boolean }
  // An alert from the alerting service, worded there in both languages.
  | { kind: 'text'; en: string; zh: string };

/** Where a notice is: a named place (a district of the pack), or one the wall names itself. */
export type NoticePlace = { name: PlaceName } | { known: 'lake' | 'city' };

export interface Notice {
  /** The row's identity: 'feed-outage', 'link-lost', 'alert:<id>', 'incident:<id>'. */
  key: string;
  /** 'derived' by the wall about its own link and feed; 'alert' from the alerting service. */
  source: 'derived' | 'alert';
  /** When the condition was first seen (derived) or the newest of its alerts raised, epoch ms. */
  atMs: number;
  fleet: NoticeFleet;
  severity: NoticeSeverity;
  place: NoticePlace | null;
  /** The entity the wall opens when the notice is chosen, if it is about one the wall can show. */
  target: SelectedEntity | null;
  message: NoticeMessage;
  /** The rule that raised it (alerts only). */
  rule: string | null;
  /** How many alerts the row stands for: an incident's alerts show once. 1 otherwise. */
  count: number;
  /** An SLA was breached and the alerting service raised its severity. */
  escalated: boolean;
}

/** A wall notice without its first-seen time: what a pass finds. */
export type NoticeCondition = Omit<Notice, 'atMs' | 'source'>;

export const SEVERITY_RANK: Record<NoticeSeverity, number> = { critical: 2, warning: 1, info: 0 };
