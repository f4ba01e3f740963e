import { cityMidnight } from '../dashboard/wall-format';

// The window the replay page plays: a preset (the last hour, today so far) or a start and a length.
// Clamped to what the api keeps (its /range: maxAgeDays back from now).
export interface ReplayWindow {
  fromMs: number;
  toMs: number;
}

export type WindowPreset = 'last-hour' | 'today';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export function presetWindow(preset: WindowPreset, nowMs: number): ReplayWindow {
  // Whole minutes: the KPI series and the URL read better, and the newest minute is not rolled up yet.
  const end = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  if (preset === 'last-hour') return { fromMs: end - HOUR_MS, toMs: end };
  const midnight = cityMidnight(nowMs);
  return { fromMs: midnight, toMs: Math.max(end, midnight + MINUTE_MS) };
}

/** The window cut to the kept history and to now; null when nothing of it is left. */
export function clampWindow(window: ReplayWindow, nowMs: number, maxAgeDays: number): ReplayWindow | null {
  const fromMs = Math.max(window.fromMs, nowMs - maxAgeDays * 86_400_000 + MINUTE_MS);
  const toMs = Math.min(window.toMs, nowMs);
  return toMs > fromMs ? { fromMs, toMs } : null;
}
