import type { DescMessage } from '@bufbuild/protobuf';
import { FLEET_STREAMS, FLEETS, type FleetStreamDescriptor } from '@urban-brain/common';
import { SITE_KINDS, type CityPack } from '@urban-brain/city-pack';
import { parse as parseYaml } from 'yaml';
import type { AlertSeverityLevel } from '../engine/alert-signal';
import { resolveMessageField, type MessageField } from './message-field';
import type { FieldTest, MessageFilter } from './message-filter';
import { ON_DUTY_WHEN } from './on-duty.filters';
import {
  PLACE_LAYERS,
  POLYGON_LAYERS,
  RULE_KINDS,
  type CountZone,
  type FloodControlSettings,
  type GroupBy,
  type PlaceLayer,
  type PolygonLayer,
  type Rule,
  type RuleBase,
  type RuleKind,
  type RuleSet,
  type Suppression,
} from './rule-definition';
import { RuleSetError } from './rule-set.error';
import { compileTitle, placeholdersOf, type TitleTemplate } from './title-template';

// The YAML format (rules/default.rules.yaml is the worked example):
//
//   version: 1                          # optional; a stored rule set's number overrides it
//   rules:
//     - id: boat.low-battery            # [a-z0-9.-]
//       kind: threshold                 # geofence | stale | threshold | count-in-zone | corridor-progression | sequence | visit
//       stream: boat-readings           # or fleet: boats when the fleet has one stream
//       severity: warning               # info | warning | critical, or 1-3
//       title: { en: "Boat {entityId} battery {value}%", zh: "清漂船{entityId}电量{value}%" }
//                                       # {entity}/{entityZh}: the pack's name of the entity (an intersection, a fence), else its id
//       autoResolveAfterS: 600          # quiet time before a cleared alert resolves itself (default 300)
//       when: { taskState: { notIn: [CHARGING] } }   # messages that fail it make the condition false
//       onDutyOnly: true                # adds the stream's on-duty test (on-duty.filters.ts)
//       groupBy: district               # or site: the incident key groups alerts of the rule by area
//       enabled: true
//       ...the kind's own fields (see parseKind below)
//   floodControl: { windowS: 60, perRule: { default: 100, bike.pile: 20 }, perFleet: { default: 300 } }
//   suppressions: [{ rule: truck.stale-gps, entityId: T-017, from: 2026-12-01T00:00:00Z, to: 2026-12-02T00:00:00Z, reason: "unit in repair" }]
//
// Every problem is collected before failing, so one run of the service (or one admin save) lists them all.

const SEVERITIES: Record<string, AlertSeverityLevel> = { info: 1, warning: 2, critical: 3, '1': 1, '2': 2, '3': 3 };
const COMMON_KEYS = ['id', 'kind', 'stream', 'fleet', 'severity', 'title', 'autoResolveAfterS', 'when', 'onDutyOnly', 'groupBy', 'enabled', 'description'];
const KIND_KEYS: Record<RuleKind, string[]> = {
  geofence: ['layer', 'zones', 'on', 'dwellS'],
  stale: ['afterS'],
  threshold: ['field', 'above', 'below', 'clearBelow', 'clearAbove', 'forS'],
  'count-in-zone': ['zone', 'above', 'capacityTimes', 'clearAtOrBelow', 'clearCapacityTimes'],
  'corridor-progression': ['brokenBelowPct', 'brokenTravelRatio', 'windows'],
  sequence: ['start', 'startAtField', 'done', 'withinS'],
  visit: ['places', 'withinS'],
};
const COMMON_PLACEHOLDERS = ['entityId', 'entity', 'entityZh', 'fleet', 'rule', 'district', 'districtZh', 'place', 'placeZh'];
const KIND_PLACEHOLDERS: Record<RuleKind, string[]> = {
  geofence: ['zone', 'zoneZh', 'dwellMin'],
  stale: ['silentS', 'silentMin'],
  threshold: ['value', 'threshold', 'field'],
  'count-in-zone': ['count', 'limit', 'capacity'],
  'corridor-progression': ['corridor', 'corridorZh', 'arrivalsOnGreenPct', 'travelTimeRatio', 'threshold', 'windows', 'direction'],
  sequence: ['elapsedMin', 'withinMin'],
  visit: ['sinceMin', 'withinMin'],
};
const CORRIDOR_FIELDS = ['arrivalsOnGreenPct', 'vehicles', 'direction', 'travelTimeS', 'designTravelTimeS'];
const DEFAULT_AUTO_RESOLVE_S = 300;
const ALERT_FLEETS = [...FLEETS.map((f) => f.name), 'city'];

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one YAML object, collecting problems as "<prefix><path>: <problem>". */
class FieldReader {
  private readonly seen = new Set<string>();

  constructor(
    readonly raw: Raw,
    readonly prefix: string,
    private readonly path: string,
    readonly problems: string[],
  ) {}

  problem(key: string, text: string): void {
    this.problems.push(`${this.prefix}${this.path}${key}: ${text}`);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  value(key: string): unknown {
    this.seen.add(key);
    return this.raw[key];
  }

  child(key: string): FieldReader | null {
    const v = this.value(key);
    if (v === undefined || v === null) return null;
    if (!isObject(v)) {
      this.problem(key, 'must be an object');
      return null;
    }
    return new FieldReader(v, this.prefix, `${this.path}${key}.`, this.problems);
  }

  number(key: string, opts: { min?: number; max?: number; above?: number; integer?: boolean; required?: boolean } = {}): number | null {
    const v = this.value(key);
    if (v === undefined || v === null) {
      if (opts.required) this.problem(key, 'is required');
      return null;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(key, `must be a number (got ${JSON.stringify(v)})`);
    if (opts.integer && !Number.isInteger(v)) return this.fail(key, `must be a whole number (got ${v})`);
    if (opts.min !== undefined && v < opts.min) return this.fail(key, `must be at least ${opts.min} (got ${v})`);
    if (opts.above !== undefined && v <= opts.above) return this.fail(key, `must be more than ${opts.above} (got ${v})`);
    if (opts.max !== undefined && v > opts.max) return this.fail(key, `must be at most ${opts.max} (got ${v})`);
    return v;
  }

  string(key: string, required = false): string | null {
    const v = this.value(key);
    if (v === undefined || v === null) {
      if (required) this.problem(key, 'is required');
      return null;
    }
    if (typeof v !== 'string' || v.trim() === '') return this.fail(key, 'must be a non-empty string');
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], required = false): T | null {
    const v = this.string(key, required);
    if (v === null) return null;
    if (!(values as readonly string[]).includes(v)) return this.fail(key, `must be one of ${values.join(', ')} (got "${v}")`);
    return v as T;
  }

  stringList(key: string): string[] | null {
    const v = this.value(key);
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s !== '')) return this.fail(key, 'must be a non-empty list of strings');
    return v as string[];
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.value(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.problem(key, 'must be true or false');
      return fallback;
    }
    return v;
  }

  /** Flags keys nobody read: a misspelt field must not silently do nothing. */
  finish(allowed: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.seen.has(key) && !allowed.includes(key)) this.problem(key, `unknown field; fields here: ${allowed.join(', ')}`);
    }
  }

  private fail(key: string, text: string): null {
    this.problem(key, text);
    return null;
  }
}

export type { RuleSet } from './rule-definition';

/**
 * Parses and checks a rule set against the fleets' schemas and the city pack; throws RuleSetError listing
 * every problem. `version` (a stored rule set's number) overrides the file's own `version:`.
 */
export function parseRuleSet(yamlText: string, source: string, cityPack: CityPack, version?: number): RuleSet {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (error) {
    throw new RuleSetError([`${source}: yaml: ${(error as Error).message.split('\n')[0]}`]);
  }
  const problems: string[] = [];
  if (!isObject(doc)) throw new RuleSetError([`${source}: must be a YAML object with version and rules`]);
  const top = new FieldReader(doc, `${source}: `, '', problems);
  const ownVersion = top.number('version', { integer: true, min: 0 });
  const rawRules = top.value('rules');
  const rules: Rule[] = [];
  const allIds: string[] = [];
  if (!Array.isArray(rawRules)) top.problem('rules', 'must be a list of rules');
  else {
    const firstAt = new Map<string, number>();
    rawRules.forEach((raw, index) => {
      const label = isObject(raw) && typeof raw.id === 'string' && raw.id !== '' ? raw.id : `#${index + 1}`;
      const prefix = `${source}: rule ${label}: `;
      if (!isObject(raw)) {
        problems.push(`${prefix}rule: must be an object`);
        return;
      }
      const earlier = firstAt.get(label);
      if (earlier !== undefined) problems.push(`${prefix}id: duplicate (rule #${earlier + 1} has it too)`);
      else firstAt.set(label, index);
      allIds.push(label);
      const parsed = parseRule(new FieldReader(raw, prefix, '', problems), cityPack);
      if (parsed && parsed.enabled) rules.push(parsed.rule);
    });
  }
  const floodControl = parseFloodControl(top.child('floodControl'), [...new Set(allIds)]);
  const suppressions = parseSuppressions(top, [...new Set(allIds)]);
  top.finish(['version', 'rules', 'floodControl', 'suppressions', 'description']);
  if (problems.length > 0) throw new RuleSetError(problems);
  return { version: version ?? ownVersion ?? 0, source, rules, floodControl, suppressions };
}

function parseRule(r: FieldReader, pack: CityPack): { rule: Rule; enabled: boolean } | null {
  const id = r.string('id', true);
  if (id !== null && !/^[a-z0-9][a-z0-9._-]*$/.test(id)) r.problem('id', 'must be lower-case letters, digits, dots and dashes');
  const kind = r.oneOf('kind', RULE_KINDS, true);
  const stream = resolveStream(r);
  const severityRaw = r.value('severity');
  const severity = SEVERITIES[String(severityRaw)] ?? null;
  if (severity === null) r.problem('severity', `must be info, warning or critical (or 1-3); got ${JSON.stringify(severityRaw)}`);
  const autoResolveAfterS = r.number('autoResolveAfterS', { min: 0 }) ?? DEFAULT_AUTO_RESOLVE_S;
  const enabled = r.bool('enabled', true);
  const groupBy = r.oneOf<GroupBy>('groupBy', ['district', 'site']);
  r.value('description');
  const allowedKeys = [...COMMON_KEYS, ...(kind ? KIND_KEYS[kind] : Object.values(KIND_KEYS).flat())];
  if (!kind || !stream) {
    r.finish(allowedKeys);
    return null;
  }
  const schema = stream.schema as DescMessage;
  let when = parseFilter(r, 'when', schema);
  if (r.bool('onDutyOnly', false)) {
    const onDuty = ON_DUTY_WHEN[stream.name];
    if (!onDuty) r.problem('onDutyOnly', `stream ${stream.name} has no on-duty definition (streams with one: ${Object.keys(ON_DUTY_WHEN).join(', ')})`);
    else {
      const dutyFilter = parseFilter(new FieldReader({ onDuty }, `${r.prefix}onDutyOnly: `, '', r.problems), 'onDuty', schema);
      if (dutyFilter) when = { tests: [...dutyFilter.tests, ...(when?.tests ?? [])], text: `${dutyFilter.text}${when ? ` and ${when.text}` : ''}` };
    }
  }
  const title = parseTitle(r, kind);
  const lon = resolveMessageField(schema, 'lon');
  const lat = resolveMessageField(schema, 'lat');
  const position = typeof lon === 'object' && typeof lat === 'object' ? { lon, lat } : null;
  const base = {
    id: id ?? '',
    stream: stream.name,
    fleet: kind === 'count-in-zone' ? 'city' : stream.fleet,
    severity: severity ?? 1,
    title: title ?? { en: compileTitle(''), zh: compileTitle('') },
    autoResolveAfterS,
    when,
    groupBy,
    fingerprint: JSON.stringify(r.raw),
    position,
  };
  const needsPosition = (what: string): void => {
    if (!position) r.problem('kind', `${what} needs lon/lat, which ${schema.name} does not have`);
  };
  const rule = parseKind(kind, r, base, schema, pack, needsPosition);
  r.finish(allowedKeys);
  return rule ? { rule, enabled } : null;
}

function parseKind(kind: RuleKind, r: FieldReader, base: Omit<RuleBase, 'kind'>, schema: DescMessage, pack: CityPack, needsPosition: (what: string) => void): Rule | null {
  switch (kind) {
    case 'geofence': {
      needsPosition('a geofence');
      const layer = r.oneOf<PolygonLayer>('layer', POLYGON_LAYERS, true);
      const on = r.oneOf('on', ['enter', 'exit', 'dwell'] as const, true);
      const dwellS = r.number('dwellS', { above: 0, required: on === 'dwell' }) ?? 0;
      if (on !== 'dwell' && r.has('dwellS')) r.problem('dwellS', 'only for on: dwell');
      const zones = r.stringList('zones');
      if (layer && zones) checkIds(r, 'zones', zones, polygonIds(pack, layer), layer);
      return layer && on ? { ...base, kind, layer, on, dwellS, zones } : null;
    }
    case 'stale': {
      const afterS = r.number('afterS', { above: 0, required: true });
      return afterS === null ? null : { ...base, kind, afterS };
    }
    case 'threshold': {
      const field = numericField(r, 'field', schema, true);
      const above = r.number('above');
      const below = r.number('below');
      if ((above === null) === (below === null)) {
        r.problem(above === null ? 'above' : 'below', 'give exactly one of above and below');
        return null;
      }
      const forS = r.number('forS', { min: 0 }) ?? 0;
      if (above !== null) {
        if (r.has('clearAbove')) r.problem('clearAbove', 'goes with below; with above, use clearBelow');
        const clearAt = r.number('clearBelow') ?? above;
        if (clearAt > above) r.problem('clearBelow', `must be at most above (${above}); got ${clearAt}`);
        return field ? { ...base, kind, field, direction: 'above', threshold: above, clearAt, forS } : null;
      }
      if (r.has('clearBelow')) r.problem('clearBelow', 'goes with above; with below, use clearAbove');
      const clearAt = r.number('clearAbove') ?? below!;
      if (clearAt < below!) r.problem('clearAbove', `must be at least below (${below}); got ${clearAt}`);
      return field ? { ...base, kind, field, direction: 'below', threshold: below!, clearAt, forS } : null;
    }
    case 'count-in-zone': {
      needsPosition('a count in a zone');
      const zone = parseCountZone(r, schema, pack);
      const above = r.number('above', { min: 0 });
      const capacityTimes = r.number('capacityTimes', { above: 0 });
      if ((above === null) === (capacityTimes === null)) r.problem('above', 'give exactly one of above and capacityTimes');
      if (capacityTimes !== null && zone && zone.kind !== 'fences') r.problem('capacityTimes', 'only for zone: { fences: true } (a fence has a capacity)');
      const clearAtOrBelow = r.number('clearAtOrBelow', { min: 0 });
      const clearCapacityTimes = r.number('clearCapacityTimes', { min: 0 });
      if (above !== null && clearAtOrBelow !== null && clearAtOrBelow > above) r.problem('clearAtOrBelow', `must be at most above (${above}); got ${clearAtOrBelow}`);
      if (capacityTimes !== null && clearCapacityTimes !== null && clearCapacityTimes > capacityTimes) r.problem('clearCapacityTimes', `must be at most capacityTimes (${capacityTimes})`);
      if (above !== null && clearCapacityTimes !== null) r.problem('clearCapacityTimes', 'goes with capacityTimes; with above, use clearAtOrBelow');
      if (capacityTimes !== null && clearAtOrBelow !== null) r.problem('clearAtOrBelow', 'goes with above; with capacityTimes, use clearCapacityTimes');
      if (!zone || (above === null) === (capacityTimes === null)) return null;
      return { ...base, kind, zone, above, capacityTimes, clearAtOrBelow, clearCapacityTimes };
    }
    case 'corridor-progression': {
      const missing = CORRIDOR_FIELDS.filter((name) => typeof resolveMessageField(schema, name) === 'string');
      if (missing.length > 0) r.problem('stream', `must carry corridor observations (${schema.name} has no ${missing.join(', ')})`);
      const brokenBelowPct = r.number('brokenBelowPct', { min: 0, max: 100, required: true });
      const brokenTravelRatio = r.number('brokenTravelRatio', { above: 1 });
      const windows = r.number('windows', { integer: true, min: 1, max: 1000, required: true });
      return brokenBelowPct === null || windows === null ? null : { ...base, kind, brokenBelowPct, brokenTravelRatio, windows };
    }
    case 'sequence': {
      const start = parseFilter(r, 'start', schema);
      if (!start && !r.has('start')) r.problem('start', 'is required (the condition that starts the clock)');
      const startAtField = r.has('startAtField') ? numericField(r, 'startAtField', schema, true) : null;
      const done = r.child('done');
      let doneWhen: MessageFilter | null = null;
      let nearPlace: Extract<Rule, { kind: 'sequence' }>['done']['nearPlace'] = null;
      if (!done) r.problem('done', 'is required (when: and/or near:)');
      else {
        doneWhen = parseFilter(done, 'when', schema);
        const near = done.child('near');
        if (near) {
          needsPosition('done.near');
          nearPlace = parsePlaceSpec(near, pack);
        }
        if (!done.has('when') && !done.has('near')) done.problem('when', 'give when: and/or near:');
        done.finish(['when', 'near']);
      }
      const withinS = r.number('withinS', { above: 0, required: true });
      if (!start || withinS === null || !done) return null;
      return { ...base, kind, start, startAtField, done: { when: doneWhen, nearPlace }, withinS };
    }
    case 'visit': {
      needsPosition('a visit');
      const spec = r.child('places');
      if (!spec) r.problem('places', 'is required: { layer: <place layer>, ids?, kinds?, radiusM }');
      const places = spec ? parsePlaceSpec(spec, pack) : null;
      const withinS = r.number('withinS', { above: 0, required: true });
      return places && withinS !== null ? { ...base, kind, places, withinS } : null;
    }
  }
}

function resolveStream(r: FieldReader): FleetStreamDescriptor | null {
  const streamName = r.string('stream');
  const fleetName = r.string('fleet');
  if (streamName !== null) {
    const stream = FLEET_STREAMS.find((s) => s.name === streamName);
    if (!stream) {
      r.problem('stream', `unknown stream "${streamName}"; streams: ${FLEET_STREAMS.map((s) => s.name).join(', ')}`);
      return null;
    }
    if (fleetName !== null && fleetName !== stream.fleet) r.problem('fleet', `stream ${streamName} belongs to ${stream.fleet}, not ${fleetName}`);
    return stream;
  }
  if (fleetName === null) {
    r.problem('stream', 'is required (or fleet, for a fleet with one stream)');
    return null;
  }
  const fleet = FLEETS.find((f) => f.name === fleetName);
  if (!fleet) {
    r.problem('fleet', `unknown fleet "${fleetName}"; fleets: ${FLEETS.map((f) => f.name).join(', ')}`);
    return null;
  }
  if (fleet.streams.length !== 1) {
    r.problem('stream', `fleet ${fleetName} has several streams; name one: ${fleet.streams.map((s) => s.name).join(', ')}`);
    return null;
  }
  return fleet.streams[0]!;
}

function parseTitle(r: FieldReader, kind: RuleKind): { en: TitleTemplate; zh: TitleTemplate } | null {
  const title = r.child('title');
  if (!title) {
    r.problem('title', 'is required ({ en, zh })');
    return null;
  }
  const allowed = [...COMMON_PLACEHOLDERS, ...KIND_PLACEHOLDERS[kind]];
  const out: Partial<Record<'en' | 'zh', TitleTemplate>> = {};
  for (const lang of ['en', 'zh'] as const) {
    const text = title.string(lang, true);
    if (text === null) continue;
    const template = compileTitle(text);
    for (const name of placeholdersOf(template)) {
      if (!allowed.includes(name)) title.problem(lang, `unknown placeholder {${name}}; a ${kind} rule has ${allowed.map((a) => `{${a}}`).join(' ')}`);
    }
    out[lang] = template;
  }
  title.finish(['en', 'zh']);
  return out.en && out.zh ? { en: out.en, zh: out.zh } : null;
}

function numericField(r: FieldReader, key: string, schema: DescMessage, required: boolean): MessageField | null {
  const name = r.string(key, required);
  if (name === null) return null;
  const field = resolveMessageField(schema, name);
  if (typeof field === 'string') {
    r.problem(key, field);
    return null;
  }
  if (field.type !== 'number') {
    r.problem(key, `field "${name}" is a ${field.type}, not a number`);
    return null;
  }
  return field;
}

const FILTER_OPS = ['in', 'notIn', 'eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;

/** A `when:`-style block: field: value | [values] | { in, notIn, eq, ne, gt, gte, lt, lte }. */
function parseFilter(r: FieldReader, key: string, schema: DescMessage): MessageFilter | null {
  const block = r.child(key);
  if (!block) return null;
  const tests: FieldTest[] = [];
  for (const [name, spec] of Object.entries(block.raw)) {
    block.value(name);
    const field = resolveMessageField(schema, name);
    if (typeof field === 'string') {
      block.problem(name, field);
      continue;
    }
    const ops: Raw = isObject(spec) ? spec : Array.isArray(spec) ? { in: spec } : { eq: spec };
    for (const [op, operand] of Object.entries(ops)) {
      if (!(FILTER_OPS as readonly string[]).includes(op)) {
        block.problem(name, `unknown test "${op}"; tests: ${FILTER_OPS.join(', ')}`);
        continue;
      }
      if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
        if (field.type !== 'number') block.problem(name, `${op} needs a numeric field; ${name} is a ${field.type}`);
        else if (typeof operand !== 'number' || !Number.isFinite(operand)) block.problem(name, `${op} must be a number (got ${JSON.stringify(operand)})`);
        else tests.push({ field, op, value: operand });
        continue;
      }
      const list = op === 'in' || op === 'notIn' ? operand : [operand];
      if (!Array.isArray(list) || list.length === 0) {
        block.problem(name, `${op} must be a non-empty list`);
        continue;
      }
      const values: (number | string | boolean)[] = [];
      for (const v of list) {
        const converted = filterValue(field, v);
        if (typeof converted === 'object') block.problem(name, converted.problem);
        else values.push(converted);
      }
      tests.push({ field, op: op === 'in' || op === 'eq' ? 'in' : 'notIn', values });
    }
  }
  return { tests, text: JSON.stringify(block.raw) };
}

function filterValue(field: MessageField, v: unknown): number | string | boolean | { problem: string } {
  switch (field.type) {
    case 'enum': {
      if (typeof v === 'number' && [...field.enumValues!.values()].includes(v)) return v;
      const n = typeof v === 'string' ? field.enumValues!.get(v) : undefined;
      if (n !== undefined) return n;
      return { problem: `unknown value ${JSON.stringify(v)}; values: ${field.enumNames.join(', ')}` };
    }
    case 'bool':
      return typeof v === 'boolean' ? v : { problem: `must be true or false (got ${JSON.stringify(v)})` };
    case 'string':
      return typeof v === 'string' ? v : { problem: `must be a string (got ${JSON.stringify(v)})` };
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : { problem: `must be a number (got ${JSON.stringify(v)})` };
  }
}

function parseCountZone(r: FieldReader, schema: DescMessage, pack: CityPack): CountZone | null {
  const zone = r.child('zone');
  if (!zone) {
    r.problem('zone', 'is required: { around: <place layer>, radiusM } | { fences: true } | { pile: { cellM } }');
    return null;
  }
  let result: CountZone | null = null;
  const forms = ['around', 'fences', 'pile'].filter((k) => zone.has(k));
  if (forms.length !== 1) zone.problem('around', `give exactly one of around, fences, pile (got ${forms.join(', ') || 'none'})`);
  else if (forms[0] === 'around') {
    const spec = parsePlaceSpec(zone, pack, 'around');
    if (spec) result = { kind: 'around', ...spec };
  } else if (forms[0] === 'fences') {
    if (zone.value('fences') !== true) zone.problem('fences', 'must be true');
    const idField = zone.has('idField') ? zone.string('idField') : null;
    let field: MessageField | null = null;
    if (idField !== null) {
      const resolved = resolveMessageField(schema, idField);
      if (typeof resolved === 'string') zone.problem('idField', resolved);
      else if (resolved.type !== 'string') zone.problem('idField', `field "${idField}" is a ${resolved.type}, not a fence id string`);
      else field = resolved;
    }
    if (pack.layers['bike-fences'].length === 0) zone.problem('fences', 'the city pack has no bike fences');
    result = { kind: 'fences', idField: field };
  } else {
    const pile = zone.child('pile');
    const cellM = pile?.number('cellM', { above: 0, max: 1000, required: true }) ?? null;
    pile?.finish(['cellM']);
    if (cellM !== null) result = { kind: 'pile', cellM };
  }
  zone.finish(['around', 'ids', 'kinds', 'radiusM', 'fences', 'idField', 'pile']);
  return result;
}

/** { <layerKey>: sites|landmarks|lake-docks|collection-points, ids?, kinds? (sites), radiusM } against the pack. */
function parsePlaceSpec(
  r: FieldReader,
  pack: CityPack,
  layerKey = 'layer',
): { layer: PlaceLayer; ids: readonly string[] | null; siteKinds: readonly string[] | null; radiusM: number } | null {
  const layer = r.oneOf<PlaceLayer>(layerKey, PLACE_LAYERS, true);
  const ids = r.stringList('ids');
  const siteKinds = r.stringList('kinds');
  const radiusM = r.number('radiusM', { above: 0, max: 50_000, required: true });
  if (layer && ids) checkIds(r, 'ids', ids, new Set(pack.layers[layer].map((f) => f.id)), layer);
  if (siteKinds) {
    if (layer !== 'sites') r.problem('kinds', 'only for layer sites');
    for (const k of siteKinds) if (!(SITE_KINDS as readonly string[]).includes(k)) r.problem('kinds', `unknown site kind "${k}"; kinds: ${SITE_KINDS.join(', ')}`);
  }
  if (layerKey === 'layer') r.finish(['layer', 'ids', 'kinds', 'radiusM']);
  if (!layer || radiusM === null) return null;
  const matching = pack.layers[layer].filter((f) => (!ids || ids.includes(f.id)) && (!siteKinds || siteKinds.includes(String((f.properties as { kind?: unknown }).kind))));
  if (matching.length === 0) r.problem(layerKey, `no ${layer} of the city pack ${pack.id} match`);
  return { layer, ids, siteKinds, radiusM };
}

function polygonIds(pack: CityPack, layer: PolygonLayer): Set<string> {
  const features = layer === 'water' ? pack.layers.water.filter((w) => w.geometry.type === 'Polygon') : pack.layers[layer];
  return new Set(features.map((f) => f.id));
}

function checkIds(r: FieldReader, key: string, ids: readonly string[], known: ReadonlySet<string>, layer: string): void {
  for (const id of ids) if (!known.has(id)) r.problem(key, `no ${layer} feature "${id}" in the city pack`);
}

function parseFloodControl(r: FieldReader | null, ruleIds: readonly string[]): FloodControlSettings {
  const settings = { windowS: 60, perRule: new Map<string, number>(), perRuleDefault: Infinity, perFleet: new Map<string, number>(), perFleetDefault: Infinity };
  if (!r) return settings;
  settings.windowS = r.number('windowS', { above: 0 }) ?? 60;
  for (const [key, names, known] of [
    ['perRule', settings.perRule, ruleIds],
    ['perFleet', settings.perFleet, ALERT_FLEETS],
  ] as const) {
    const limits = r.child(key);
    if (!limits) continue;
    for (const name of Object.keys(limits.raw)) {
      const n = limits.number(name, { integer: true, min: 0 });
      if (name !== 'default' && !known.includes(name)) limits.problem(name, `no ${key === 'perRule' ? 'rule' : 'fleet'} "${name}" (known: ${known.join(', ')})`);
      if (n === null) continue;
      if (name === 'default') settings[key === 'perRule' ? 'perRuleDefault' : 'perFleetDefault'] = n;
      else names.set(name, n);
    }
  }
  r.finish(['windowS', 'perRule', 'perFleet']);
  return settings;
}

function parseSuppressions(top: FieldReader, ruleIds: readonly string[]): Suppression[] {
  const raw = top.value('suppressions');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    top.problem('suppressions', 'must be a list');
    return [];
  }
  const out: Suppression[] = [];
  raw.forEach((entry, i) => {
    if (!isObject(entry)) {
      top.problem(`suppressions[${i}]`, 'must be an object');
      return;
    }
    const r = new FieldReader(entry, top.prefix, `suppressions[${i}].`, top.problems);
    const rule = r.string('rule');
    const fleet = r.string('fleet');
    const entityId = r.string('entityId');
    const reason = r.string('reason') ?? '';
    if (rule !== null && !ruleIds.includes(rule)) r.problem('rule', `no rule "${rule}"`);
    if (fleet !== null && !ALERT_FLEETS.includes(fleet)) r.problem('fleet', `unknown fleet "${fleet}"; fleets: ${ALERT_FLEETS.join(', ')}`);
    if (rule === null && fleet === null && entityId === null) r.problem('rule', 'give at least one of rule, fleet, entityId');
    const fromMs = timeOf(r, 'from');
    const toMs = timeOf(r, 'to');
    if (fromMs !== null && toMs !== null && toMs <= fromMs) r.problem('to', 'must be after from');
    r.finish(['rule', 'fleet', 'entityId', 'from', 'to', 'reason']);
    if (fromMs !== null && toMs !== null) out.push({ rule, fleet, entityId, fromMs, toMs, reason });
  });
  return out;
}

function timeOf(r: FieldReader, key: string): number | null {
  const v = r.value(key);
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) {
    r.problem(key, `must be an ISO 8601 time (got ${JSON.stringify(v)})`);
    return null;
  }
  return ms;
}
