import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import type { AlertRow } from '@urban-brain/common';
import { DispatchTaskSchema, type AlertEventsResponse, type AlertPage, type AlertSummary, type DispatchCandidatesResponse } from '@urban-brain/proto';
import { AuditService } from '../audit/audit.service';
import type { AuthContext, RequestOrigin } from '../auth/auth-context';
import { AUTH_CLOCK } from '../auth/auth-options';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { encodeAlertCursor, type AlertListQuery } from './alert-query.schema';
import { AlertsRepository, type AlertStep } from './alerts.repository';
import { DispatchCandidatesService } from './dispatch-candidates.service';

const SEVERITY = ['info', 'info', 'warning', 'critical'] as const;

export function alertSummary(row: AlertRow): AlertSummary {
  return {
    id: row.id,
    rule: row.rule,
    fleet: row.fleet as AlertSummary['fleet'],
    entityId: row.entity_id,
    severity: SEVERITY[row.severity] ?? 'info',
    state: row.state,
    title: { en: row.title, zh: row.title_zh || row.title },
    raisedAt: row.raised_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    occurrences: row.occurrences,
    assignee: row.assignee,
    lon: row.lon,
    lat: row.lat,
    incidentId: row.incident_key,
    conditionActive: row.condition_active,
    acknowledgeDueAt: row.acknowledge_due_at?.toISOString() ?? null,
    resolveDueAt: row.resolve_due_at?.toISOString() ?? null,
    escalated: row.escalated_at !== null,
  };
}

// What each step starts from, for the 409's message.
const REFUSAL: Record<AlertStep, (row: AlertRow) => string> = {
  acknowledged: (row) =>
    row.state === 'resolved' ? 'The alert is resolved' : row.acknowledged_by ? `Already acknowledged by ${row.acknowledged_by} at ${row.acknowledged_at?.toISOString()}` : `The alert is ${row.state}`,
  assigned: () => 'The alert is resolved; reopen it first',
  resolved: () => 'The alert is already resolved',
  reopened: (row) => `The alert is ${row.state}, not resolved`,
};

/** The dispatchers' workflow: each step checked against the alert's state, recorded (alert_events, the audit log) and published. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly candidatesOf: DispatchCandidatesService,
    private readonly audit: AuditService,
    @Inject(AUTH_CLOCK) private readonly now: () => number,
  ) {}

  async list(query: AlertListQuery): Promise<AlertPage> {
    const rows = await this.alerts.list({ ...query, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { alerts: page.map(alertSummary), nextCursor: rows.length > query.limit && last ? encodeAlertCursor(last.severity, last.raised_at, last.id) : null };
  }

  async get(id: string): Promise<AlertSummary> {
    return alertSummary(await this.found(id));
  }

  async events(id: string): Promise<AlertEventsResponse> {
    await this.found(id);
    return { events: await this.alerts.events(id) };
  }

  async candidates(id: string): Promise<DispatchCandidatesResponse> {
    return { candidates: await this.candidatesOf.candidates(await this.found(id), this.now()) };
  }

  acknowledge(id: string, auth: AuthContext, origin: RequestOrigin): Promise<AlertSummary> {
    return this.step(id, 'acknowledged', auth, origin, {});
  }

  /**
   * Assigns a vehicle or a crew. A vehicle of a fleet that takes tasks (trucks, boats, ambulances)
   * is sent there: a dispatch task on ub.dispatch.v1, which the simulator (or a fleet's gateway) obeys.
   */
  async assign(id: string, assignee: string, fleet: string | undefined, auth: AuthContext, origin: RequestOrigin): Promise<AlertSummary> {
    const alert = await this.found(id);
    // A crew (a person, a name) gets no task; a vehicle of a fleet that takes tasks is sent.
    const taskFleet = fleet !== undefined ? this.candidatesOf.sendable(fleet) : this.candidatesOf.fleetFor(alert);
    const task =
      taskFleet !== null && alert.lon !== null && alert.lat !== null
        ? create(DispatchTaskSchema, {
            taskId: randomUUID(),
            alertId: id,
            fleet: taskFleet,
            vehicleId: assignee,
            lon: alert.lon,
            lat: alert.lat,
            action: this.candidatesOf.actionFor(taskFleet),
            issuedAtMs: BigInt(this.now()),
            issuedBy: auth.user.username,
          })
        : undefined;
    return this.step(id, 'assigned', auth, origin, { assignee, task });
  }

  resolve(id: string, note: string | undefined, auth: AuthContext, origin: RequestOrigin): Promise<AlertSummary> {
    return this.step(id, 'resolved', auth, origin, { note });
  }

  reopen(id: string, note: string | undefined, auth: AuthContext, origin: RequestOrigin): Promise<AlertSummary> {
    return this.step(id, 'reopened', auth, origin, { note });
  }

  private async step(id: string, step: AlertStep, auth: AuthContext, origin: RequestOrigin, details: Parameters<AlertsRepository['step']>[4]): Promise<AlertSummary> {
    const outcome = await this.alerts.step(id, step, auth.user.username, this.now(), details);
    if (!outcome.applied) {
      if (outcome.row === null) throw notFound(id);
      const message = outcome.conflict === 'duplicate-open' ? 'The rule has raised a newer alert for the same entity; work that one' : REFUSAL[step](outcome.row);
      throw new DomainError(DomainErrorCode.ALERT_STEP_REFUSED, message, [], { extra: { state: outcome.row.state, ...(outcome.row.acknowledged_by ? { acknowledgedBy: outcome.row.acknowledged_by } : {}) } });
    }
    await this.audit.record({
      actor: auth.user.username,
      actorUserId: auth.user.id,
      action: `alert.${step === 'acknowledged' ? 'acknowledge' : step === 'assigned' ? 'assign' : step === 'resolved' ? 'resolve' : 'reopen'}`,
      target: id,
      detail: { rule: outcome.row.rule, entityId: outcome.row.entity_id, ...(details?.assignee ? { assignee: details.assignee } : {}), ...(details?.note ? { note: details.note } : {}), ...(details?.task ? { dispatchTask: details.task.taskId } : {}) },
      origin,
    });
    return alertSummary(outcome.row);
  }

  private async found(id: string): Promise<AlertRow> {
    const row = await this.alerts.findById(id);
    if (!row) throw notFound(id);
    return row;
  }
}

function notFound(id: string): DomainError {
  return new DomainError(DomainErrorCode.ALERT_NOT_FOUND, `No alert with id ${id}`);
}
