import { create, toBinary } from '@bufbuild/protobuf';
import { AlertBatchSchema, AlertChangeKind, AlertChangeSchema, AlertSeverity, AlertState, type AlertChange, type AlertSummary } from '@urban-brain/proto';

export const T0 = 1_750_000_000_000;

/** An AlertChange as the gateway sends it, with plain defaults. */
export function alertChange(fields: Partial<Omit<AlertChange, '$typeName' | 'changedAtMs' | 'raisedAtMs' | 'lastSeenAtMs'>> & { changedAtMs?: number; raisedAtMs?: number } = {}): AlertChange {
  const { changedAtMs = T0, raisedAtMs = T0, ...rest } = fields;
  return create(AlertChangeSchema, {
    alertId: 'a1',
    change: AlertChangeKind.RAISED,
    actor: 'alerting',
    rule: 'boat.low-battery',
    fleet: 'boats',
    entityId: 'boat-03',
    severity: AlertSeverity.WARNING,
    state: AlertState.OPEN,
    titleEn: 'Battery low',
    titleZh: '电量低',
    lon: 105.05,
    lat: 29.58,
    occurrences: 1,
    conditionActive: true,
    ...rest,
    changedAtMs: BigInt(changedAtMs),
    raisedAtMs: BigInt(raisedAtMs),
    lastSeenAtMs: BigInt(changedAtMs),
  });
}

export const batchBytes = (snapshot: boolean, changes: AlertChange[]): Uint8Array => toBinary(AlertBatchSchema, create(AlertBatchSchema, { snapshot, changes }));

/** A GET /api/alerts row. */
export function alertSummary(id: string, fields: Partial<AlertSummary> = {}): AlertSummary {
  return {
    id,
    rule: 'boat.low-battery',
    fleet: 'boats',
    entityId: 'boat-03',
    severity: 'warning',
    state: 'open',
    title: { en: 'Battery low', zh: '电量低' },
    raisedAt: new Date(T0).toISOString(),
    lastSeenAt: new Date(T0).toISOString(),
    occurrences: 1,
    assignee: null,
    lon: 105.05,
    lat: 29.58,
    incidentId: null,
    conditionActive: true,
    acknowledgeDueAt: new Date(T0 + 300_000).toISOString(),
    resolveDueAt: new Date(T0 + 3_600_000).toISOString(),
    escalated: false,
    ...fields,
  };
}
