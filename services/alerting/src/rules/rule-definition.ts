import type { AlertSeverityLevel } from '../engine/alert-signal';
import type { MessageField } from './message-field';
import type { MessageFilter } from './message-filter';
import type { TitleTemplate } from './title-template';

// A rule set after parsing: every field name resolved against the stream's protobuf schema, every
// polygon layer and place checked against the city pack, so the engine never meets a bad rule.

export type RuleKind = 'geofence' | 'stale' | 'threshold' | 'count-in-zone' | 'corridor-progression' | 'sequence' | 'visit';
export const RULE_KINDS: readonly RuleKind[] = ['geofence', 'stale', 'threshold', 'count-in-zone', 'corridor-progression', 'sequence', 'visit'];

/** The city pack's polygon layers a geofence can watch ('water' means its lake polygons). */
export type PolygonLayer = 'bike-fences' | 'water' | 'cleanup-zones' | 'districts' | 'restricted-zones';
export const POLYGON_LAYERS: readonly PolygonLayer[] = ['bike-fences', 'water', 'cleanup-zones', 'districts', 'restricted-zones'];

/** The city pack's point layers a count or a sequence can be about. */
export type PlaceLayer = 'sites' | 'landmarks' | 'lake-docks' | 'collection-points';
export const PLACE_LAYERS: readonly PlaceLayer[] = ['sites', 'landmarks', 'lake-docks', 'collection-points'];

export type GroupBy = 'district' | 'site';

export interface RuleBase {
  id: string;
  kind: RuleKind;
  stream: string;
  fleet: string;
  severity: AlertSeverityLevel;
  title: { en: TitleTemplate; zh: TitleTemplate };
  autoResolveAfterS: number;
  /** Messages that fail it make the condition false (a boat on its charger is not "low"); null: every message. */
  when: MessageFilter | null;
  groupBy: GroupBy | null;
  /** The rule as written, to tell an edited rule from an unchanged one on reload. */
  fingerprint: string;
  /** lon/lat fields of the stream's message, when it has them. */
  position: { lon: MessageField; lat: MessageField } | null;
}

export interface GeofenceRule extends RuleBase {
  kind: 'geofence';
  layer: PolygonLayer;
  /** Only these zones of the layer; null: any. */
  zones: readonly string[] | null;
  on: 'enter' | 'exit' | 'dwell';
  dwellS: number;
}

export interface StaleRule extends RuleBase {
  kind: 'stale';
  afterS: number;
}

export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  field: MessageField;
  direction: 'above' | 'below';
  /** Raises beyond it (strictly). */
  threshold: number;
  /** Clears at or back past it (hysteresis); equal to threshold when not given. */
  clearAt: number;
  forS: number;
}

export type CountZone =
  | { kind: 'around'; layer: PlaceLayer; ids: readonly string[] | null; siteKinds: readonly string[] | null; radiusM: number }
  | { kind: 'fences'; idField: MessageField | null }
  | { kind: 'pile'; cellM: number };

export interface CountInZoneRule extends RuleBase {
  kind: 'count-in-zone';
  zone: CountZone;
  /** Raises when the count exceeds it; null with capacityTimes. */
  above: number | null;
  /** Fences: raises when the count exceeds capacity × k. */
  capacityTimes: number | null;
  /** Clears at or below it (an absolute count, or capacity × clearCapacityTimes). */
  clearAtOrBelow: number | null;
  clearCapacityTimes: number | null;
}

export interface CorridorProgressionRule extends RuleBase {
  kind: 'corridor-progression';
  brokenBelowPct: number;
  /** Also broken when trips take longer than design × this; null: arrivals on green only. */
  brokenTravelRatio: number | null;
  windows: number;
}

export interface SequenceRule extends RuleBase {
  kind: 'sequence';
  /** The clock runs while this holds and `done` does not. */
  start: MessageFilter;
  /** An epoch-ms field the clock starts from (a call's received_at_ms); null: the first message that met `start`. */
  startAtField: MessageField | null;
  done: { when: MessageFilter | null; nearPlace: { layer: PlaceLayer; ids: readonly string[] | null; siteKinds: readonly string[] | null; radiusM: number } | null };
  withinS: number;
}

/** A place of a point layer not visited (a message passing `when` within radiusM) for withinS: a collection point missed. */
export interface VisitRule extends RuleBase {
  kind: 'visit';
  places: { layer: PlaceLayer; ids: readonly string[] | null; siteKinds: readonly string[] | null; radiusM: number };
  withinS: number;
}

export type Rule = GeofenceRule | StaleRule | ThresholdRule | CountInZoneRule | CorridorProgressionRule | SequenceRule | VisitRule;

export interface FloodControlSettings {
  windowS: number;
  /** Raises a rule may emit per window; `default` for rules not named. */
  perRule: ReadonlyMap<string, number>;
  perRuleDefault: number;
  perFleet: ReadonlyMap<string, number>;
  perFleetDefault: number;
}

/** A maintenance or suppression window: raises that match every given field in [fromMs, toMs) are withheld. */
export interface Suppression {
  rule: string | null;
  fleet: string | null;
  entityId: string | null;
  fromMs: number;
  toMs: number;
  reason: string;
}

export interface RuleSet {
  /** The rule set's version: every alert names the version that raised it. */
  version: number;
  source: string;
  /** Enabled rules only. */
  rules: readonly Rule[];
  floodControl: FloodControlSettings;
  suppressions: readonly Suppression[];
}
