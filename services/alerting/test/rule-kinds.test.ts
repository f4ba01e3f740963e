import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { distanceM } from '@urban-brain/common';
import { AlertChangeKind } from '@urban-brain/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulesServiceHarness, until } from './rules-service.harness';

// Every rule kind on the real broker and database: readings produced to this run's fleet topics make a
// rule's condition true (the alert is raised, stored, published once) and then false again (cleared, and
// resolved by itself after the rule's quiet time). Places come from the city pack and are checked first,
// so a changed pack fails here with a plain message instead of a silent non-alert.

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const OPEN_LAKE: [number, number] = [105.068, 29.581];
const OFF_LAKE: [number, number] = [105.05, 29.58];
const CLEANUP_ZONE_2: [number, number] = [105.052, 29.5915];
const CLEANUP_ZONE_1: [number, number] = [105.04, 29.597];
const PILE: [number, number] = [105.1, 29.6];
const GARDEN = pack.layers.landmarks.find((l) => l.id === 'landmark:daqian-garden')!;
const TRANSFER_STATION = pack.layers.sites.find((s) => s.properties.kind === 'transfer-station')!;
const FENCE = pack.layers['bike-fences'][0]!;
const COLLECTION_POINT = pack.layers['collection-points'][0]!;
const CORRIDOR = 'corridor:hanan-central';
const SCHOOL_GATE = pack.layers['restricted-zones'].find((z) => z.id === 'restricted:school-1')!;

/** A point `east` metres east and `north` metres north of p. */
const offset = (p: readonly number[], east: number, north: number): [number, number] => [p[0]! + east / (111_320 * Math.cos((p[1]! * Math.PI) / 180)), p[1]! + north / 110_574];
const centreOf = (polygon: { geometry: { coordinates: number[][][] } }): [number, number] => {
  const ring = polygon.geometry.coordinates[0]!.slice(0, -1);
  return [ring.reduce((s, c) => s + c[0]!, 0) / ring.length, ring.reduce((s, c) => s + c[1]!, 0) / ring.length];
};
const fenceCentre = (): [number, number] => centreOf(FENCE);

const title = (en: string, zh: string) => `title: { en: "${en}", zh: "${zh}" }`;
const rules = (r: string) => `version: 1
floodControl: { windowS: 60, perRule: { default: 1000 }, perFleet: { default: 5000 } }
rules:
  - { id: it.exit.${r}, kind: geofence, stream: boat-readings, severity: critical, layer: water, zones: [water:tianchenghu], on: exit, onDutyOnly: true, autoResolveAfterS: 1, ${title('Boat {entityId} off the lake', '清漂船{entityId}驶出湖面')} }
  - { id: it.enter.${r}, kind: geofence, stream: boat-readings, severity: info, layer: cleanup-zones, zones: [cleanup-zone:2], on: enter, autoResolveAfterS: 1, ${title('Boat {entityId} in {zone}', '清漂船{entityId}进入{zoneZh}')} }
  - { id: it.dwell.${r}, kind: geofence, stream: boat-readings, severity: info, layer: cleanup-zones, zones: [cleanup-zone:1], on: dwell, dwellS: 2, autoResolveAfterS: 1, ${title('Boat {entityId} in {zone} for {dwellMin} min', '清漂船{entityId}在{zoneZh}停留{dwellMin}分钟')} }
  - { id: it.gate.${r}, kind: geofence, stream: truck-readings, severity: warning, layer: restricted-zones, zones: [restricted:school-1], on: dwell, dwellS: 2, autoResolveAfterS: 1, ${title('Truck {entityId} standing {dwellMin} min at {zone}', '环卫车{entityId}在{zoneZh}停留{dwellMin}分钟')} }
  - { id: it.stale.${r}, kind: stale, stream: truck-readings, severity: warning, afterS: 3, onDutyOnly: true, autoResolveAfterS: 1, ${title('Truck {entityId} silent {silentS} s', '环卫车{entityId}失联{silentS}秒')} }
  - { id: it.battery.${r}, kind: threshold, stream: boat-readings, severity: warning, field: batteryPct, below: 20, clearAbove: 30, groupBy: site, autoResolveAfterS: 1, ${title('Boat {entityId} battery {value}% near {place}', '清漂船{entityId}电量{value}%（{placeZh}）')} }
  - { id: it.pile.${r}, kind: count-in-zone, stream: bike-events, severity: warning, when: { kind: { notIn: [TRIP_START] }, inFence: false }, zone: { pile: { cellM: 25 } }, above: 7, clearAtOrBelow: 3, groupBy: district, autoResolveAfterS: 1, ${title('Bike pile: {count} bikes ({district})', '单车堆积：{count}辆（{districtZh}）')} }
  - { id: it.around.${r}, kind: count-in-zone, stream: bike-events, severity: warning, when: { kind: { notIn: [TRIP_START] }, inFence: false }, zone: { around: landmarks, ids: [landmark:daqian-garden], radiusM: 300 }, above: 5, clearAtOrBelow: 2, autoResolveAfterS: 1, ${title('{count} bikes outside fences around {place}', '{placeZh}周边{count}辆单车停在围栏外')} }
  - { id: it.fence.${r}, kind: count-in-zone, stream: bike-events, severity: info, when: { kind: { notIn: [TRIP_START] }, inFence: true }, zone: { fences: true, idField: fenceId }, capacityTimes: 1.2, clearCapacityTimes: 1.0, autoResolveAfterS: 1, ${title('{entity} ({entityId}): {count} bikes for {capacity}', '围栏{entityId}：{count}辆/{capacity}')} }
  - { id: it.corridor.${r}, kind: corridor-progression, stream: corridor-observations, severity: warning, brokenBelowPct: 50, windows: 3, autoResolveAfterS: 1, ${title('Green wave broken on {corridor}: {arrivalsOnGreenPct}%', '{corridorZh}绿波中断：{arrivalsOnGreenPct}%')} }
  - { id: it.visit.${r}, kind: visit, stream: truck-readings, severity: info, when: { kind: COMPACTOR, taskState: COLLECTING }, places: { layer: collection-points, ids: [${COLLECTION_POINT.id}], radiusM: 60 }, withinS: 3, autoResolveAfterS: 1, ${title('{place} not emptied for {sinceMin} min', '{placeZh}已{sinceMin}分钟未清运')} }
  - id: it.full.${r}
    kind: sequence
    stream: truck-readings
    severity: warning
    start: { kind: COMPACTOR, loadKg: { gte: 6800 } }
    done: { when: { taskState: UNLOADING }, near: { layer: sites, kinds: [transfer-station], radiusM: 200 } }
    withinS: 3
    autoResolveAfterS: 1
    ${title('Compactor {entityId} full for {elapsedMin} min', '压缩车{entityId}满载{elapsedMin}分钟')}
  - id: it.response.${r}
    kind: sequence
    stream: emergency-calls
    severity: critical
    start: { stage: [RECEIVED, DISPATCHED] }
    startAtField: receivedAtMs
    done: { when: { stage: [ON_SCENE, TRANSPORTING, AT_HOSPITAL, CLOSED] } }
    withinS: 720
    autoResolveAfterS: 1
    ${title('Call {entityId}: no ambulance after {elapsedMin} min', '呼叫{entityId}：{elapsedMin}分钟无救护车')}
`;

const harness = new RulesServiceHarness(rules);
const rule = (name: string) => `it.${name}.${harness.run}`;
const id = (name: string) => `it-${name}-${harness.run}`;

/** Raised once, published once; then cleared and resolved by itself, each step in the trail and on the topic. */
async function expectClearsAndResolves(alertId: string): Promise<void> {
  await harness.alertBecomes(alertId, 'resolved');
  expect(await harness.steps(alertId)).toEqual(['raised', 'cleared', 'resolved']);
  await until('the resolve on the alerts topic', () => harness.published.some((c) => c.alertId === alertId && c.change === AlertChangeKind.RESOLVED));
  expect(harness.published.filter((c) => c.alertId === alertId).map((c) => c.change)).toEqual([AlertChangeKind.RAISED, AlertChangeKind.CLEARED, AlertChangeKind.RESOLVED]);
}

const boat = (lonLat: readonly number[], more: Record<string, unknown> = {}) => ({ lon: lonLat[0], lat: lonLat[1], speedKmh: 4, headingDeg: 90, debrisKg: 20, batteryPct: 80, taskState: 1 /* SWEEPING */, ...more });
const truck = (lonLat: readonly number[], more: Record<string, unknown> = {}) => ({ lon: lonLat[0], lat: lonLat[1], speedKmh: 20, headingDeg: 0, loadKg: 1000, taskState: 4 /* COLLECTING */, kind: 3 /* COMPACTOR */, ...more });
const parkedBike = (lonLat: readonly number[], more: Record<string, unknown> = {}) => ({ kind: 3 /* PARKED_STATE */, lon: lonLat[0], lat: lonLat[1], inFence: false, isEbike: false, batteryPct: 0, operator: 'test', ...more });
const TRIP_START = 1;

beforeAll(async () => {
  // The places the readings use are what the test says they are.
  expect(pack.lakeAt(OPEN_LAKE) && !pack.cleanupZoneAt(OPEN_LAKE)).toBeTruthy();
  expect(pack.lakeAt(OFF_LAKE)).toBeNull();
  expect(pack.cleanupZoneAt(CLEANUP_ZONE_2)?.id).toBe('cleanup-zone:2');
  expect(pack.cleanupZoneAt(CLEANUP_ZONE_1)?.id).toBe('cleanup-zone:1');
  expect(pack.fencesNear(PILE, 100)).toHaveLength(0);
  expect(Math.min(...pack.layers.landmarks.map((l) => distanceM(PILE, l.geometry.coordinates as [number, number])))).toBeGreaterThan(1000);
  expect(pack.fenceAt(fenceCentre())?.id).toBe(FENCE.id);
  expect(pack.corridor(CORRIDOR)).toBeDefined();
  expect(pack.restrictedZoneAt(centreOf(SCHOOL_GATE))?.id).toBe(SCHOOL_GATE.id);
  expect(pack.restrictedZoneAt(offset(centreOf(SCHOOL_GATE), 100, 0))).toBeNull();
  await harness.setUp();
  await harness.start();
}, 120_000);

afterAll(() => harness.tearDown());

describe('each rule kind on the real broker and database', () => {
  it('geofence dwell on a restricted zone: a truck standing at a school gate raises, named by the gate; driving on clears it', async () => {
    const standing = id('gate');
    const passing = id('gate-pass');
    const gate = centreOf(SCHOOL_GATE);
    await harness.produce('truck-readings', [
      { entityId: standing, fields: truck(gate, { speedKmh: 0 }) },
      // Through the gate and on within the dwell time: nothing.
      { entityId: passing, fields: truck(gate) },
      { entityId: passing, fields: truck(offset(gate, 100, 0)) },
    ]);
    const alert = await harness.alertOnce(rule('gate'), standing);
    expect(alert.title).toBe(`Truck ${standing} standing 0 min at ${SCHOOL_GATE.properties.name}`);
    expect(alert.title_zh).toBe(`环卫车${standing}在${SCHOOL_GATE.properties.nameZh}停留0分钟`);
    await harness.produce('truck-readings', [{ entityId: standing, fields: truck(offset(gate, 100, 0)) }]);
    await expectClearsAndResolves(alert.id);
    expect(await harness.alerts(rule('gate'), passing)).toHaveLength(0);
  });

  it('geofence exit: a boat on duty leaving the lake raises; back on the water it clears and resolves', async () => {
    const b = id('exit');
    await harness.produce('boat-readings', [{ entityId: b, fields: boat(OPEN_LAKE) }]);
    await harness.produce('boat-readings', [{ entityId: b, fields: boat(OFF_LAKE) }]);
    const alert = await harness.alertOnce(rule('exit'), b);
    expect(alert).toMatchObject({ state: 'open', title: `Boat ${b} off the lake`, title_zh: `清漂船${b}驶出湖面` });
    // Docked off the water is off duty, not "off the lake"; a second reading outside changes nothing.
    await harness.produce('boat-readings', [{ entityId: b, fields: boat(OFF_LAKE) }, { entityId: b, fields: boat(OPEN_LAKE) }]);
    await expectClearsAndResolves(alert.id);
    expect(await harness.alerts(rule('exit'), b)).toHaveLength(1);
  });

  it('geofence enter and dwell: a boat entering cleanup zone 2 raises at once; one staying in zone 1 raises after the dwell time', async () => {
    const entering = id('enter');
    const dwelling = id('dwell');
    const enteredAt = Date.now();
    await harness.produce('boat-readings', [
      { entityId: entering, fields: boat(OPEN_LAKE) },
      { entityId: entering, fields: boat(CLEANUP_ZONE_2) },
      { entityId: dwelling, atMs: enteredAt, fields: boat(CLEANUP_ZONE_1) },
    ]);
    const entered = await harness.alertOnce(rule('enter'), entering);
    expect(entered.title).toBe(`Boat ${entering} in Cleanup zone 2`);
    expect(await harness.alerts(rule('enter'), dwelling)).toHaveLength(0);
    // The dwell rule raises from the clock (2 s), without another reading of that boat.
    const dwelled = await harness.alertOnce(rule('dwell'), dwelling);
    const raisedAt = (await harness.pool.query<{ raised_at: Date }>('SELECT raised_at FROM alerts WHERE id = $1', [dwelled.id])).rows[0]!.raised_at;
    expect(raisedAt.getTime()).toBe(enteredAt + 2000);
    await harness.produce('boat-readings', [
      { entityId: entering, fields: boat(OPEN_LAKE) },
      { entityId: dwelling, fields: boat(OPEN_LAKE) },
    ]);
    await expectClearsAndResolves(entered.id);
    await expectClearsAndResolves(dwelled.id);
  });

  it('stale: a truck on duty that stops reporting while its fleet still reports raises; its next reading clears it', async () => {
    const silent = id('silent');
    const chatty = id('chatty');
    await harness.produce('truck-readings', [{ entityId: silent, fields: truck(TRANSFER_STATION.geometry.coordinates, { kind: 1, loadKg: 0 }) }]);
    // The fleet keeps talking (a silent stream is a feed outage, not a device's silence).
    const talk = setInterval(() => void harness.produce('truck-readings', [{ entityId: chatty, fields: truck(TRANSFER_STATION.geometry.coordinates, { kind: 1, loadKg: 0 }) }]), 500);
    try {
      const alert = await harness.alertOnce(rule('stale'), silent);
      expect(alert.title).toMatch(new RegExp(`^Truck ${silent} silent [3-9] s$`));
      expect(await harness.alerts(rule('stale'), chatty)).toHaveLength(0);
      await harness.produce('truck-readings', [{ entityId: silent, fields: truck(TRANSFER_STATION.geometry.coordinates, { kind: 1, loadKg: 0 }) }]);
      await expectClearsAndResolves(alert.id);
    } finally {
      clearInterval(talk);
    }
  });

  it('threshold with incidents: low boats near one dock share an incident, a boat elsewhere has its own; charged, they clear', async () => {
    const docks = pack.layers['lake-docks'];
    const north = docks.find((d) => d.id === 'dock:north-shore')!.geometry.coordinates;
    const xilin = docks.find((d) => d.id === 'dock:xilin')!.geometry.coordinates;
    const nearNorth = [1, 2, 3].map((n) => ({ entityId: id(`north-${n}`), fields: boat(offset(north, 20 * n, -30), { batteryPct: 15 }) }));
    const nearXilin = { entityId: id('xilin'), fields: boat(offset(xilin, 10, 10), { batteryPct: 12 }) };
    await harness.produce('boat-readings', [...nearNorth, nearXilin]);
    const rows = await until('four battery alerts', async () => ((await harness.alerts(rule('battery'))).length === 4 ? harness.alerts(rule('battery')) : undefined));
    // groupBy: site is the nearest named place of the pack (a dock, a site, a landmark) to each boat.
    const northRows = rows.filter((r) => r.entity_id.includes('-north-'));
    const northIncidents = new Set(northRows.map((r) => r.incident_key));
    expect(northIncidents.size).toBe(1);
    expect([...northIncidents][0]).toMatch(new RegExp(`^${rule('battery').replace(/\./g, '\\.')}:[a-z-]+:[a-z0-9-]+$`));
    expect(rows.find((r) => r.entity_id === nearXilin.entityId)!.incident_key).not.toBe([...northIncidents][0]);
    expect(northRows[0]!.title).toMatch(/^Boat .* battery 15% near \S.*$/);
    // 25 % is inside the hysteresis band: still low. 35 % clears.
    await harness.produce('boat-readings', nearNorth.map((b) => ({ ...b, fields: { ...b.fields, batteryPct: 25 } })));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await harness.alerts(rule('battery'))).every((r) => r.condition_active)).toBe(true);
    await harness.produce('boat-readings', [...nearNorth, nearXilin].map((b) => ({ ...b, fields: { ...b.fields, batteryPct: 35 } })));
    for (const row of rows) await expectClearsAndResolves(row.id);
  });

  it('count in a zone: a pile of 8 bikes in one 25 m cell raises once; when 5 ride away it clears', async () => {
    const bikes = Array.from({ length: 8 }, (_, n) => ({ entityId: id(`pile-${n}`), fields: parkedBike(offset(PILE, n, n)) }));
    await harness.produce('bike-events', bikes.slice(0, 7));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await harness.alerts(rule('pile'))).toHaveLength(0);
    await harness.produce('bike-events', bikes.slice(7));
    const alert = await harness.alertOnce(rule('pile'));
    expect(alert.title).toBe('Bike pile: 8 bikes (Dongxing)');
    expect(alert.title_zh).toBe('单车堆积：8辆（东兴区）');
    expect(distanceM([alert.lon!, alert.lat!], PILE)).toBeLessThan(40);
    await harness.produce('bike-events', bikes.slice(0, 5).map((b) => ({ ...b, fields: { ...b.fields, kind: TRIP_START } })));
    await expectClearsAndResolves(alert.id);
  });

  it('count in a zone: bikes parked outside fences around Daqian Garden above the limit raise one alert for the place', async () => {
    // Spread 60 m apart so they make no pile.
    const bikes = Array.from({ length: 6 }, (_, n) => ({ entityId: id(`garden-${n}`), fields: parkedBike(offset(GARDEN.geometry.coordinates, 60 * (n % 3) - 60, 60 * Math.floor(n / 3) - 30)) }));
    for (const b of bikes) expect(pack.fenceAt([b.fields.lon as number, b.fields.lat as number])).toBeNull();
    await harness.produce('bike-events', bikes);
    const alert = await harness.alertOnce(rule('around'));
    expect(alert).toMatchObject({ entity_id: GARDEN.id, title: '6 bikes outside fences around Daqian Garden' });
    await harness.produce('bike-events', bikes.slice(0, 4).map((b) => ({ ...b, fields: { ...b.fields, kind: TRIP_START } })));
    await expectClearsAndResolves(alert.id);
  });

  it('count in a zone: a fence over 1.2 times its capacity raises; back at capacity it clears', async () => {
    const capacity = FENCE.properties.capacity;
    const over = Math.floor(capacity * 1.2) + 1;
    const bikes = Array.from({ length: over }, (_, n) => ({ entityId: id(`fence-${n}`), fields: parkedBike(fenceCentre(), { inFence: true, fenceId: FENCE.id }) }));
    await harness.produce('bike-events', bikes);
    const alert = await harness.alertOnce(rule('fence'), FENCE.id);
    // {entity} is the pack's name of the fence.
    expect(alert.title).toBe(`${FENCE.properties.name} (${FENCE.id}): ${over} bikes for ${capacity}`);
    await harness.produce('bike-events', bikes.slice(0, over - capacity).map((b) => ({ ...b, fields: { ...b.fields, kind: TRIP_START } })));
    await expectClearsAndResolves(alert.id);
  });

  it('corridor progression: three broken windows raise (an empty window between them counts for nothing); a good one clears', async () => {
    const window = (arrivalsOnGreenPct: number, vehicles = 12) => ({ entityId: CORRIDOR, fields: { direction: 1, travelTimeS: 200, designTravelTimeS: 190, stops: 0.4, arrivalsOnGreenPct, vehicles } });
    // Another run may have left this corridor's alert open in the shared database: only this run's rule counts.
    await harness.produce('corridor-observations', [window(30), window(35), window(0, 0)]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await harness.alerts(rule('corridor'))).toHaveLength(0);
    await harness.produce('corridor-observations', [window(28)]);
    const alert = await harness.alertOnce(rule('corridor'), CORRIDOR);
    expect(alert.title).toBe("Green wave broken on Han'an Avenue (central): 28%");
    await harness.produce('corridor-observations', [window(82)]);
    await expectClearsAndResolves(alert.id);
  });

  it('visit: a collection point no compactor collects at within the window raises while the fleet reports; a compactor collecting there clears it', async () => {
    const chatty = id('far-truck');
    const talk = setInterval(() => void harness.produce('truck-readings', [{ entityId: chatty, fields: truck(PILE, { kind: 1, taskState: 2 }) }]), 500);
    let alert;
    try {
      alert = await harness.alertOnce(rule('visit'), COLLECTION_POINT.id);
    } finally {
      clearInterval(talk);
    }
    expect(alert.title).toMatch(new RegExp(`^${COLLECTION_POINT.properties.name} not emptied for 0(\\.\\d)? min$`));
    expect(distanceM([alert.lon!, alert.lat!], COLLECTION_POINT.geometry.coordinates as [number, number])).toBeLessThan(1);
    await harness.produce('truck-readings', [{ entityId: id('collector'), fields: truck(offset(COLLECTION_POINT.geometry.coordinates, 20, 0), { taskState: 4 /* COLLECTING */ }) }]);
    await expectClearsAndResolves(alert.id);
  });

  it('sequence: a full compactor not at the transfer station in time raises; unloading there clears it', async () => {
    const full = id('full');
    await harness.produce('truck-readings', [{ entityId: full, fields: truck(PILE, { loadKg: 7200, taskState: 5 /* TO_TRANSFER_STATION */ }) }]);
    const alert = await harness.alertOnce(rule('full'), full);
    expect(alert.title).toMatch(new RegExp(`^Compactor ${full} full for 0(\\.\\d)? min$`));
    // Still full and on its way: the same alert, nothing new. Within 200 m of the station: done.
    await harness.produce('truck-readings', [{ entityId: full, fields: truck(offset(PILE, 100, 0), { loadKg: 7200, taskState: 5 }) }]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await harness.alerts(rule('full'), full)).toMatchObject([{ id: alert.id, condition_active: true, occurrences: 1 }]);
    await harness.produce('truck-readings', [{ entityId: full, fields: truck(offset(TRANSFER_STATION.geometry.coordinates, 150, 0), { loadKg: 7200, taskState: 5 }) }]);
    await expectClearsAndResolves(alert.id);
  });

  it('sequence with its own clock: a call received 13 minutes ago with no ambulance on scene is over the 12-minute target at once; on scene it clears', async () => {
    const call = id('call');
    const receivedAtMs = Date.now() - 13 * 60_000;
    // From DISPATCHED on, a call names its ambulance (ingest's checks; the rules see only what ingest would store).
    const event = (stage: number) => ({ entityId: call, fields: { stage, receivedAtMs: BigInt(receivedAtMs), lon: GARDEN.geometry.coordinates[0], lat: GARDEN.geometry.coordinates[1], districtId: 'district:shizhong', priority: 1, ambulanceId: stage > 1 ? id('ambulance') : '' } });
    await harness.produce('emergency-calls', [event(1 /* RECEIVED */), event(2 /* DISPATCHED */)]);
    const alert = await harness.alertOnce(rule('response'), call);
    expect(alert.title).toMatch(new RegExp(`^Call ${call}: no ambulance after 1[34](\\.\\d)? min$`));
    await harness.produce('emergency-calls', [event(3 /* ON_SCENE */)]);
    await expectClearsAndResolves(alert.id);
  });
});
