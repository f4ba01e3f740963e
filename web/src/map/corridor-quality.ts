// Progression quality of a green-wave corridor, from the share of arrivals on green.
// 70 % is the usual target for a coordinated arterial; under 50 % the wave is broken.
export const GREEN_WAVE_MIN_PCT = 70;
export const AMBER_MIN_PCT = 50;

export type CorridorQuality = 'green' | 'amber' | 'red' | 'none';

export const CORRIDOR_QUALITY_COLORS: Record<CorridorQuality, string> = {
  green: '#22c55e',
  amber: '#f59e0b',
  red: '#ef4444',
  none: '#64748b',
};

/** Grey ('none') with no observation yet or with a dark intersection: the number cannot be trusted then. */
export function corridorQuality(arrivalsOnGreenPct: number, observedAtMs: number, darkIntersections: number): CorridorQuality {
  if (observedAtMs <= 0 || darkIntersections > 0) return 'none';
  if (arrivalsOnGreenPct >= GREEN_WAVE_MIN_PCT) return 'green';
  if (arrivalsOnGreenPct >= AMBER_MIN_PCT) return 'amber';
  return 'red';
}
