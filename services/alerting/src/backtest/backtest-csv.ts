import type { BacktestAlert, BacktestResult } from '@urban-brain/proto';

const COLUMNS = ['diff', 'rule', 'entityId', 'fleet', 'severity', 'titleEn', 'titleZh', 'raisedAt', 'clearedAt', 'resolvedAt', 'lon', 'lat', 'differences', 'openAtStart'];

/** RFC 4180: quoted when it holds a comma, quote or line break. */
function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(diff: string, alert: BacktestAlert, differences: readonly string[] = []): string {
  return [diff, alert.rule, alert.entityId, alert.fleet, alert.severity, alert.title.en, alert.title.zh, alert.raisedAt, alert.clearedAt, alert.resolvedAt, alert.lon, alert.lat, differences.join('; '), alert.openAtStart].map(cell).join(',');
}

/**
 * One row per would-have-fired alert (diff: added, changed or unchanged against the stored ones)
 * and one per stored alert the backtest did not raise (removed); the stored side of a change is in
 * `differences`.
 */
export function backtestCsv(result: BacktestResult): string {
  const added = new Set(result.diff.added);
  const changed = new Map(result.diff.changed.map((c) => [c.backtest, c]));
  const rows = [COLUMNS.join(',')];
  for (const alert of result.alerts) {
    const change = changed.get(alert);
    rows.push(change ? line('changed', alert, change.differences) : line(added.has(alert) ? 'added' : 'unchanged', alert));
  }
  for (const alert of result.diff.removed) rows.push(line('removed', alert));
  return `${rows.join('\r\n')}\r\n`;
}
