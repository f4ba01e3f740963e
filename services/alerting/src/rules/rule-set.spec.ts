import { CityPack } from '@urban-brain/city-pack';
import { describe, expect, it } from 'vitest';
import { tinyLayers, tinyManifest } from '../../../city-pack/src/testing/tiny-city-pack.fixture';
import { parseRuleSet } from './rule-set';
import { RuleSetError } from './rule-set.error';

const PACK = new CityPack(tinyManifest(tinyLayers()), tinyLayers());

function problemsOf(yaml: string): string[] {
  try {
    parseRuleSet(yaml, 'rules.yaml', PACK);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleSetError);
    return [...(error as RuleSetError).problems];
  }
  throw new Error('parsed without a problem');
}

describe('parseRuleSet', () => {
  it('resolves fields in either spelling and enum values by name, and takes a stored version over the file', () => {
    const ruleSet = parseRuleSet(
      `version: 4
rules:
  - { id: truck.load, kind: threshold, stream: truck-readings, severity: critical, field: load_kg, above: 10, when: { taskState: [COLLECTING, TASK_STATE_UNLOADING] }, title: { en: "{value}", zh: "{value}" } }
  - { id: truck.off, kind: stale, fleet: trucks, severity: 1, afterS: 5, enabled: false, title: { en: x, zh: x } }`,
      'rules.yaml',
      PACK,
      9,
    );
    expect(ruleSet.version).toBe(9);
    expect(ruleSet.rules.map((r) => r.id)).toEqual(['truck.load']);
    const rule = ruleSet.rules[0]!;
    expect(rule).toMatchObject({ severity: 3, fleet: 'trucks', stream: 'truck-readings', autoResolveAfterS: 300, field: { localName: 'loadKg' } });
    expect(rule.when?.tests).toMatchObject([{ op: 'in', values: [4, 6] }]);
  });

  it('lists every problem, each naming the source, the rule and the field', () => {
    const problems = problemsOf(`version: 1
rules:
  - { id: a, kind: threshold, stream: truck-readings, severity: warning, field: loadKilos, above: 1, title: { en: x, zh: x } }
  - { id: b, kind: geofence, stream: truck-readings, severity: warning, layer: schools, on: enter, title: { en: x, zh: x } }
  - { id: a, kind: stale, stream: truck-readings, severity: urgent, afterS: -5, title: { en: "{speed}", zh: x } }
  - { id: c, kind: threshold, stream: boat-readings, severity: info, field: batteryPct, below: 20, clearAbove: 10, forS: ten, colour: red, title: { en: x, zh: x } }
  - { id: d, kind: stale, stream: bike-events, severity: info, afterS: 60, onDutyOnly: true, when: { kind: PARKED }, title: { en: x, zh: x } }
  - { id: e, kind: geofence, stream: boat-readings, severity: info, layer: water, zones: [water:sea], on: dwell, title: { en: x, zh: x } }
  - { id: f, kind: count-in-zone, stream: bike-events, severity: info, zone: { around: landmarks, radiusM: 100 }, capacityTimes: 2, title: { en: x, zh: x } }
  - { id: g, kind: corridor-progression, stream: truck-readings, severity: info, brokenBelowPct: 150, windows: 0, title: { en: x, zh: x } }
  - { id: h, kind: sequence, stream: truck-readings, severity: info, start: { loadKg: { gte: big } }, withinS: 60, title: { en: x, zh: x } }
floodControl: { perRule: { nosuch: 3 } }
suppressions: [{ rule: a, from: yesterday, to: "2026-01-01T00:00:00Z" }]`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.yaml: rule a: field: unknown field "loadKilos" for TruckReading; fields: truckId, /),
        'rules.yaml: rule b: layer: must be one of bike-fences, water, cleanup-zones, districts, restricted-zones (got "schools")',
        'rules.yaml: rule a: id: duplicate (rule #1 has it too)',
        'rules.yaml: rule a: severity: must be info, warning or critical (or 1-3); got "urgent"',
        'rules.yaml: rule a: afterS: must be more than 0 (got -5)',
        expect.stringMatching(/^rules\.yaml: rule a: title\.en: unknown placeholder \{speed\}; a stale rule has /),
        'rules.yaml: rule c: clearAbove: must be at least below (20); got 10',
        'rules.yaml: rule c: forS: must be a number (got "ten")',
        expect.stringMatching(/^rules\.yaml: rule c: colour: unknown field/),
        expect.stringMatching(/^rules\.yaml: rule d: onDutyOnly: stream bike-events has no on-duty definition/),
        'rules.yaml: rule d: when.kind: unknown value "PARKED"; values: UNSPECIFIED, TRIP_START, TRIP_END, PARKED_STATE, BATTERY_REPORT, FAULT, REBALANCED',
        'rules.yaml: rule e: zones: no water feature "water:sea" in the city pack',
        'rules.yaml: rule e: dwellS: is required',
        'rules.yaml: rule f: capacityTimes: only for zone: { fences: true } (a fence has a capacity)',
        'rules.yaml: rule g: stream: must carry corridor observations (TruckReading has no arrivalsOnGreenPct, vehicles, direction, travelTimeS, designTravelTimeS)',
        'rules.yaml: rule g: brokenBelowPct: must be at most 100 (got 150)',
        'rules.yaml: rule g: windows: must be at least 1 (got 0)',
        'rules.yaml: rule h: start.loadKg: gte must be a number (got "big")',
        'rules.yaml: rule h: done: is required (when: and/or near:)',
        expect.stringMatching(/^rules\.yaml: floodControl\.perRule\.nosuch: no rule "nosuch"/),
        'rules.yaml: suppressions[0].from: must be an ISO 8601 time (got "yesterday")',
      ]),
    );
  });

  it('names a rule without an id by its position, and reports YAML syntax errors', () => {
    expect(problemsOf('rules:\n  - { kind: stale }')).toEqual(expect.arrayContaining(['rules.yaml: rule #1: id: is required', 'rules.yaml: rule #1: stream: is required (or fleet, for a fleet with one stream)']));
    expect(problemsOf('rules: [')[0]).toMatch(/^rules\.yaml: yaml: /);
  });
});
