// THE verdict on one green-wave observation window, used by the alert (services/alerting's
// corridor-progression rule), the live gateway (which window a corridor is shown by), the map's corridor
// colour and the wall's "in green wave" KPI tile, so a corridor is never red on the map and fine in the
// queue, or the other way round. Pure and dependency-free: the web imports it as it is.

/** What the verdict reads of a window (a CorridorObservation of urbanbrain.signal.v1, or the live frame's corridor columns). */
export interface CorridorWindow {
  /** Vehicles that crossed the corridor in the window. */
  vehicles: number;
  arrivalsOnGreenPct: number;
  /** Travel time over design; 0 when either is unknown (then travel time judges nothing). */
  travelTimeRatio: number;
}

export interface CorridorVerdictThresholds {
  /** Broken when fewer arrivals than this met green, 0-100. */
  brokenBelowPct: number;
  /** Also broken when the trip took longer than design × this; null to judge by arrivals on green only. */
  brokenTravelRatio: number | null;
}

/** 'no-verdict': no vehicle crossed in the window, so there is nothing to judge by; it counts for nothing either way. */
export type CorridorVerdict = 'intact' | 'broken' | 'no-verdict';

/**
 * Under 50 % of arrivals on green, or trips 30 % slower than designed: the wave is broken (the default rule
 * set's signal.green-wave-broken says the same; a rule set may set its own, the map keeps these).
 */
export const CORRIDOR_VERDICT_DEFAULTS: CorridorVerdictThresholds = { brokenBelowPct: 50, brokenTravelRatio: 1.3 };

/** 70 % arrivals on green is the usual target for a coordinated arterial: an intact window under it is a weak wave (amber). */
export const GREEN_WAVE_TARGET_PCT = 70;

export function corridorWindowVerdict(window: CorridorWindow, thresholds: CorridorVerdictThresholds = CORRIDOR_VERDICT_DEFAULTS): CorridorVerdict {
  if (!(window.vehicles > 0)) return 'no-verdict';
  if (window.arrivalsOnGreenPct < thresholds.brokenBelowPct) return 'broken';
  if (thresholds.brokenTravelRatio !== null && window.travelTimeRatio > thresholds.brokenTravelRatio) return 'broken';
  return 'intact';
}

/** Travel time over design, or 0 when either is unknown. */
export function corridorTravelTimeRatio(travelTimeS: number, designTravelTimeS: number): number {
  return designTravelTimeS > 0 && travelTimeS > 0 ? travelTimeS / designTravelTimeS : 0;
}
