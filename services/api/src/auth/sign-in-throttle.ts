// Failed sign-ins slow the next attempt down, per tried username and per address: a few typos are
// free, then each further failure doubles the wait. Counted from the audit log (the failures are
// recorded there anyway), so the count survives a restart and is shared by several api instances.

export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Free failures for one username; an address gets many more (an operations room, or every browser behind one proxy, shares one: a low limit would let one person lock everyone out). */
export const FREE_FAILURES_PER_USERNAME = 5;
export const FREE_FAILURES_PER_ADDRESS = 50;
const FIRST_WAIT_S = 30;
const LONGEST_WAIT_S = 15 * 60;

export interface RecentFailures {
  count: number;
  /** Epoch ms of the latest failure, or null without any. */
  lastAtMs: number | null;
}

/** Seconds to wait before the next attempt is even checked; 0 lets it through. */
export function throttleWaitS(failures: RecentFailures, freeFailures: number, nowMs: number): number {
  if (failures.count < freeFailures || failures.lastAtMs === null) return 0;
  const waitS = Math.min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (failures.count - freeFailures));
  return Math.max(0, Math.ceil((failures.lastAtMs + waitS * 1000 - nowMs) / 1000));
}
