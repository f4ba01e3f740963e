/** What the engine says about one (rule, entity) condition; the plumbing turns it into AlertChange rows and messages. */
export interface AlertSignal {
  /** raise: the condition became true (or is true and not yet raised); clear: it became false; resolve: false for the rule's autoResolveAfterS. */
  kind: 'raise' | 'clear' | 'resolve';
  /** `${rule.id}:${entityId}`: at most one unresolved alert per key. */
  dedupKey: string;
  rule: string;
  ruleVersion: number;
  /** The fleet, or 'city' for counts in a zone (alert.proto's AlertChange.fleet). */
  fleet: string;
  entityId: string;
  severity: 1 | 2 | 3;
  /** Templated with the values of `detail`. */
  title: { en: string; zh: string };
  /** The value, threshold, zone, count... */
  detail: Record<string, unknown>;
  lon?: number;
  lat?: number;
  /** The event time that made it so. */
  atMs: number;
  /** `${rule.id}:${areaId}` when the rule groups by area (a district, or the nearest site). */
  incidentKey?: string;
}

export type AlertSeverityLevel = AlertSignal['severity'];
