import { AlertChangeKind, AlertSeverity, AlertState, type AlertBatch, type AlertChange, type AlertFleet, type AlertSeverityName, type AlertStateName } from '@urban-brain/proto';

/** One alert as the browser keeps it: the newest AlertChange, numbers instead of bigints and enums by name. */
export interface LiveAlert {
  id: string;
  /** What the newest change was (raised, acknowledged, escalated...). */
  change: AlertChangeKind;
  actor: string;
  changedAtMs: number;
  rule: string;
  fleet: AlertFleet;
  entityId: string;
  severity: AlertSeverityName;
  state: AlertStateName;
  titleEn: string;
  titleZh: string;
  lon: number | null;
  lat: number | null;
  raisedAtMs: number;
  lastSeenAtMs: number;
  occurrences: number;
  assignee: string | null;
  incidentId: string | null;
  conditionActive: boolean;
  note: string | null;
  /** An SLA was breached at some point (the AlertChange says so on every later change too). */
  escalated: boolean;
}

const SEVERITY_NAMES: Record<AlertSeverity, AlertSeverityName> = {
  [AlertSeverity.UNSPECIFIED]: 'info',
  [AlertSeverity.INFO]: 'info',
  [AlertSeverity.WARNING]: 'warning',
  [AlertSeverity.CRITICAL]: 'critical',
};
const STATE_NAMES: Record<AlertState, AlertStateName> = {
  [AlertState.UNSPECIFIED]: 'open',
  [AlertState.OPEN]: 'open',
  [AlertState.ACKNOWLEDGED]: 'acknowledged',
  [AlertState.ASSIGNED]: 'assigned',
  [AlertState.RESOLVED]: 'resolved',
};

export function liveAlertOf(change: AlertChange): LiveAlert {
  return {
    id: change.alertId,
    change: change.change,
    actor: change.actor,
    changedAtMs: Number(change.changedAtMs),
    rule: change.rule,
    fleet: change.fleet as AlertFleet,
    entityId: change.entityId,
    severity: SEVERITY_NAMES[change.severity] ?? 'info',
    state: STATE_NAMES[change.state] ?? 'open',
    titleEn: change.titleEn,
    titleZh: change.titleZh,
    lon: change.lon ?? null,
    lat: change.lat ?? null,
    raisedAtMs: Number(change.raisedAtMs),
    lastSeenAtMs: Number(change.lastSeenAtMs),
    occurrences: change.occurrences,
    assignee: change.assignee || null,
    incidentId: change.incidentId || null,
    conditionActive: change.conditionActive,
    escalated: change.escalated,
    note: change.note || null,
  };
}

/** What one batch did to the book. */
export interface BookUpdate {
  /** Alerts seen for the first time. */
  raised: LiveAlert[];
  /** Unresolved alerts that are critical now and were not (new ones, escalations): what the console beeps for. */
  becameCritical: LiveAlert[];
  /** Every alert the batch changed. */
  touched: LiveAlert[];
}

// Resolved alerts stay visible this long (the gateway's snapshot keeps them an hour too), then leave.
export const RESOLVED_KEEP_MS = 3_600_000;
// Bounded whatever the city does; the gateway holds a bounded book as well.
export const ALERT_BOOK_MAX = 5_000;

/**
 * The city's alerts as the gateway streams them: a snapshot replaces the book, each later batch
 * upserts the newest change per alert. A change older than the one held is ignored (a reconnect's
 * snapshot can cross a batch already applied).
 */
export class AlertBook {
  private alerts = new Map<string, LiveAlert>();

  constructor(
    private readonly resolvedKeepMs = RESOLVED_KEEP_MS,
    private readonly max = ALERT_BOOK_MAX,
  ) {}

  apply(batch: AlertBatch, nowMs: number): BookUpdate {
    const known = this.alerts;
    if (batch.snapshot) this.alerts = new Map();
    const update: BookUpdate = { raised: [], becameCritical: [], touched: [] };
    for (const change of batch.changes) {
      const alert = liveAlertOf(change);
      const held = this.alerts.get(alert.id) ?? known.get(alert.id);
      if (held && held.changedAtMs > alert.changedAtMs) {
        this.alerts.set(held.id, held);
        continue;
      }
      if (!held) update.raised.push(alert);
      if (alert.severity === 'critical' && alert.state !== 'resolved' && held?.severity !== 'critical') update.becameCritical.push(alert);
      this.alerts.set(alert.id, alert);
      update.touched.push(alert);
    }
    this.prune(nowMs);
    return update;
  }

  /** Drops resolved alerts older than the keep time, then the oldest resolved (then the oldest) above the bound. */
  prune(nowMs: number): void {
    for (const [id, alert] of this.alerts) if (alert.state === 'resolved' && alert.changedAtMs < nowMs - this.resolvedKeepMs) this.alerts.delete(id);
    if (this.alerts.size <= this.max) return;
    const byAge = [...this.alerts.values()].sort((a, b) => Number(b.state === 'resolved') - Number(a.state === 'resolved') || a.changedAtMs - b.changedAtMs);
    for (const alert of byAge.slice(0, this.alerts.size - this.max)) this.alerts.delete(alert.id);
  }

  get(id: string): LiveAlert | undefined {
    return this.alerts.get(id);
  }

  list(): LiveAlert[] {
    return [...this.alerts.values()];
  }

  get size(): number {
    return this.alerts.size;
  }
}

export const isResolved = (alert: Pick<LiveAlert, 'state'>): boolean => alert.state === 'resolved';
export const wasEscalated = (alert: Pick<LiveAlert, 'change' | 'escalated'>): boolean => alert.escalated || alert.change === AlertChangeKind.ESCALATED;
