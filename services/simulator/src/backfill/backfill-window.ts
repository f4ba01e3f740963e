import { CITY_UTC_OFFSET_MS } from '../bike-fleet/bike-demand.profile';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The stretch of the past the simulator plays before it goes live: device times in [fromMs, toMs). */
export interface BackfillWindow {
  fromMs: number;
  toMs: number;
}

/** Midnight of the city's day (China Standard Time, no daylight saving) holding epochMs. */
export function cityMidnightOf(epochMs: number): number {
  return Math.floor((epochMs + CITY_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - CITY_UTC_OFFSET_MS;
}

/**
 * SIM_BACKFILL: `off`; `today` (from the city's midnight); `<N>d` (from the midnight N-1 days
 * before today's, so 7d is the last 7 calendar days with today); `<N>h` (the last N hours).
 * The window ends at `toMs` (SIM_BACKFILL_TO, else the boot time) on a whole second.
 */
export function backfillWindowOf(spec: string, toMs: number): BackfillWindow | null {
  const to = Math.floor(toMs / 1000) * 1000;
  const s = spec.trim().toLowerCase();
  if (s === 'off' || s === '' || s === '0') return null;
  let fromMs: number;
  if (s === 'today') fromMs = cityMidnightOf(to);
  else {
    const m = /^(\d+)([dh])$/.exec(s);
    if (!m) throw new RangeError(`SIM_BACKFILL must be off, today, <N>d or <N>h (got "${spec}")`);
    const n = Number(m[1]);
    if (n < 1) throw new RangeError(`SIM_BACKFILL needs at least 1${m[2]} (got "${spec}")`);
    fromMs = m[2] === 'd' ? cityMidnightOf(to) - (n - 1) * DAY_MS : to - n * HOUR_MS;
  }
  return fromMs < to ? { fromMs, toMs: to } : null;
}
