import { Inject, Injectable } from '@nestjs/common';
import { ALERT_COLUMNS, AlertChangeKind, alertChangeOf, enqueueAlertChange, withTransaction, type AlertRow } from '@urban-brain/common';
import type { Pool, PoolClient } from 'pg';
import { ALERTING_CONFIG, type AlertingConfig } from '../config/alerting.config';
import { PG_POOL } from '../core/core.tokens';
import type { AlertSignal } from '../engine/alert-signal';

export const ALERTING_ACTOR = 'alerting';

/** What applying signals changed: how many alerts were raised, re-raised, cleared and resolved. */
export interface AppliedSignals {
  raised: number;
  reRaised: number;
  cleared: number;
  resolved: number;
  unchanged: number;
}

/**
 * Writes what the rules found, idempotently by the alert's state, so a batch applied twice (a
 * redelivery after a crash between the database commit and the offset commit) changes nothing the
 * second time: a raise while the alert's condition is already active only moves last_seen_at, a
 * clear of a cleared one and a resolve of a resolved one do nothing. Every change is an
 * alert_events row and an outbox row (ub.alerts.v1) in the same transaction.
 */
@Injectable()
export class AlertsRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(ALERTING_CONFIG) private readonly config: Pick<AlertingConfig, 'ALERTING_SLA_ACK_S' | 'ALERTING_SLA_RESOLVE_S'>,
  ) {}

  async apply(signals: readonly AlertSignal[]): Promise<AppliedSignals> {
    const applied: AppliedSignals = { raised: 0, reRaised: 0, cleared: 0, resolved: 0, unchanged: 0 };
    if (signals.length === 0) return applied;
    await withTransaction(this.pool, async (client) => {
      for (const signal of signals) {
        const outcome = signal.kind === 'raise' ? await this.raise(client, signal) : signal.kind === 'clear' ? await this.clear(client, signal) : await this.resolve(client, signal);
        applied[outcome]++;
      }
    });
    return applied;
  }

  /** The unresolved alerts whose condition the database holds active, by dedup key (the restart reconciliation). */
  async activeConditions(): Promise<Map<string, AlertRow>> {
    const { rows } = await this.pool.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE state <> 'resolved' AND condition_active`);
    return new Map(rows.map((row) => [row.dedup_key, row]));
  }

  /** Escalates once each unresolved alert past an SLA deadline: severity up by one (at most critical). */
  async escalateOverdue(nowMs: number): Promise<number> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<AlertRow>(
        `UPDATE alerts SET severity = least(3, severity + 1), escalated_at = $1
         WHERE escalated_at IS NULL AND state <> 'resolved'
           AND ((state = 'open' AND acknowledge_due_at < $1) OR resolve_due_at < $1)
         RETURNING ${ALERT_COLUMNS}`,
        [new Date(nowMs)],
      );
      for (const row of rows) {
        const late = row.state === 'open' && row.acknowledge_due_at && row.acknowledge_due_at.getTime() < nowMs ? 'not acknowledged in time' : 'not resolved in time';
        await this.step(client, row, 'escalated', nowMs, late);
        await enqueueAlertChange(client, alertChangeOf(row, AlertChangeKind.ESCALATED, ALERTING_ACTOR, nowMs, late));
      }
      return rows.length;
    });
  }

  private async raise(client: PoolClient, signal: AlertSignal): Promise<keyof AppliedSignals> {
    const at = new Date(signal.atMs);
    const { rows: open } = await client.query<AlertRow>(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE dedup_key = $1 AND state <> 'resolved' FOR UPDATE`, [signal.dedupKey]);
    const current = open[0];
    if (current?.condition_active) {
      await client.query('UPDATE alerts SET last_seen_at = greatest(last_seen_at, $2) WHERE id = $1', [current.id, at]);
      return 'unchanged';
    }
    if (current) {
      const { rows } = await client.query<AlertRow>(
        `UPDATE alerts SET condition_active = true, cleared_at = NULL, occurrences = occurrences + 1,
           last_seen_at = greatest(last_seen_at, $2), detail = $3, title = $4, title_zh = $5, lon = coalesce($6, lon), lat = coalesce($7, lat)
         WHERE id = $1 RETURNING ${ALERT_COLUMNS}`,
        [current.id, at, JSON.stringify(signal.detail), signal.title.en, signal.title.zh, signal.lon ?? null, signal.lat ?? null],
      );
      await this.step(client, rows[0]!, 're-raised', signal.atMs, null);
      await enqueueAlertChange(client, alertChangeOf(rows[0]!, AlertChangeKind.RE_RAISED, ALERTING_ACTOR, signal.atMs));
      return 'reRaised';
    }
    const tier = signal.severity - 1;
    // The SLA clock starts when the alert reaches the queue, not at the reading's device time: a condition
    // found in late or replayed readings (the day-so-far backfill, a restart's rebuild) is not overdue on arrival.
    const { rows } = await client.query<AlertRow>(
      `INSERT INTO alerts (dedup_key, rule, rule_version, fleet, entity_id, severity, title, title_zh, detail, lon, lat,
         raised_at, last_seen_at, incident_key, condition_active, acknowledge_due_at, resolve_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, true,
         greatest($12::timestamptz, now()) + make_interval(secs => $14), greatest($12::timestamptz, now()) + make_interval(secs => $15))
       RETURNING ${ALERT_COLUMNS}`,
      [
        signal.dedupKey,
        signal.rule,
        signal.ruleVersion,
        signal.fleet,
        signal.entityId,
        signal.severity,
        signal.title.en,
        signal.title.zh,
        JSON.stringify(signal.detail),
        signal.lon ?? null,
        signal.lat ?? null,
        at,
        signal.incidentKey ?? null,
        this.config.ALERTING_SLA_ACK_S[tier],
        this.config.ALERTING_SLA_RESOLVE_S[tier],
      ],
    );
    await this.step(client, rows[0]!, 'raised', signal.atMs, null);
    await enqueueAlertChange(client, alertChangeOf(rows[0]!, AlertChangeKind.RAISED, ALERTING_ACTOR, signal.atMs));
    return 'raised';
  }

  private async clear(client: PoolClient, signal: AlertSignal): Promise<keyof AppliedSignals> {
    const { rows } = await client.query<AlertRow>(
      `UPDATE alerts SET condition_active = false, cleared_at = $2
       WHERE dedup_key = $1 AND state <> 'resolved' AND condition_active RETURNING ${ALERT_COLUMNS}`,
      [signal.dedupKey, new Date(signal.atMs)],
    );
    if (!rows[0]) return 'unchanged';
    await this.step(client, rows[0], 'cleared', signal.atMs, null);
    await enqueueAlertChange(client, alertChangeOf(rows[0], AlertChangeKind.CLEARED, ALERTING_ACTOR, signal.atMs));
    return 'cleared';
  }

  // The condition has stayed false for the rule's quiet time: the alert resolves itself, whoever it was assigned to.
  private async resolve(client: PoolClient, signal: AlertSignal): Promise<keyof AppliedSignals> {
    const { rows } = await client.query<AlertRow>(
      `UPDATE alerts SET state = 'resolved', resolved_at = $2, condition_active = false
       WHERE dedup_key = $1 AND state <> 'resolved' RETURNING ${ALERT_COLUMNS}`,
      [signal.dedupKey, new Date(signal.atMs)],
    );
    if (!rows[0]) return 'unchanged';
    const note = 'resolved by itself: the condition cleared and stayed clear';
    await this.step(client, rows[0], 'resolved', signal.atMs, note);
    await enqueueAlertChange(client, alertChangeOf(rows[0], AlertChangeKind.RESOLVED, ALERTING_ACTOR, signal.atMs, note));
    return 'resolved';
  }

  private async step(client: PoolClient, row: AlertRow, action: string, atMs: number, note: string | null): Promise<void> {
    await client.query('INSERT INTO alert_events (alert_id, at, action, actor, note) VALUES ($1, $2, $3, $4, $5)', [row.id, new Date(atMs), action, ALERTING_ACTOR, note]);
  }
}
