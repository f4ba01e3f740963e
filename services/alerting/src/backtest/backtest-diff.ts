import type { BacktestAlert, BacktestChangedAlert as ChangedAlert, BacktestResult } from '@urban-brain/proto';

type BacktestDiff = BacktestResult['diff'];

/**
 * How far apart the raise times of "the same" alert may be. A raise made by a reading carries that
 * reading's device time in both runs, so those agree to the millisecond. A raise made by the clock
 * (a stale device, a sequence timeout, a dwell) happens at a tick: the live service ticks once a
 * second on the wall clock, held at most 10 s ahead of the newest reading (CLOCK_AHEAD_OF_DATA_MS),
 * the backtest on the records' own clock; the two can be a tick plus that lead apart, so 15 s.
 */
export const MATCH_TOLERANCE_MS = 15_000;

export interface StoredAlert extends BacktestAlert {
  /** An SLA escalation moved the stored severity up by one: the workflow's, not the rules'. */
  escalated: boolean;
}

const keyOf = (alert: BacktestAlert) => `${alert.rule}\u0000${alert.entityId}`;
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/**
 * Pairs each would-have-fired alert with a stored one of the same rule and entity raised within the
 * tolerance, or open at the window's start as it is (the nearest pairs first, each alert used once);
 * the rest are added or removed. A pair
 * whose severity, title or clear time differ is changed.
 */
export function diffAlerts(backtest: readonly BacktestAlert[], stored: readonly StoredAlert[], toleranceMs = MATCH_TOLERANCE_MS): BacktestDiff {
  const storedByKey = new Map<string, StoredAlert[]>();
  for (const alert of stored) {
    const list = storedByKey.get(keyOf(alert));
    if (list) list.push(alert);
    else storedByKey.set(keyOf(alert), [alert]);
  }
  // Every candidate pair within the tolerance, nearest first: the closest raises pair up, whichever came first.
  const pairs: { alert: BacktestAlert; stored: StoredAlert; gap: number }[] = [];
  for (const alert of backtest) {
    const raisedMs = ms(alert.raisedAt)!;
    for (const candidate of storedByKey.get(keyOf(alert)) ?? []) {
      // Both open when the window began: the same alert, however far back each was raised (the
      // live one may predate the backtest's warm-up). One per rule and entity on each side.
      const gap = alert.openAtStart && candidate.openAtStart ? 0 : Math.abs(ms(candidate.raisedAt)! - raisedMs);
      if (gap <= toleranceMs) pairs.push({ alert, stored: candidate, gap });
    }
  }
  pairs.sort((a, b) => a.gap - b.gap);
  const used = new Set<StoredAlert>();
  const partner = new Map<BacktestAlert, StoredAlert>();
  for (const pair of pairs) {
    if (used.has(pair.stored) || partner.has(pair.alert)) continue;
    used.add(pair.stored);
    partner.set(pair.alert, pair.stored);
  }
  const diff: BacktestDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const alert of backtest) {
    const best = partner.get(alert);
    if (!best) {
      diff.added.push(alert);
      continue;
    }
    const differences = differencesOf(alert, best, toleranceMs);
    if (differences.length === 0) diff.unchanged++;
    else diff.changed.push({ backtest: alert, stored: withoutEscalation(best), differences } satisfies ChangedAlert);
  }
  for (const alert of stored) if (!used.has(alert)) diff.removed.push(withoutEscalation(alert));
  return diff;
}

function differencesOf(alert: BacktestAlert, stored: StoredAlert, toleranceMs: number): string[] {
  const differences: string[] = [];
  // An escalated alert was raised one severity lower (critical stays critical).
  const severityOk = alert.severity === stored.severity || (stored.escalated && (alert.severity === stored.severity - 1 || stored.severity === 3));
  if (!severityOk) differences.push(`severity: ${alert.severity} instead of ${stored.severity}`);
  if (alert.title.en !== stored.title.en) differences.push(`title: "${alert.title.en}" instead of "${stored.title.en}"`);
  const cleared = ms(alert.clearedAt);
  const storedCleared = ms(stored.clearedAt);
  if ((cleared === null) !== (storedCleared === null)) {
    differences.push(cleared === null ? 'clearedAt: still active at the end instead of cleared' : 'clearedAt: cleared instead of still active');
  } else if (cleared !== null && Math.abs(cleared - storedCleared!) > toleranceMs) {
    differences.push(`clearedAt: ${alert.clearedAt} instead of ${stored.clearedAt}`);
  }
  return differences;
}

function withoutEscalation(alert: StoredAlert): BacktestAlert {
  const { escalated: _escalated, ...rest } = alert;
  return rest;
}
