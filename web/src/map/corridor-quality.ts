import { corridorWindowVerdict, GREEN_WAVE_TARGET_PCT, type CorridorWindow } from '@urban-brain/proto';
import type { CorridorTable } from '../live/live-tables';

// Progression quality of a green-wave corridor on the map and in the KPI tile, from the one verdict the
// alert uses (@urban-brain/proto corridor-verdict.ts): broken (under 50 % arrivals on green, or trips 30 %
// over design) is red; an intact wave under the 70 % target is amber; at or above it, green.

export type CorridorQuality = 'green' | 'amber' | 'red' | 'none';

export const CORRIDOR_QUALITY_COLORS: Record<CorridorQuality, string> = {
  green: '#22c55e',
  amber: '#f59e0b',
  red: '#ef4444',
  none: '#64748b',
};

/** Grey ('none') with no judged window yet or with a dark intersection: the numbers cannot be trusted then. */
export function corridorQuality(window: CorridorWindow, observedAtMs: number, darkIntersections: number): CorridorQuality {
  if (observedAtMs <= 0 || darkIntersections > 0) return 'none';
  const verdict = corridorWindowVerdict(window);
  if (verdict === 'no-verdict') return 'none';
  if (verdict === 'broken') return 'red';
  return window.arrivalsOnGreenPct >= GREEN_WAVE_TARGET_PCT ? 'green' : 'amber';
}

/** The quality of one row of the live corridor table. */
export function corridorRowQuality(table: CorridorTable, row: number): CorridorQuality {
  const window = { vehicles: table.at('vehicles', row), arrivalsOnGreenPct: table.at('arrivalsOnGreenPct', row), travelTimeRatio: table.at('travelTimeRatio', row) };
  return corridorQuality(window, table.at('observedAtMs', row), table.at('darkIntersections', row));
}
