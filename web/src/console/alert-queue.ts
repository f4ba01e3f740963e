import { ALERT_SEVERITIES, type AlertStateName, type AlertSummary } from '@urban-brain/proto';
import { districtAt, type District } from '../dashboard/city-places';
import { wasEscalated, type LiveAlert } from './alert-book';

/** What the dispatcher narrowed the queue to; null shows all. 'unresolved' is open, acknowledged and assigned. */
export interface QueueFilters {
  fleet: string | null;
  rule: string | null;
  /** A district id of the city pack: the alerts placed inside it. */
  district: string | null;
  state: AlertStateName | 'unresolved' | null;
}

export const DEFAULT_FILTERS: QueueFilters = { fleet: null, rule: null, district: null, state: 'unresolved' };

/** The deadline the alert works against now: acknowledging while open, resolving after. */
export interface SlaDue {
  step: 'acknowledge' | 'resolve';
  atMs: number;
}

export interface QueueRow {
  alert: LiveAlert;
  /** The district the alert is in, when it has a place inside one. */
  district: District | null;
  escalated: boolean;
  /** Null when resolved, when the api has not told us the deadlines yet, or once met. */
  due: SlaDue | null;
}

export interface QueueGroup {
  /** The incident id, or the alert id for an alert on its own. */
  key: string;
  /** Set when several alerts of the queue share it. */
  incidentId: string | null;
  rows: QueueRow[];
}

const SEVERITY_RANK = Object.fromEntries(ALERT_SEVERITIES.map((name, rank) => [name, rank])) as Record<string, number>;

/** The SLA deadline that applies to the alert as it stands (the socket's change lacks them; the api's row has them). */
export function slaDue(alert: LiveAlert, summary: AlertSummary | undefined): SlaDue | null {
  if (!summary || alert.state === 'resolved') return null;
  if (alert.state === 'open') return summary.acknowledgeDueAt ? { step: 'acknowledge', atMs: Date.parse(summary.acknowledgeDueAt) } : null;
  return summary.resolveDueAt ? { step: 'resolve', atMs: Date.parse(summary.resolveDueAt) } : null;
}

function passes(alert: LiveAlert, filters: QueueFilters): boolean {
  if (filters.fleet !== null && alert.fleet !== filters.fleet) return false;
  if (filters.rule !== null && alert.rule !== filters.rule) return false;
  if (filters.state === 'unresolved') return alert.state !== 'resolved';
  return filters.state === null || alert.state === filters.state;
}

// Unresolved before resolved, then the most severe, then the one waiting longest: a queue is
// worked from the top, and the oldest unhandled alert is the one whose SLA runs out first.
export function compareRows(a: QueueRow, b: QueueRow): number {
  return (
    Number(a.alert.state === 'resolved') - Number(b.alert.state === 'resolved') ||
    (SEVERITY_RANK[b.alert.severity] ?? 0) - (SEVERITY_RANK[a.alert.severity] ?? 0) ||
    a.alert.raisedAtMs - b.alert.raisedAtMs ||
    a.alert.id.localeCompare(b.alert.id)
  );
}

/** The alerts that pass the filters, as queue rows in working order. */
export function queueRows(alerts: readonly LiveAlert[], summaries: ReadonlyMap<string, AlertSummary>, filters: QueueFilters, districts: readonly District[] = []): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const alert of alerts) {
    if (!passes(alert, filters)) continue;
    const district = alert.lon !== null && alert.lat !== null ? districtAt(districts, alert.lon, alert.lat) : null;
    if (filters.district !== null && district?.id !== filters.district) continue;
    const summary = summaries.get(alert.id);
    rows.push({
      alert,
      district,
      escalated: alert.state !== 'resolved' && (wasEscalated(alert) || (summary?.escalated ?? false)),
      due: slaDue(alert, summary),
    });
  }
  return rows.sort(compareRows);
}

/** Rows of one incident under one header where several share it, placed where its first row would be. */
export function groupByIncident(rows: readonly QueueRow[]): QueueGroup[] {
  const groups: QueueGroup[] = [];
  const byIncident = new Map<string, QueueGroup>();
  const counts = new Map<string, number>();
  for (const row of rows) if (row.alert.incidentId) counts.set(row.alert.incidentId, (counts.get(row.alert.incidentId) ?? 0) + 1);
  for (const row of rows) {
    const incident = row.alert.incidentId;
    if (incident && (counts.get(incident) ?? 0) > 1) {
      let group = byIncident.get(incident);
      if (!group) {
        group = { key: incident, incidentId: incident, rows: [] };
        byIncident.set(incident, group);
        groups.push(group);
      }
      group.rows.push(row);
    } else {
      groups.push({ key: row.alert.id, incidentId: null, rows: [row] });
    }
  }
  return groups;
}

/** The fleets and rules present, for the filter menus. */
export function filterChoices(alerts: readonly LiveAlert[]): { fleets: string[]; rules: string[] } {
  const fleets = new Set<string>();
  const rules = new Set<string>();
  for (const alert of alerts) {
    fleets.add(alert.fleet);
    rules.add(alert.rule);
  }
  return { fleets: [...fleets].sort(), rules: [...rules].sort() };
}

/** The id `step` rows away from `current` in the queue's order (clamped), the first when none is current. */
export function stepSelection(order: readonly string[], current: string | null, step: number): string | null {
  if (order.length === 0) return null;
  const at = current === null ? -1 : order.indexOf(current);
  if (at < 0) return order[step < 0 ? order.length - 1 : 0]!;
  return order[Math.min(order.length - 1, Math.max(0, at + step))]!;
}
