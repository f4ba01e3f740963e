import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { findAmbulanceReadingProblem, findEmergencyCallEventProblem, type LonLat } from '@urban-brain/common';
import { AmbulanceState, CallStage, type AmbulanceReading, type EmergencyCallEvent } from '@urban-brain/proto';
import { describe, expect, it } from 'vitest';
import { DispatchRefusalCode, type DispatchOrder } from '../dispatch/dispatch-order';
import { AmbulanceFleetSimulator, type AmbulanceMessage } from './ambulance-fleet.simulator';

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
const distanceM = (a: LonLat, b: LonLat) => pack.projection.distanceM(a, b);
const isReading = (m: AmbulanceMessage): m is AmbulanceReading => m.$typeName === 'urbanbrain.fleet.v1.AmbulanceReading';
const orderFor = (vehicleId: string, place: LonLat, fromMs: number): DispatchOrder => ({ taskId: 't-1', alertId: 'a-1', vehicleId, place, action: 'respond', fromMs });

describe('AmbulanceFleetSimulator dispatch', { timeout: 60_000 }, () => {
  it('sends a free ambulance to the place as to a call scene: a call of its own, driven to, treated on scene', () => {
    // No calls from the call centre: the ambulance's only call is the dispatcher's.
    const sim = new AmbulanceFleetSimulator({ pack, seed: 7, callsPerDay: 0 });
    const first = sim.tick(T0).filter(isReading);
    const ambulance = first[0]!;
    const station: LonLat = [ambulance.lon, ambulance.lat];
    const place = pack.layers['collection-points'].map((p) => p.geometry.coordinates as LonLat).find((p) => distanceM(p, station) > 2_000)!;
    expect(sim.dispatch(orderFor(ambulance.ambulanceId, place, T0 + 1_000))).toBeNull();
    const readings: AmbulanceReading[] = [];
    const events: EmergencyCallEvent[] = [];
    for (let t = T0 + 1_000; t <= T0 + 3_600_000; t += 1_000) {
      for (const m of sim.tick(t)) {
        if (!isReading(m)) events.push(m);
        else if (m.ambulanceId === ambulance.ambulanceId) readings.push(m);
      }
    }
    for (const r of readings) expect(findAmbulanceReadingProblem(r, T0 + 7_200_000)).toBeNull();
    for (const e of events) expect(findEmergencyCallEventProblem(e, T0 + 7_200_000)).toBeNull();
    const callId = readings[0]!.callId;
    expect(callId).toMatch(/^CALL-.+-T001$/);
    expect(events.slice(0, 3).map((e) => [e.callId, e.stage, e.ambulanceId])).toEqual([
      [callId, CallStage.RECEIVED, ambulance.ambulanceId],
      [callId, CallStage.DISPATCHED, ambulance.ambulanceId],
      [callId, CallStage.ON_SCENE, ambulance.ambulanceId],
    ]);
    const onScene = readings.findIndex((r) => r.state === AmbulanceState.ON_SCENE);
    expect(onScene).toBeGreaterThan(60);
    expect(readings.slice(0, onScene).every((r) => r.state === AmbulanceState.TO_SCENE && r.callId === callId)).toBe(true);
    expect(distanceM([readings[onScene]!.lon, readings[onScene]!.lat], place)).toBeLessThan(10);
    expect(sim.takeDispatchProgress().map((p) => p.stage)).toEqual(['started', 'arrived', 'done']);
  });

  it('refuses an ambulance on a call and one it does not have', () => {
    const sim = new AmbulanceFleetSimulator({ pack, seed: 7, callsPerDay: 0 });
    const [a] = sim.tick(T0).filter(isReading);
    const place = pack.layers['collection-points'][0]!.geometry.coordinates as LonLat;
    expect(sim.dispatch(orderFor('NJ120-99', place, T0))?.code).toBe(DispatchRefusalCode.UNKNOWN_VEHICLE);
    expect(sim.dispatch(orderFor(a!.ambulanceId, place, T0))).toBeNull();
    sim.tick(T0 + 1_000);
    expect(sim.dispatch(orderFor(a!.ambulanceId, place, T0 + 1_000))?.code).toBe(DispatchRefusalCode.BUSY);
  });
});
