import type { LiveLayer } from '@urban-brain/proto';
import type { PlaceName } from '../dashboard/city-places';

export type NoticeSeverity = 'info' | 'warning' | 'critical';

/** What a derived notice says, worded at render time so it follows the wall's language. */
export type NoticeMessage =
  | { kind: 'waveBroken'; arrivalsOnGreenPct: number; travelTimeRatio: number }
  | { kind: 'darkIntersections'; dark: number; total: number }
  | { kind: 'boatBattery'; batteryPct: number }
  | { kind: 'bikesOutside'; count: number; sharePct: number }
  | { kind: 'staleGps'; ageMs: number }
  // The pipeline, not the vehicles: these fleets' data stopped reaching the gateway (worst first).
  | { kind: 'feedOutage'; layers: LiveLayer[]; silentMs: number; down: boolean }
  // Alerts from the alerting service (a later issue) arrive already worded, in both languages.
  | { kind: 'text'; en: string; zh: string };

/** Where a notice is: a named place from the city pack, or one the wall names itself. */
export type NoticePlace = { name: PlaceName } | { known: 'lake' | 'city' };

export interface Notice {
  /** The condition's identity ("wave-broken:corridor:daqian-south"): the same condition is one row, updated. */
  key: string;
  /** 'derived' from live data on this page; 'alert' once the alerting service feeds the list. */
  source: 'derived' | 'alert';
  /** When the condition was first seen (derived) or raised (alert), epoch ms. */
  atMs: number;
  fleet: LiveLayer;
  severity: NoticeSeverity;
  place: NoticePlace | null;
  /** The entity to show when the notice is chosen, if it is about one. */
  entityId: string | null;
  message: NoticeMessage;
}

/** A notice without its first-seen time: what a derivation pass finds. */
export type NoticeCondition = Omit<Notice, 'atMs' | 'source'>;

export const SEVERITY_RANK: Record<NoticeSeverity, number> = { critical: 2, warning: 1, info: 0 };
