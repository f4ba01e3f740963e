// Formatting for the wall screen: stable widths (tabular digits), city time zone.
export const CITY_TIME_ZONE = 'Asia/Shanghai';

/** Seconds since `lastAtMs`, one decimal under 10 s, whole seconds after; null when never. */
export function secondsSince(lastAtMs: number | null, nowMs: number): string | null {
  if (lastAtMs === null) return null;
  const seconds = Math.max(0, nowMs - lastAtMs) / 1000;
  return seconds < 10 ? seconds.toFixed(1) : Math.floor(seconds).toString();
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: CITY_TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: CITY_TIME_ZONE, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

export const cityTime = (ms: number): string => timeFormat.format(ms);
export const cityDate = (ms: number): string => dateFormat.format(ms);

/** A mass for a tile: whole kg below a tonne, tonnes with one decimal from there. */
export function massText(kg: number): string {
  return kg < 1000 ? `${Math.round(kg)} kg` : `${(kg / 1000).toFixed(1)} t`;
}
