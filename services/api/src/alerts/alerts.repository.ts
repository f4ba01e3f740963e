import { Inject, Injectable } from '@nestjs/common';
import { ALERT_COLUMNS, AlertChangeKind, alertChangeOf, enqueueAlertChange, enqueueDispatchTask, type AlertRow } from '@urban-brain/common';
import type { AlertEventRecord, DispatchTask } from '@urban-brain/proto';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/pg-pool.token';
import type { AlertListQuery } from './alert-query.schema';

export type AlertStep = 'acknowledged' | 'assigned' | 'resolved' | 'reopened';

const KIND_OF: Record<AlertStep, AlertChangeKind> = {
  acknowledged: AlertChangeKind.ACKNOWLEDGED,
  assigned: AlertChangeKind.ASSIGNED,
  resolved: AlertChangeKind.RESOLVED,
  reopened: AlertChangeKind.REOPENED,
};

// Each step is one conditional UPDATE: it applies only to the state it starts from, so of two
// dispatchers acknowledging at once exactly one changes the row and the other learns who did.
const STEP_SQL: Record<AlertStep, string> = {
  acknowledged: `UPDATE alerts SET state = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, acknowledge_due_at = NULL
    WHERE id = $1 AND state = 'open' RETURNING ${ALERT_COLUMNS}`,
  assigned: `UPDATE alerts SET state = 'assigned', assignee = $4,
      acknowledged_at = coalesce(acknowledged_at, $2), acknowledged_by = coalesce(acknowledged_by, $3), acknowledge_due_at = NULL
    WHERE id = $1 AND state IN ('open', 'acknowledged', 'assigned') RETURNING ${ALERT_COLUMNS}`,
  resolved: `UPDATE alerts SET state = 'resolved', resolved_at = $2, acknowledge_due_at = NULL, resolve_due_at = NULL
    WHERE id = $1 AND state <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
  // A reopened alert takes back its place as the one unresolved alert of its rule and entity, unless
  // the rule has raised a new one since (the partial unique index refuses it: 23505).
  reopened: `UPDATE alerts SET state = 'open', resolved_at = NULL, assignee = NULL, acknowledged_at = NULL, acknowledged_by = NULL
    WHERE id = $1 AND state = 'resolved' RETURNING ${ALERT_COLUMNS}`,
};

// Each statement's parameters: $1 id, $2 when, $3 who, $4 the assignee, as far as it uses them.
const STEP_PARAMS: Record<AlertStep, (id: string, at: Date, actor: string, assignee?: string) => unknown[]> = {
  acknowledged: (id, at, actor) => [id, at, actor],
  assigned: (id, at, actor, assignee) => [id, at, actor, assignee],
  resolved: (id, at) => [id, at],
  reopened: (id) => [id],
};

export type StepOutcome = { applied: true; row: AlertRow } | { applied: false; row: AlertRow | null; conflict?: 'duplicate-open' };

@Injectable()
export class AlertsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async list(query: AlertListQuery): Promise<AlertRow[]> {
    const params: unknown[] = [query.states];
    const where = ['state = ANY($1::text[])'];
    if (query.fleet) {
      params.push(query.fleet);
      where.push(`fleet = $${params.length}`);
    }
    if (query.rule) {
      params.push(query.rule);
      where.push(`rule = $${params.length}`);
    }
    if (query.cursor) {
      params.push(query.cursor.severity, query.cursor.raisedAt, query.cursor.id);
      const n = params.length;
      where.push(`(severity, raised_at, id) < ($${n - 2}::smallint, $${n - 1}::timestamptz, $${n}::uuid)`);
    }
    params.push(query.limit);
    const { rows } = await this.pool.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE ${where.join(' AND ')} ORDER BY severity DESC, raised_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows;
  }

  async findById(id: string): Promise<AlertRow | null> {
    const { rows } = await this.pool.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async events(id: string): Promise<AlertEventRecord[]> {
    const { rows } = await this.pool.query<{ action: AlertEventRecord['action']; actor: string; at: Date; note: string | null; assignee: string | null }>(
      'SELECT action, actor, at, note, assignee FROM alert_events WHERE alert_id = $1 ORDER BY at, id',
      [id],
    );
    return rows.map((row) => ({ action: row.action, actor: row.actor, at: row.at.toISOString(), note: row.note, assignee: row.assignee }));
  }

  /**
   * One workflow step by `actor`: the row, its alert_events step and its change on the outbox
   * (ub.alerts.v1) in one transaction, plus the dispatch task when a vehicle is sent.
   */
  async step(id: string, step: AlertStep, actor: string, atMs: number, details: { note?: string; assignee?: string; task?: DispatchTask } = {}): Promise<StepOutcome> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      let rows: AlertRow[];
      try {
        ({ rows } = await client.query<AlertRow>(STEP_SQL[step], STEP_PARAMS[step](id, new Date(atMs), actor, details.assignee)));
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        await client.query('ROLLBACK');
        return { applied: false, row: await this.findById(id), conflict: 'duplicate-open' };
      }
      const row = rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        return { applied: false, row: await this.findById(id) };
      }
      await client.query('INSERT INTO alert_events (alert_id, at, action, actor, note, assignee) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        new Date(atMs),
        step,
        actor,
        details.note ?? null,
        step === 'assigned' ? details.assignee : null,
      ]);
      await enqueueAlertChange(client, alertChangeOf(row, KIND_OF[step], actor, atMs, details.note ?? ''));
      if (details.task) await this.dispatch(client, details.task);
      await client.query('COMMIT');
      return { applied: true, row };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async dispatch(client: PoolClient, task: DispatchTask): Promise<void> {
    await client.query(
      'INSERT INTO dispatch_tasks (task_id, alert_id, fleet, vehicle_id, lon, lat, action, issued_at, issued_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [task.taskId, task.alertId, task.fleet, task.vehicleId, task.lon, task.lat, task.action, new Date(Number(task.issuedAtMs)), task.issuedBy],
    );
    await enqueueDispatchTask(client, task);
  }
}
