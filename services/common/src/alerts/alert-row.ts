import { create } from '@bufbuild/protobuf';
import { AlertChangeKind, AlertChangeSchema, AlertSeverity, AlertState, type AlertChange } from '@urban-brain/proto';

/** An `alerts` row as both the rules service and the api read it (migrations 008 and 011). */
export interface AlertRow {
  id: string;
  dedup_key: string;
  rule: string;
  rule_version: number;
  fleet: string;
  entity_id: string;
  severity: number;
  title: string;
  title_zh: string;
  detail: Record<string, unknown>;
  lon: number | null;
  lat: number | null;
  raised_at: Date;
  last_seen_at: Date;
  occurrences: number;
  state: 'open' | 'acknowledged' | 'assigned' | 'resolved';
  assignee: string | null;
  resolved_at: Date | null;
  incident_key: string | null;
  condition_active: boolean;
  cleared_at: Date | null;
  acknowledge_due_at: Date | null;
  resolve_due_at: Date | null;
  escalated_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export const ALERT_COLUMNS = `id, dedup_key, rule, rule_version, fleet, entity_id, severity, title, title_zh, detail, lon, lat,
  raised_at, last_seen_at, occurrences, state, assignee, resolved_at, incident_key, condition_active, cleared_at,
  acknowledge_due_at, resolve_due_at, escalated_at, acknowledged_at, acknowledged_by`;

const STATE: Record<AlertRow['state'], AlertState> = {
  open: AlertState.OPEN,
  acknowledged: AlertState.ACKNOWLEDGED,
  assigned: AlertState.ASSIGNED,
  resolved: AlertState.RESOLVED,
};

/** The alert as it is after `change`: what goes on ub.alerts.v1 (through the outbox). */
export function alertChangeOf(row: AlertRow, change: AlertChangeKind, actor: string, changedAtMs: number, note = ''): AlertChange {
  return create(AlertChangeSchema, {
    alertId: row.id,
    change,
    actor,
    changedAtMs: BigInt(changedAtMs),
    dedupKey: row.dedup_key,
    rule: row.rule,
    ruleVersion: row.rule_version,
    fleet: row.fleet,
    entityId: row.entity_id,
    severity: row.severity as AlertSeverity,
    state: STATE[row.state],
    titleEn: row.title,
    titleZh: row.title_zh,
    lon: row.lon ?? undefined,
    lat: row.lat ?? undefined,
    raisedAtMs: BigInt(row.raised_at.getTime()),
    lastSeenAtMs: BigInt(row.last_seen_at.getTime()),
    occurrences: row.occurrences,
    assignee: row.assignee ?? '',
    incidentId: row.incident_key ?? '',
    conditionActive: row.condition_active,
    detailJson: JSON.stringify(row.detail ?? {}),
    note,
    escalated: row.escalated_at !== null,
  });
}


export { AlertChangeKind };
