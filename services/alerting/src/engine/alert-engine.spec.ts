import { CityPack } from '@urban-brain/city-pack';
import { AmbulanceState, BikeEventKind, BoatTaskState, CallStage, CorridorDirection, MovementPhaseState, TaskState, TruckKind } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { tinyLayers, tinyManifest } from '../../../city-pack/src/testing/tiny-city-pack.fixture';
import { parseRuleSet } from '../rules/rule-set';
import type { AlertSignal } from './alert-signal';
import { AlertEngine } from './alert-engine';
import type { StreamObservation } from './stream-observation';

// The tiny pack (a 3 x 3 street grid near 105.001, 29.501; fence:1 for 20 bikes; the pond; one district;
// corridor:row1) plus a transfer station and a landmark for the sequence and count rules.
function tinyPack(): CityPack {
  const layers = tinyLayers();
  layers.sites.push({ type: 'Feature', id: 'site:station', properties: { kind: 'transfer-station', name: 'Station', nameZh: '转运站' }, geometry: { type: 'Point', coordinates: [105.002, 29.502] } });
  layers.landmarks.push({ type: 'Feature', id: 'landmark:garden', properties: { name: 'Garden', nameZh: '花园' }, geometry: { type: 'Point', coordinates: [105.0, 29.5] } });
  return new CityPack(tinyManifest(layers), layers);
}

const PACK = tinyPack();
const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);
const TITLE = 'title: { en: "{entityId}", zh: "{entityId}" }';

function engineWith(rules: string, extra = ''): AlertEngine {
  return new AlertEngine(parseRuleSet(`version: 1\n${extra}\nrules:\n${rules}`, 'test.yaml', PACK), PACK);
}

const rule = (lines: string): string =>
  `  - ${lines
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .join('\n    ')}\n    ${TITLE}\n`;

const kinds = (signals: AlertSignal[]): string[] => signals.map((s) => `${s.kind} ${s.dedupKey}`);

const boat = (id: string, atMs: number, fields: Record<string, unknown>): StreamObservation => ({
  stream: 'boat-readings',
  fleet: 'boats',
  entityId: id,
  atMs,
  message: { boatId: id, lon: 105.005, lat: 29.501, batteryPct: 80, taskState: BoatTaskState.SWEEPING, debrisKg: 0, ...fields },
});
const truck = (id: string, atMs: number, fields: Record<string, unknown>): StreamObservation => ({
  stream: 'truck-readings',
  fleet: 'trucks',
  entityId: id,
  atMs,
  message: { truckId: id, lon: 105.0, lat: 29.5, speedKmh: 20, loadKg: 0, taskState: TaskState.COLLECTING, kind: TruckKind.COMPACTOR, ...fields },
});
const bike = (id: string, atMs: number, lon: number, lat: number, fields: Record<string, unknown> = {}): StreamObservation => ({
  stream: 'bike-events',
  fleet: 'bikes',
  entityId: id,
  atMs,
  message: { bikeId: id, kind: BikeEventKind.TRIP_END, lon, lat, fenceId: '', inFence: false, isEbike: false, batteryPct: 0, ...fields },
});
const phase = (id: string, atMs: number, phaseState: MovementPhaseState): StreamObservation => ({
  stream: 'signal-phases',
  fleet: 'signals',
  entityId: id,
  atMs,
  message: { intersectionId: id, corridorId: 'corridor:row1', seq: 1, recordedAtMs: BigInt(atMs), signalGroup: 1, phaseState, startMs: BigInt(atMs), minEndMs: BigInt(atMs) },
});

describe('threshold', () => {
  const lowBattery = rule(`
    id: boat.low-battery
    kind: threshold
    stream: boat-readings
    severity: warning
    field: batteryPct
    below: 20
    clearAbove: 30
    autoResolveAfterS: 60
    when: { taskState: { notIn: [CHARGING] } }`);

  it('raises beyond the threshold, holds inside the hysteresis band, clears past it, resolves after the quiet time', () => {
    const engine = engineWith(lowBattery);
    expect(engine.observe(boat('W-1', T0, { batteryPct: 20 }))).toEqual([]);
    const raised = engine.observe(boat('W-1', T0 + 1000, { batteryPct: 19.5 }));
    expect(raised).toMatchObject([{ kind: 'raise', dedupKey: 'boat.low-battery:W-1', rule: 'boat.low-battery', ruleVersion: 1, fleet: 'boats', severity: 2, atMs: T0 + 1000, detail: { value: 19.5, threshold: 20 }, lon: 105.005, lat: 29.501 }]);
    expect(engine.observe(boat('W-1', T0 + 2000, { batteryPct: 18 }))).toEqual([]);
    // 25 % is above the threshold but inside the band: still low.
    expect(engine.observe(boat('W-1', T0 + 3000, { batteryPct: 25 }))).toEqual([]);
    expect(kinds(engine.observe(boat('W-1', T0 + 4000, { batteryPct: 30 })))).toEqual(['clear boat.low-battery:W-1']);
    expect(engine.tick(T0 + 63_000)).toEqual([]);
    expect(engine.tick(T0 + 64_000)).toMatchObject([{ kind: 'resolve', dedupKey: 'boat.low-battery:W-1', atMs: T0 + 64_000 }]);
  });

  it('treats a message failing `when` as the condition false', () => {
    const engine = engineWith(lowBattery);
    expect(engine.observe(boat('W-1', T0, { batteryPct: 5, taskState: BoatTaskState.CHARGING }))).toEqual([]);
    expect(kinds(engine.observe(boat('W-1', T0 + 1000, { batteryPct: 5 })))).toEqual(['raise boat.low-battery:W-1']);
    expect(kinds(engine.observe(boat('W-1', T0 + 2000, { batteryPct: 6, taskState: BoatTaskState.CHARGING })))).toEqual(['clear boat.low-battery:W-1']);
  });

  it('with forS, raises only once the condition has held that long', () => {
    const engine = engineWith(
      rule(`
      id: truck.overload
      kind: threshold
      stream: truck-readings
      severity: warning
      field: loadKg
      above: 8400
      clearBelow: 8000
      forS: 30`),
    );
    expect(engine.observe(truck('T-1', T0, { loadKg: 8500 }))).toEqual([]);
    expect(engine.observe(truck('T-1', T0 + 29_000, { loadKg: 8600 }))).toEqual([]);
    expect(engine.observe(truck('T-1', T0 + 30_000, { loadKg: 8600 }))).toMatchObject([{ kind: 'raise', atMs: T0 + 30_000 }]);
    // A dip below the threshold restarts the wait.
    expect(kinds(engine.observe(truck('T-2', T0, { loadKg: 8500 })))).toEqual([]);
    expect(kinds(engine.observe(truck('T-2', T0 + 10_000, { loadKg: 8300 })))).toEqual([]);
    expect(kinds(engine.observe(truck('T-2', T0 + 31_000, { loadKg: 8500 })))).toEqual([]);
    expect(kinds(engine.observe(truck('T-2', T0 + 61_000, { loadKg: 8500 })))).toEqual(['raise truck.overload:T-2']);
  });
});

describe('geofence', () => {
  it('exit: raises when an on-duty boat leaves the lake, clears when it is back', () => {
    const engine = engineWith(
      rule(`
      id: boat.outside-lake
      kind: geofence
      stream: boat-readings
      severity: critical
      layer: water
      on: exit
      onDutyOnly: true`),
    );
    expect(engine.observe(boat('W-1', T0, {}))).toEqual([]);
    // Docked on shore: off duty, not news.
    expect(engine.observe(boat('W-2', T0, { lon: 105.003, taskState: BoatTaskState.DOCKED }))).toEqual([]);
    expect(engine.observe(boat('W-1', T0 + 1000, { lon: 105.003 }))).toMatchObject([{ kind: 'raise', dedupKey: 'boat.outside-lake:W-1', severity: 3 }]);
    expect(kinds(engine.observe(boat('W-1', T0 + 2000, {})))).toEqual(['clear boat.outside-lake:W-1']);
  });

  it('enter: raises on the way into a zone, naming it', () => {
    const engine = engineWith(
      rule(`
      id: boat.in-pond
      kind: geofence
      stream: boat-readings
      severity: info
      layer: water
      zones: [water:pond]
      on: enter`),
    );
    expect(engine.observe(boat('W-1', T0, { lon: 105.003 }))).toEqual([]);
    expect(engine.observe(boat('W-1', T0 + 1000, {}))).toMatchObject([{ kind: 'raise', detail: { zoneId: 'water:pond', zone: 'Pond' } }]);
    expect(engine.observe(boat('W-1', T0 + 2000, {}))).toEqual([]);
  });

  it('dwell: raises from the clock once inside the same zone for dwellS, and starts over on leaving', () => {
    const engine = engineWith(
      rule(`
      id: boat.lingering
      kind: geofence
      stream: boat-readings
      severity: info
      layer: water
      on: dwell
      dwellS: 120`),
    );
    engine.observe(boat('W-1', T0, {}));
    expect(engine.tick(T0 + 119_000)).toEqual([]);
    expect(engine.tick(T0 + 120_000)).toMatchObject([{ kind: 'raise', atMs: T0 + 120_000, detail: { dwellMin: 2 } }]);
    expect(kinds(engine.observe(boat('W-1', T0 + 121_000, { lon: 105.003 })))).toEqual(['clear boat.lingering:W-1']);
    engine.observe(boat('W-1', T0 + 122_000, {}));
    expect(engine.tick(T0 + 200_000)).toEqual([]);
    expect(kinds(engine.observe(boat('W-1', T0 + 242_000, {})))).toEqual(['raise boat.lingering:W-1']);
  });

  it('dwell on the restricted zones: a truck standing at a school gate raises with the gate named in both languages', () => {
    const engine = engineWith(
      rule(`
      id: truck.standing-in-restricted-zone
      kind: geofence
      stream: truck-readings
      severity: warning
      layer: restricted-zones
      on: dwell
      dwellS: 300`),
    );
    const gate = { lon: 105.00175, lat: 29.50175 };
    engine.observe(truck('T-1', T0, gate));
    engine.observe(truck('T-2', T0, gate));
    // T-2 drives on within the five minutes.
    engine.observe(truck('T-2', T0 + 60_000, { lon: 105.0 }));
    expect(engine.tick(T0 + 299_000)).toEqual([]);
    expect(engine.tick(T0 + 300_000)).toMatchObject([
      { kind: 'raise', dedupKey: 'truck.standing-in-restricted-zone:T-1', detail: { layer: 'restricted-zones', zoneId: 'restricted:gate', zone: 'School gate', zoneZh: '校门', dwellMin: 5 } },
    ]);
  });
});

describe('stale', () => {
  const staleGps = rule(`
    id: truck.stale-gps
    kind: stale
    stream: truck-readings
    severity: warning
    afterS: 60
    onDutyOnly: true`);

  it('raises for a silent truck on duty, not for one whose last reading was idle, and clears on the next reading', () => {
    const engine = engineWith(staleGps);
    engine.observe(truck('T-1', T0, {}));
    engine.observe(truck('T-2', T0, { taskState: TaskState.IDLE }));
    // T-3 keeps reporting: the feed is up, so T-1's silence is T-1's.
    for (let s = 10; s <= 60; s += 10) engine.observe(truck('T-3', T0 + s * 1000, {}));
    expect(engine.tick(T0 + 60_000)).toEqual([]);
    expect(engine.tick(T0 + 61_000)).toMatchObject([{ kind: 'raise', dedupKey: 'truck.stale-gps:T-1', atMs: T0 + 60_000, detail: { silentS: 61 } }]);
    expect(engine.tick(T0 + 62_000)).toEqual([]);
    expect(kinds(engine.observe(truck('T-1', T0 + 63_000, {})))).toEqual(['clear truck.stale-gps:T-1']);
  });

  it('raises nothing while the whole stream is silent (a feed outage), and counts from its return after one', () => {
    const engine = engineWith(staleGps);
    for (const id of ['T-1', 'T-2', 'T-3']) engine.observe(truck(id, T0, {}));
    // Nobody reports for ten minutes: the feed, not 3 devices.
    expect(engine.tick(T0 + 600_000)).toEqual([]);
    // The feed is back: T-1 first; T-2 a few seconds later; T-3 never.
    engine.observe(truck('T-1', T0 + 601_000, {}));
    expect(engine.tick(T0 + 602_000)).toEqual([]);
    engine.observe(truck('T-2', T0 + 605_000, {}));
    for (let s = 610; s <= 660; s += 10) engine.observe(truck('T-1', T0 + s * 1000, {}));
    expect(engine.tick(T0 + 661_000)).toEqual([]);
    // 60 s after the return T-3 is still silent: that is T-3's (its silence counted from its last reading).
    expect(engine.tick(T0 + 662_000)).toMatchObject([{ kind: 'raise', dedupKey: 'truck.stale-gps:T-3', detail: { silentS: 662 } }]);
  });
});

describe('count in a zone', () => {
  it('counts parked bikes outside fences around a place, moving a bike between zones as it rides', () => {
    const engine = engineWith(
      rule(`
      id: bike.outside-around
      kind: count-in-zone
      stream: bike-events
      severity: warning
      when: { kind: { notIn: [TRIP_START] }, inFence: false }
      zone: { around: landmarks, radiusM: 100 }
      above: 2
      clearAtOrBelow: 1
      groupBy: site`),
    );
    expect(engine.observe(bike('B-1', T0, 105.0001, 29.5001))).toEqual([]);
    expect(engine.observe(bike('B-2', T0, 105.0002, 29.5))).toEqual([]);
    // Far from the garden: not counted there.
    expect(engine.observe(bike('B-4', T0, 105.008, 29.508))).toEqual([]);
    const raised = engine.observe(bike('B-3', T0 + 1000, 105.0, 29.5003));
    expect(raised).toMatchObject([{ kind: 'raise', dedupKey: 'bike.outside-around:landmark:garden', fleet: 'city', entityId: 'landmark:garden', detail: { count: 3, limit: 2, place: 'Garden' }, incidentKey: 'bike.outside-around:landmark:garden' }]);
    // Ridden away (TRIP_START): 2 left, inside the band.
    expect(engine.observe(bike('B-3', T0 + 2000, 105.0, 29.5003, { kind: BikeEventKind.TRIP_START }))).toEqual([]);
    expect(kinds(engine.observe(bike('B-2', T0 + 3000, 105.0005, 29.5005, { inFence: true, fenceId: 'fence:1' })))).toEqual(['clear bike.outside-around:landmark:garden']);
  });

  it('raises when a fence holds more than capacity × k', () => {
    const engine = engineWith(
      rule(`
      id: bike.fence-overflow
      kind: count-in-zone
      stream: bike-events
      severity: info
      when: { inFence: true }
      zone: { fences: true, idField: fenceId }
      capacityTimes: 1.2
      clearCapacityTimes: 1`),
    );
    const signals: AlertSignal[] = [];
    for (let i = 0; i < 25; i++) signals.push(...engine.observe(bike(`B-${i}`, T0 + i, 105.00055, 29.50055, { inFence: true, fenceId: 'fence:1' })));
    // Capacity 20 × 1.2 = 24: the 25th bike tips it.
    expect(signals).toMatchObject([{ kind: 'raise', entityId: 'fence:1', detail: { count: 25, capacity: 20, limit: 24 } }]);
    for (let i = 0; i < 4; i++) expect(engine.observe(bike(`B-${i}`, T0 + 100 + i, 105.008, 29.508))).toEqual([]);
    expect(kinds(engine.observe(bike('B-4', T0 + 200, 105.008, 29.508)))).toEqual(['clear bike.fence-overflow:fence:1']);
  });

  it('finds a pile of bikes outside fences in one cell, and not bikes spread out', () => {
    const engine = engineWith(
      rule(`
      id: bike.pile
      kind: count-in-zone
      stream: bike-events
      severity: warning
      when: { inFence: false }
      zone: { pile: { cellM: 25 } }
      above: 3`),
    );
    const spread: AlertSignal[] = [];
    for (let i = 0; i < 6; i++) spread.push(...engine.observe(bike(`S-${i}`, T0, 105.0 + i * 0.001, 29.509)));
    expect(spread).toEqual([]);
    const heaped: AlertSignal[] = [];
    for (let i = 0; i < 4; i++) heaped.push(...engine.observe(bike(`P-${i}`, T0, 105.00211 + i * 0.00001, 29.50201)));
    expect(heaped).toHaveLength(1);
    expect(heaped[0]).toMatchObject({ kind: 'raise', fleet: 'city', detail: { count: 4 } });
    expect(heaped[0]!.entityId).toMatch(/^pile:-?\d+:-?\d+$/);
  });
});

describe('corridor progression', () => {
  const broken = rule(`
    id: signal.wave-broken
    kind: corridor-progression
    stream: corridor-observations
    severity: warning
    brokenBelowPct: 50
    windows: 3`);
  const window = (atMs: number, pct: number, vehicles: number, direction = CorridorDirection.OUTBOUND): StreamObservation => ({
    stream: 'corridor-observations',
    fleet: 'signals',
    entityId: 'corridor:row1',
    atMs,
    message: { corridorId: 'corridor:row1', direction, arrivalsOnGreenPct: pct, vehicles, travelTimeS: 30, designTravelTimeS: 30, stops: 0 },
  });

  it('raises after K consecutive broken windows; a window with no vehicle neither counts nor breaks the streak', () => {
    const engine = engineWith(broken);
    expect(engine.observe(window(T0, 30, 12))).toEqual([]);
    expect(engine.observe(window(T0 + 90_000, 0, 0))).toEqual([]);
    expect(engine.observe(window(T0 + 180_000, 40, 9))).toEqual([]);
    // The other direction's good window does not break the outbound streak.
    expect(engine.observe(window(T0 + 200_000, 90, 9, CorridorDirection.INBOUND))).toEqual([]);
    expect(engine.observe(window(T0 + 270_000, 0, 0))).toEqual([]);
    const raised = engine.observe(window(T0 + 360_000, 20, 5));
    expect(raised).toMatchObject([{ kind: 'raise', entityId: 'corridor:row1', detail: { corridor: 'Row 1', arrivalsOnGreenPct: 20, windows: 3, direction: 'outbound' } }]);
    expect(raised[0]!.lon).toBeCloseTo(105.001, 5);
    expect(engine.observe(window(T0 + 450_000, 0, 0))).toEqual([]);
    expect(kinds(engine.observe(window(T0 + 540_000, 70, 8)))).toEqual(['clear signal.wave-broken:corridor:row1']);
  });
});

describe('visit', () => {
  const missed = rule(`
    id: truck.collection-point-missed
    kind: visit
    stream: truck-readings
    severity: info
    when: { kind: COMPACTOR, taskState: COLLECTING }
    places: { layer: collection-points, radiusM: 40 }
    withinS: 3600`);
  const [cpLon, cpLat] = PACK.layers['collection-points'][0]!.geometry.coordinates as [number, number];

  it('raises for a collection point no compactor collected at within T, counted from when the stream was first heard; a visit clears it', () => {
    const engine = engineWith(missed);
    // The fleet reports, far from the point; a sweeper passing by is no visit.
    engine.observe(truck('T-1', T0, { lon: 105.0, lat: 29.5 }));
    engine.observe(truck('S-1', T0 + 1000, { kind: TruckKind.SWEEPER, taskState: TaskState.SWEEPING, lon: cpLon, lat: cpLat }));
    engine.observe(truck('T-1', T0 + 3_599_000, { lon: 105.0, lat: 29.5 }));
    expect(engine.tick(T0 + 3_600_000)).toEqual([]);
    expect(engine.tick(T0 + 3_601_000)).toMatchObject([{ kind: 'raise', dedupKey: 'truck.collection-point-missed:cp:1', entityId: 'cp:1', atMs: T0 + 3_600_000, lon: cpLon, lat: cpLat, detail: { withinMin: 60 } }]);
    expect(engine.tick(T0 + 3_602_000)).toEqual([]);
    expect(kinds(engine.observe(truck('T-2', T0 + 3_700_000, { lon: cpLon + 0.0002, lat: cpLat })))).toEqual(['clear truck.collection-point-missed:cp:1']);
    expect(kinds(engine.tick(T0 + 4_000_000))).toEqual(['resolve truck.collection-point-missed:cp:1']);
    // The next hour counts from that visit.
    engine.observe(truck('T-1', T0 + 7_290_000, { lon: 105.0, lat: 29.5 }));
    expect(engine.tick(T0 + 7_300_000)).toEqual([]);
    expect(engine.tick(T0 + 7_301_000)).toMatchObject([{ kind: 'raise', atMs: T0 + 7_300_000 }]);
  });

  it('raises nothing while the whole truck feed is silent', () => {
    const engine = engineWith(missed);
    engine.observe(truck('T-1', T0, { lon: 105.0, lat: 29.5 }));
    expect(engine.tick(T0 + 4_000_000)).toEqual([]);
    engine.observe(truck('T-1', T0 + 4_000_000, { lon: 105.0, lat: 29.5 }));
    expect(engine.tick(T0 + 4_001_000)).toMatchObject([{ kind: 'raise', dedupKey: 'truck.collection-point-missed:cp:1' }]);
  });
});

describe('sequence', () => {
  it('raises for a full compactor not at the transfer station within T, from the clock, and not for one that got there', () => {
    const engine = engineWith(
      rule(`
      id: truck.full-not-at-station
      kind: sequence
      stream: truck-readings
      severity: warning
      start: { kind: COMPACTOR, loadKg: { gte: 6800 } }
      done: { when: { taskState: UNLOADING }, near: { layer: sites, kinds: [transfer-station], radiusM: 50 } }
      withinS: 2700`),
    );
    engine.observe(truck('T-1', T0, { loadKg: 7000 }));
    engine.observe(truck('T-2', T0, { loadKg: 7000 }));
    // T-2 reaches the station at 40 min.
    engine.observe(truck('T-2', T0 + 2_400_000, { loadKg: 7000, lon: 105.002, lat: 29.502 }));
    expect(engine.tick(T0 + 2_700_000)).toEqual([]);
    expect(engine.tick(T0 + 2_701_000)).toMatchObject([{ kind: 'raise', dedupKey: 'truck.full-not-at-station:T-1', atMs: T0 + 2_700_000, detail: { withinMin: 45 } }]);
    expect(kinds(engine.observe(truck('T-1', T0 + 2_800_000, { loadKg: 7000, taskState: TaskState.UNLOADING })))).toEqual(['clear truck.full-not-at-station:T-1']);
  });

  it('raises for an emergency call with no ambulance on scene within the SLA, timed from received_at_ms', () => {
    const engine = engineWith(
      rule(`
      id: ambulance.response-over-sla
      kind: sequence
      stream: emergency-calls
      severity: critical
      start: { stage: [RECEIVED, DISPATCHED] }
      startAtField: receivedAtMs
      done: { when: { stage: [ON_SCENE, TRANSPORTING, AT_HOSPITAL, CLOSED] } }
      withinS: 720`),
    );
    const call = (id: string, atMs: number, stage: CallStage): StreamObservation => ({
      stream: 'emergency-calls',
      fleet: 'ambulances',
      entityId: id,
      atMs,
      message: { callId: id, stage, receivedAtMs: BigInt(T0), lon: 105.001, lat: 29.501, districtId: '', priority: 1 },
    });
    engine.observe(call('C-1', T0, CallStage.RECEIVED));
    engine.observe(call('C-2', T0, CallStage.RECEIVED));
    // C-1's dispatch event arrives late, after the deadline: the clock still started at the call.
    expect(engine.observe(call('C-1', T0 + 721_000, CallStage.DISPATCHED))).toMatchObject([{ kind: 'raise', dedupKey: 'ambulance.response-over-sla:C-1', atMs: T0 + 720_000, severity: 3 }]);
    engine.observe(call('C-2', T0 + 600_000, CallStage.ON_SCENE));
    expect(engine.tick(T0 + 800_000)).toEqual([]);
  });

  it("places an alert whose messages carry no position where its entity is in the pack (a dark intersection at its crossing, in its district)", () => {
    const engine = engineWith(
      rule(`
      id: signal.dark-intersection
      kind: sequence
      stream: signal-phases
      severity: critical
      start: { phaseState: [DARK, UNAVAILABLE] }
      done: { when: { phaseState: { notIn: [DARK, UNAVAILABLE] } } }
      withinS: 30`),
    );
    engine.observe(phase('x:1', T0, MovementPhaseState.DARK));
    const [raised] = engine.tick(T0 + 31_000);
    const [lon, lat] = PACK.layers.intersections.find((f) => f.id === 'x:1')!.geometry.coordinates;
    expect(raised).toMatchObject({ kind: 'raise', dedupKey: 'signal.dark-intersection:x:1', lon, lat });
    expect(raised!.detail.district).toBe(PACK.districtAt([lon!, lat!])!.properties.name);
  });

});

describe('stale, ambulances', () => {
  it('counts an ambulance available at its station as on duty', () => {
    const engine = engineWith(
      rule(`
      id: ambulance.stale-gps
      kind: stale
      stream: ambulance-readings
      severity: warning
      afterS: 30
      onDutyOnly: true`),
    );
    engine.observe({ stream: 'ambulance-readings', fleet: 'ambulances', entityId: 'NJ120-01', atMs: T0, message: { ambulanceId: 'NJ120-01', lon: 105.001, lat: 29.501, state: AmbulanceState.AVAILABLE } });
    // Another ambulance keeps reporting (the feed is up).
    engine.observe({ stream: 'ambulance-readings', fleet: 'ambulances', entityId: 'NJ120-02', atMs: T0 + 30_000, message: { ambulanceId: 'NJ120-02', lon: 105.002, lat: 29.502, state: AmbulanceState.AVAILABLE } });
    expect(engine.tick(T0 + 31_000)).toMatchObject([{ kind: 'raise', dedupKey: 'ambulance.stale-gps:NJ120-01', atMs: T0 + 30_000 }]);
  });
});

describe('rule reload, restart', () => {
  const low = (below: number, id = 'boat.low-battery'): string =>
    rule(`
    id: ${id}
    kind: threshold
    stream: boat-readings
    severity: warning
    field: batteryPct
    below: ${below}`);

  it('keeps the state of an unchanged rule, hands an edited rule its open conditions, resolves a removed rule', () => {
    const engine = engineWith(low(20) + low(50, 'boat.half'));
    expect(kinds(engine.observe(boat('W-1', T0, { batteryPct: 10 })))).toEqual(['raise boat.low-battery:W-1', 'raise boat.half:W-1']);
    const next = parseRuleSet(`version: 2\nrules:\n${low(20)}${low(15, 'boat.half')}`, 'v2', PACK);
    expect(engine.replaceRules(next)).toEqual([]);
    // Nothing raised twice; the edited rule re-judges on the next message.
    expect(engine.observe(boat('W-1', T0 + 1000, { batteryPct: 12 }))).toEqual([]);
    expect(kinds(engine.observe(boat('W-1', T0 + 2000, { batteryPct: 16 })))).toEqual(['clear boat.half:W-1']);
    const removed = engine.replaceRules(parseRuleSet(`version: 3\nrules:\n${low(15, 'boat.half')}`, 'v3', PACK));
    expect(removed).toMatchObject([{ kind: 'resolve', dedupKey: 'boat.low-battery:W-1', atMs: T0 + 2000 }]);
    expect([...engine.activeConditions().keys()]).toEqual([]);
    expect(kinds(engine.observe(boat('W-2', T0 + 3000, { batteryPct: 5 })))).toEqual(['raise boat.half:W-2']);
    expect(engine.activeConditions().get('boat.half:W-2')).toMatchObject({ ruleVersion: 3 });
  });

  it('restores the open alerts after a restart: a condition still true is not raised again, one found false clears', () => {
    const first = engineWith(low(20));
    first.observe(boat('W-1', T0, { batteryPct: 10 }));
    first.observe(boat('W-2', T0, { batteryPct: 10 }));
    const open = [...first.activeConditions().values()];
    const second = engineWith(low(20));
    expect(second.restoreActive(open)).toEqual([]);
    expect(second.observe(boat('W-1', T0 + 1000, { batteryPct: 9 }))).toEqual([]);
    expect(kinds(second.observe(boat('W-2', T0 + 1000, { batteryPct: 60 })))).toEqual(['clear boat.low-battery:W-2']);
    expect(engineWith(low(20, 'boat.other')).restoreActive(open)).toHaveLength(2);
  });
});

describe('flood control in the engine', () => {
  const low = rule(`
    id: boat.low-battery
    kind: threshold
    stream: boat-readings
    severity: warning
    field: batteryPct
    below: 20
    autoResolveAfterS: 0`);

  it('emits at most the rule limit per window, counts the rest, and keeps their clears silent', () => {
    const engine = engineWith(low, 'floodControl: { windowS: 60, perRule: { boat.low-battery: 2 } }');
    const raised = [1, 2, 3, 4].flatMap((n) => engine.observe(boat(`W-${n}`, T0 + n, { batteryPct: 5 })));
    expect(kinds(raised)).toEqual(['raise boat.low-battery:W-1', 'raise boat.low-battery:W-2']);
    expect(engine.floodReport()).toEqual({ droppedByRule: { 'boat.low-battery': 2 }, droppedByFleet: { boats: 2 }, suppressedByRule: {} });
    expect(engine.observe(boat('W-3', T0 + 10, { batteryPct: 50 }))).toEqual([]);
    // W-4's condition is true but was never emitted: the store must not hold it open.
    expect([...engine.activeConditions().keys()]).toEqual(['boat.low-battery:W-1', 'boat.low-battery:W-2']);
    // A new window: raises flow again.
    expect(kinds(engine.observe(boat('W-5', T0 + 61_000, { batteryPct: 5 })))).toEqual(['raise boat.low-battery:W-5']);
  });

  it('withholds raises inside a suppression window and emits them when it ends if still true', () => {
    const from = new Date(T0).toISOString();
    const to = new Date(T0 + 60_000).toISOString();
    const engine = engineWith(low, `suppressions:\n  - { rule: boat.low-battery, entityId: W-1, from: "${from}", to: "${to}", reason: maintenance }`);
    expect(engine.observe(boat('W-1', T0 + 1000, { batteryPct: 5 }))).toEqual([]);
    expect(kinds(engine.observe(boat('W-2', T0 + 1000, { batteryPct: 5 })))).toEqual(['raise boat.low-battery:W-2']);
    expect(engine.floodReport().suppressedByRule).toEqual({ 'boat.low-battery': 1 });
    expect(engine.tick(T0 + 59_000)).toEqual([]);
    expect(engine.tick(T0 + 60_000)).toMatchObject([{ kind: 'raise', dedupKey: 'boat.low-battery:W-1', atMs: T0 + 60_000 }]);
  });
});
