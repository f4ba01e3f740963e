import { computed, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { SignInOutcome } from '../auth/session.store';
import { numberText } from '../dashboard/wall-format';
import { strings } from '../i18n/strings';

/** Why the last attempt failed; throttling holds its end time so the message counts down. */
export type SignInProblem = { kind: 'missing' | 'bad-credentials' | 'unavailable' } | { kind: 'throttled'; untilMs: number | null };

/** The problem as the page says it, at `nowMs` (a throttle counts down to "try again now"). */
export function signInProblemText(problem: SignInProblem, nowMs: number): string {
  switch (problem.kind) {
    case 'missing':
      return strings.auth.missingFields;
    case 'bad-credentials':
      return strings.auth.wrongCredentials;
    case 'unavailable':
      return strings.auth.unavailable;
    case 'throttled': {
      if (problem.untilMs === null) return strings.auth.throttled(strings.never);
      const seconds = Math.ceil((problem.untilMs - nowMs) / 1000);
      return seconds > 0 ? strings.auth.throttled(numberText(seconds)) : strings.auth.throttledNow;
    }
  }
}

export interface SignInForm {
  username: ShallowRef<string>;
  password: ShallowRef<string>;
  busy: ShallowRef<boolean>;
  problem: ShallowRef<SignInProblem | null>;
  problemText: ComputedRef<string | null>;
  /** True while a throttle's wait runs: the page holds the button. */
  held: ComputedRef<boolean>;
  /** Signs in; true when signed in (the page then goes on). A wrong password is cleared, the username kept. */
  submit(): Promise<boolean>;
}

export function useSignInForm(signIn: (username: string, password: string) => Promise<SignInOutcome>, now: Ref<number>, clock: () => number = Date.now): SignInForm {
  const username = shallowRef('');
  const password = shallowRef('');
  const busy = shallowRef(false);
  const problem = shallowRef<SignInProblem | null>(null);
  const problemText = computed(() => (problem.value ? signInProblemText(problem.value, now.value) : null));
  const held = computed(() => {
    const current = problem.value;
    return current?.kind === 'throttled' && current.untilMs !== null && current.untilMs > now.value;
  });

  async function submit(): Promise<boolean> {
    if (busy.value || held.value) return false;
    if (!username.value.trim() || !password.value) {
      problem.value = { kind: 'missing' };
      return false;
    }
    busy.value = true;
    try {
      const outcome = await signIn(username.value.trim(), password.value);
      if (outcome.ok) {
        problem.value = null;
        return true;
      }
      if (outcome.reason === 'throttled') problem.value = { kind: 'throttled', untilMs: outcome.retryAfterS === null ? null : clock() + outcome.retryAfterS * 1000 };
      else problem.value = { kind: outcome.reason };
      if (outcome.reason !== 'unavailable') password.value = '';
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { username, password, busy, problem, problemText, held, submit };
}
