// Which window the time-space view shows: live (the last minutes, moving with now) or a past one from the
// address (`?at=` centres a window on an instant, `?from=&to=` gives it), as the replay page links it.

/** Live: the last quarter hour, some seven cycles of the city's plans. */
export const LIVE_WINDOW_MS = 15 * 60_000;
/** The api's limit (services/api/src/corridors/time-space-query.schema.ts). */
export const WINDOW_MAX_MS = 2 * 3_600_000;

export interface TimeSpaceWindow {
  fromMs: number;
  toMs: number;
}

export type AddressWindow = { live: true } | { live: false; window: TimeSpaceWindow } | { live: false; problem: 'bad-time' | 'too-long' };

const one = (value: unknown): string | undefined => (Array.isArray(value) ? value[0] : typeof value === 'string' ? value : undefined);
const timeOf = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
};

/** The window an address asks for: `at`, else `from` and `to`, else live. */
export function windowFromAddress(query: Record<string, unknown>, liveLengthMs = LIVE_WINDOW_MS): AddressWindow {
  const at = one(query.at);
  const from = one(query.from);
  const to = one(query.to);
  if (at !== undefined) {
    const atMs = timeOf(at);
    if (atMs === null) return { live: false, problem: 'bad-time' };
    return { live: false, window: { fromMs: atMs - liveLengthMs / 2, toMs: atMs + liveLengthMs / 2 } };
  }
  if (from === undefined && to === undefined) return { live: true };
  const fromMs = timeOf(from);
  const toMs = timeOf(to);
  if (fromMs === null || toMs === null || toMs <= fromMs) return { live: false, problem: 'bad-time' };
  if (toMs - fromMs > WINDOW_MAX_MS) return { live: false, problem: 'too-long' };
  return { live: false, window: { fromMs, toMs } };
}

/** Live: a window of the given length ending now, whole seconds (so two polls in the same second ask the same). */
export function liveWindow(nowMs: number, lengthMs = LIVE_WINDOW_MS): TimeSpaceWindow {
  const toMs = Math.floor(nowMs / 1000) * 1000;
  return { fromMs: toMs - Math.min(lengthMs, WINDOW_MAX_MS), toMs };
}
