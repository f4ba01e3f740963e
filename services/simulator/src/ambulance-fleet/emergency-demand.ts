// When and where "120" calls come from: more by day than at night, by district, and what the patient needs.

/**
 * Share of a day's calls in each hour (local time), from the shape Chinese pre-hospital services report:
 * a trough before dawn, a morning peak (falls, strokes, the elderly), a second one in the evening
 * (traffic, cardiac). Sums to 1.
 */
const HOURLY_SHARE_RAW = [
  2.2, 1.8, 1.6, 1.5, 1.6, 2.2, 3.4, 4.6, 5.6, 6.0, 5.9, 5.6, 5.1, 4.8, 4.7, 4.8, 5.0, 5.2, 5.5, 5.7, 5.2, 4.4, 3.4, 2.7,
];
const RAW_SUM = HOURLY_SHARE_RAW.reduce((a, b) => a + b, 0);
export const HOURLY_SHARE: readonly number[] = HOURLY_SHARE_RAW.map((v) => v / RAW_SUM);

/** Central Neijiang's districts by share of residents (and so of calls); others get the rest evenly. */
export const DISTRICT_SHARE: Readonly<Record<string, number>> = { 'district:shizhong': 0.55, 'district:dongxing': 0.45 };

/** What a patient needs, with its share of calls and the priority it is given (1 = life-threatening). */
export const EMERGENCY_KINDS = [
  { care: 'general', share: 0.42, priority: 3 },
  { care: 'trauma', share: 0.2, priority: 2 },
  { care: 'cardiac', share: 0.14, priority: 1 },
  { care: 'stroke', share: 0.1, priority: 1 },
  { care: 'paediatric', share: 0.08, priority: 2 },
  { care: 'obstetric', share: 0.06, priority: 2 },
] as const;
export type EmergencyCare = (typeof EMERGENCY_KINDS)[number]['care'];

/** Calls per millisecond at `atMs`, for a fleet answering `callsPerDay` on an average day. */
export function callRatePerMs(callsPerDay: number, atMs: number, utcOffsetHours: number): number {
  const hour = Math.floor(((atMs / 3_600_000 + utcOffsetHours) % 24 + 24) % 24);
  return (callsPerDay * HOURLY_SHARE[hour]! * 24) / 86_400_000;
}

/** Picks from weighted options with a uniform draw u in [0, 1). */
export function pickWeighted<T>(options: readonly T[], weightOf: (option: T) => number, u: number): T {
  const total = options.reduce((sum, o) => sum + weightOf(o), 0);
  let acc = 0;
  for (const option of options) {
    acc += weightOf(option) / total;
    if (u < acc) return option;
  }
  return options[options.length - 1]!;
}
