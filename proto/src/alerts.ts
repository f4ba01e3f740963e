// Alerts and dispatch over HTTP: the shapes the api answers and the console reads. The Kafka and
// socket form is urbanbrain.alert.v1.AlertChange / AlertBatch (proto/urbanbrain/alert/v1/alert.proto).

export type AlertStateName = 'open' | 'acknowledged' | 'assigned' | 'resolved';
export const ALERT_STATES: readonly AlertStateName[] = ['open', 'acknowledged', 'assigned', 'resolved'];

export type AlertSeverityName = 'info' | 'warning' | 'critical';
export const ALERT_SEVERITIES: readonly AlertSeverityName[] = ['info', 'warning', 'critical'];

/** The fleets an alert can be about; "city" for counts in a zone. */
export type AlertFleet = 'trucks' | 'bikes' | 'boats' | 'signals' | 'ambulances' | 'city';

/** `GET /api/alerts` rows. */
export interface AlertSummary {
  id: string;
  rule: string;
  fleet: AlertFleet;
  entityId: string;
  severity: AlertSeverityName;
  state: AlertStateName;
  /** In the two languages, values filled in. */
  title: { en: string; zh: string };
  /** ISO 8601. */
  raisedAt: string;
  lastSeenAt: string;
  occurrences: number;
  assignee: string | null;
  lon: number | null;
  lat: number | null;
  incidentId: string | null;
  /** Whether the rule still finds its condition true. */
  conditionActive: boolean;
  /** SLA deadlines by severity (null once met); a breach escalates the alert. */
  acknowledgeDueAt: string | null;
  resolveDueAt: string | null;
  escalated: boolean;
}

/** `GET /api/alerts?state=&fleet=&rule=&limit=&cursor=`: most severe, then newest first. */
export interface AlertPage {
  alerts: AlertSummary[];
  nextCursor: string | null;
}

/** `GET /api/alerts/{id}/events`: the alert's trail, oldest first. */
export interface AlertEventRecord {
  action: 'raised' | 're-raised' | 'acknowledged' | 'assigned' | 'resolved' | 'reopened' | 'commented' | 'escalated' | 'cleared';
  actor: string;
  at: string;
  note: string | null;
  assignee: string | null;
}

export interface AlertEventsResponse {
  events: AlertEventRecord[];
}

/** `POST /api/alerts/{id}/assign`. */
export interface AssignAlertRequest {
  /** A vehicle id from the candidates, or a crew's name. */
  assignee: string;
  /** When the assignee is a vehicle of a fleet that takes tasks, a dispatch task is sent (ub.dispatch.v1). */
  fleet?: string;
}

/** `POST /api/alerts/{id}/resolve` (and `/reopen`). */
export interface AlertNoteRequest {
  note?: string;
}

/** `GET /api/alerts/{id}/candidates`: suitable vehicles, fastest first. */
export interface DispatchCandidate {
  fleet: string;
  vehicleId: string;
  /** Road-network travel time from the vehicle's last position, seconds. */
  etaS: number;
  distanceM: number;
  lon: number;
  lat: number;
  /** Why it suits (e.g. "compactor, 2.1 t of 8 t room"). */
  reason: string;
}

export interface DispatchCandidatesResponse {
  candidates: DispatchCandidate[];
}
