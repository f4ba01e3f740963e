import { getCurrentScope, onScopeDispose, shallowRef, type ShallowRef } from 'vue';

/** The current time (epoch ms), refreshed every `everyMs`: drives the clock and "n s ago" texts. */
export function useNow(everyMs = 250): ShallowRef<number> {
  const now = shallowRef(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), everyMs);
  if (getCurrentScope()) onScopeDispose(() => clearInterval(timer));
  return now;
}
