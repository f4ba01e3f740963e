import { describe, expect, it } from 'vitest';
import { DEFAULT_CITY_PACK_DIR, loadCityPack } from '@urban-brain/city-pack';
import { findAmbulanceReadingProblem, findEmergencyCallEventProblem } from '@urban-brain/common';
import { AmbulanceState, CallStage, type AmbulanceReading, type EmergencyCallEvent } from '@urban-brain/proto';
import { AmbulanceFleetSimulator, type AmbulanceMessage } from './ambulance-fleet.simulator';
import { callRatePerMs, HOURLY_SHARE } from './emergency-demand';

const pack = loadCityPack(DEFAULT_CITY_PACK_DIR);
// 2026-12-03 00:00 in Neijiang (UTC+8).
const T0 = Date.UTC(2026, 11, 2, 16, 0, 0);
const isReading = (m: AmbulanceMessage): m is AmbulanceReading => m.$typeName === 'urbanbrain.fleet.v1.AmbulanceReading';

function run(hours: number, callsPerDay: number, seed = 7) {
  const sim = new AmbulanceFleetSimulator({ pack, seed, callsPerDay });
  const readings: AmbulanceReading[] = [];
  const events: EmergencyCallEvent[] = [];
  for (let t = T0; t <= T0 + hours * 3_600_000; t += 1_000) {
    for (const m of sim.tick(t)) (isReading(m) ? readings : events).push(m as never);
  }
  return { sim, readings, events };
}

// A simulated working day and two more hours: seconds of CPU, more on a loaded 2-core machine.
describe('the ambulance fleet', { timeout: 60_000 }, () => {
  const day = run(8, 400);
  const byCall = new Map<string, EmergencyCallEvent[]>();
  for (const e of day.events) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);

  it('has the pack\u2019s 40 ambulances, one fix each per second, every message one the checks accept', () => {
    expect(day.sim.fleetSize).toBe(40);
    expect(new Set(day.readings.map((r) => r.ambulanceId)).size).toBe(40);
    expect(day.readings).toHaveLength(40 * (8 * 3600 + 1));
    const now = T0 + 9 * 3_600_000;
    expect(day.readings.map((r) => findAmbulanceReadingProblem(r, now)).filter(Boolean)).toEqual([]);
    expect(day.events.map((e) => findEmergencyCallEventProblem(e, now)).filter(Boolean)).toEqual([]);
  });

  it('takes each call through its stages in order, with seq 1, 2, 3... and the ambulance and hospital where the stage needs them', () => {
    expect(byCall.size).toBeGreaterThan(60);
    let closed = 0;
    for (const [id, steps] of byCall) {
      expect(steps.map((s) => s.seq), id).toEqual(steps.map((_, i) => i + 1));
      const stages = steps.map((s) => s.stage);
      expect(stages[0]).toBe(CallStage.RECEIVED);
      const order = [CallStage.RECEIVED, CallStage.DISPATCHED, CallStage.ON_SCENE, CallStage.TRANSPORTING, CallStage.AT_HOSPITAL, CallStage.CLOSED];
      expect([...stages].sort((a, b) => order.indexOf(a) - order.indexOf(b)), id).toEqual(stages);
      if (stages.at(-1) === CallStage.CLOSED) {
        closed++;
        expect([stages.length === 6, stages.length === 4 && stages[2] === CallStage.ON_SCENE], id).toContain(true);
      }
      for (const s of steps) expect(Number(s.recordedAtMs) >= Number(s.receivedAtMs)).toBe(true);
    }
    expect(closed).toBeGreaterThan(byCall.size / 2);
  });

  it('reaches the patient in minutes and takes them to a hospital that treats them', () => {
    const response: number[] = [];
    for (const steps of byCall.values()) {
      const onScene = steps.find((s) => s.stage === CallStage.ON_SCENE);
      if (onScene) response.push((Number(onScene.recordedAtMs) - Number(onScene.receivedAtMs)) / 60_000);
      const transport = steps.find((s) => s.stage === CallStage.TRANSPORTING);
      if (transport) {
        const hospital = pack.layers.sites.find((s) => s.id === transport.hospitalId)!;
        expect(hospital.properties.kind).toBe('hospital');
      }
    }
    response.sort((a, b) => a - b);
    const median = response[Math.floor(response.length / 2)]!;
    // Call taking (1-2 min) plus a drive across part of a city of ~15 km: minutes, not seconds or hours.
    expect(median).toBeGreaterThan(3);
    expect(median).toBeLessThan(20);
  });

  it('moves ambulances on calls and keeps free ones at their station', () => {
    const moving = day.readings.filter((r) => r.state === AmbulanceState.TO_SCENE && r.speedKmh > 0);
    expect(moving.length).toBeGreaterThan(1000);
    for (const r of moving.slice(0, 500)) expect(r.speedKmh).toBeGreaterThanOrEqual(42);
    const stationOf = new Map(pack.layers.sites.map((s) => [s.id, s.geometry.coordinates]));
    for (const r of day.readings.filter((x) => x.state === AmbulanceState.AVAILABLE).slice(0, 2000)) {
      expect([r.lon, r.lat]).toEqual(stationOf.get(r.stationId)!.map((v) => Math.round(v * 1e6) / 1e6));
      expect(r.callId).toBe('');
    }
  });

  it('is the same run for the same seed, and follows the hour of the day', () => {
    const a = run(1, 400, 11).events.map((e) => `${e.callId} ${e.stage} ${e.recordedAtMs}`);
    const b = run(1, 400, 11).events.map((e) => `${e.callId} ${e.stage} ${e.recordedAtMs}`);
    expect(a).toEqual(b);
    expect(HOURLY_SHARE.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
    // 04:00 local is the trough, 09:00 the morning peak.
    expect(callRatePerMs(50, T0 + 9 * 3_600_000, 8)).toBeGreaterThan(3 * callRatePerMs(50, T0 + 3 * 3_600_000, 8));
  });
});
