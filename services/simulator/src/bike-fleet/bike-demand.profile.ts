// When people ride: relative trips per hour of the local day. Commuter peaks at 7-9 and 17-19,
// a lunchtime shoulder, next to nothing between 1 and 5. Shaped after published hourly
// dock-less bike usage curves of Chinese cities; only the shape matters, the level is set by
// the fleet's trips per bike per day.
const HOURLY_WEIGHTS = [0.3, 0.2, 0.12, 0.1, 0.12, 0.4, 1.4, 4.2, 4.8, 2.4, 1.6, 1.8, 2.2, 1.9, 1.6, 1.7, 2.2, 4.0, 4.6, 2.8, 2.0, 1.5, 0.9, 0.5] as const;
const MEAN_WEIGHT = HOURLY_WEIGHTS.reduce((sum, w) => sum + w, 0) / 24;

// Neijiang keeps China Standard Time all year; the pack has no time zone yet.
export const CITY_UTC_OFFSET_MS = 8 * 3_600_000;

export function localHourOf(epochMs: number): number {
  const dayMs = (((epochMs + CITY_UTC_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000;
  return Math.floor(dayMs / 3_600_000);
}

/** Trip-rate multiplier at epochMs: 1 is the daily mean. */
export function demandFactorAt(epochMs: number): number {
  return HOURLY_WEIGHTS[localHourOf(epochMs)]! / MEAN_WEIGHT;
}

/** The largest multiplier of the day: the ceiling for drawing trip starts by thinning. */
export const MAX_DEMAND_FACTOR = Math.max(...HOURLY_WEIGHTS) / MEAN_WEIGHT;
