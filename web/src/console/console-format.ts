import { numberText } from '../dashboard/wall-format';
import { activeLocale, strings } from '../i18n/strings';
import type { LiveAlert } from './alert-book';
import type { SlaDue } from './alert-queue';
import type { StepFailure } from './use-alert-actions';

// The console's words and numbers, read from `strings` at call time so a language switch re-renders them.

/** m:ss under an hour, h:mm:ss from there: a countdown that ticks visibly. */
export function clockText(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** How long ago: seconds under a minute, minutes under an hour, then hours and minutes. */
export function ageText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} ${strings.unit.seconds}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${strings.unit.minutes}`;
  return strings.console.hoursMinutes(String(Math.floor(minutes / 60)), String(minutes % 60).padStart(2, '0'));
}

/** The SLA cell: time left to the step due, or how long it is overdue. */
export function slaText(due: SlaDue, nowMs: number): { text: string; overdue: boolean } {
  const left = due.atMs - nowMs;
  if (left < 0) return { text: strings.console.overdue(clockText(left)), overdue: true };
  return { text: due.step === 'acknowledge' ? strings.console.acknowledgeDue(clockText(left)) : strings.console.resolveDue(clockText(left)), overdue: false };
}

export const alertTitle = (alert: Pick<LiveAlert, 'titleEn' | 'titleZh'>): string => (activeLocale.value === 'zh-CN' ? alert.titleZh || alert.titleEn : alert.titleEn || alert.titleZh);

export const fleetName = (fleet: string): string => (strings.console.fleet as Record<string, string>)[fleet] ?? fleet;

/** A candidate's ETA and road distance: "4:10 · 2.3 km". */
export const etaText = (etaS: number, distanceM: number): string => strings.console.eta(clockText(etaS * 1000), strings.console.km(numberText(distanceM / 1000, 1)));

/** A step that did not happen, in the page's language. */
export function failureText(failure: StepFailure): string {
  const words = strings.console.failure;
  switch (failure.kind) {
    case 'refused': {
      const state = failure.state ? strings.console.state[failure.state] : null;
      if (failure.step === 'acknowledge' && failure.acknowledgedBy && failure.state !== 'resolved') return words.alreadyAcknowledged(failure.acknowledgedBy);
      if (failure.step === 'reopen') return failure.state === 'resolved' ? words.newerAlert : words.notResolved(state ?? '?');
      if (failure.state === 'resolved') return failure.step === 'assign' ? words.reopenFirst : words.alreadyResolved;
      return state ? words.refused(state) : failure.message;
    }
    case 'forbidden':
      return failure.role ? words.roleNeeded(strings.role[failure.role]) : words.forbidden;
    case 'invalid':
      return words.invalid(failure.message);
    case 'not-found':
      return words.notFound;
    case 'failed':
      return failure.status === null ? words.unreachable : words.status(String(failure.status));
  }
}
