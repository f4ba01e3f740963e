// THE verdict on one green-wave observation window. The alert (corridor-progression.evaluator.ts) uses it
// now; the map's corridor colour and the KPI tile are to use this same function (issue 13: "the map colour,
// the KPI tile and the alert use this one rule"), so a corridor is never red on the map and fine in the
// queue. Pure and dependency-free on purpose, so the web can take it as it is (move it to a package the web
// imports, e.g. @urban-brain/proto's src, when it does).

/** The fields of a CorridorObservation the verdict reads (urbanbrain.signal.v1, camelCase as protobuf-es spells them). */
export interface CorridorWindow {
  vehicles: number;
  arrivalsOnGreenPct: number;
  travelTimeS: number;
  designTravelTimeS: number;
}

export interface CorridorVerdictThresholds {
  /** Broken when fewer arrivals than this met green, 0-100. */
  brokenBelowPct: number;
  /** Also broken when the trip took longer than design × this; null to judge by arrivals on green only. */
  brokenTravelRatio: number | null;
}

/** 'no-verdict': no vehicle crossed in the window, so there is nothing to judge by; it counts for nothing either way. */
export type CorridorVerdict = 'intact' | 'broken' | 'no-verdict';

/** The defaults the wall used before (web/src/notices: under 50 % on green, or 30 % slower than designed). */
export const CORRIDOR_VERDICT_DEFAULTS: CorridorVerdictThresholds = { brokenBelowPct: 50, brokenTravelRatio: 1.3 };

export function corridorWindowVerdict(window: CorridorWindow, thresholds: CorridorVerdictThresholds = CORRIDOR_VERDICT_DEFAULTS): CorridorVerdict {
  if (!(window.vehicles > 0)) return 'no-verdict';
  if (window.arrivalsOnGreenPct < thresholds.brokenBelowPct) return 'broken';
  if (thresholds.brokenTravelRatio !== null && window.designTravelTimeS > 0 && window.travelTimeS > window.designTravelTimeS * thresholds.brokenTravelRatio) return 'broken';
  return 'intact';
}

/** Travel time over design, or 0 when either is unknown. */
export function travelTimeRatio(window: CorridorWindow): number {
  return window.designTravelTimeS > 0 && window.travelTimeS > 0 ? window.travelTimeS / window.designTravelTimeS : 0;
}
