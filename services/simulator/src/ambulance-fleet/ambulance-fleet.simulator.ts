import { create } from '@bufbuild/protobuf';
import type { CityPack, SiteFeature } from '@urban-brain/city-pack';
import { bearingDeg, Polyline, type LonLat } from '@urban-brain/common';
import { AmbulanceReadingSchema, AmbulanceState, CallStage, EmergencyCallEventSchema, type AmbulanceReading, type EmergencyCallEvent } from '@urban-brain/proto';
import { DispatchInbox } from '../dispatch/dispatch-inbox';
import { DispatchRefusalCode, refusal, type DispatchOrder, type DispatchProgress, type DispatchRefusal, type DispatchTarget } from '../dispatch/dispatch-order';
import { SeededRandom, deriveSeed } from '../truck-fleet/seeded-random';
import { callRatePerMs, DISTRICT_SHARE, EMERGENCY_KINDS, pickWeighted, type EmergencyCare } from './emergency-demand';

/** What the ambulance fleet sends: fixes on one topic, call steps on the other. */
export type AmbulanceMessage = AmbulanceReading | EmergencyCallEvent;

export interface AmbulanceFleetOptions {
  pack: CityPack;
  seed: number;
  /** Dispatched calls on an average day (the city pack's README: ~50 for central Neijiang). */
  callsPerDay: number;
  /** The city's offset from UTC, for the hour of day calls follow (China: 8). */
  utcOffsetHours?: number;
}

interface Ambulance {
  readonly id: string;
  readonly stationId: string;
  readonly station: LonLat;
  readonly random: SeededRandom;
  seq: number;
  state: AmbulanceState;
  position: LonLat;
  headingDeg: number;
  speedKmh: number;
  route: Polyline | null;
  routeM: number;
  call: Call | null;
  waitUntilMs: number;
}

interface Call {
  readonly id: string;
  readonly care: EmergencyCare;
  readonly priority: number;
  readonly position: LonLat;
  readonly districtId: string;
  readonly receivedAtMs: number;
  /** When the call-taker has the address and the ambulance can leave. */
  readonly dispatchableAtMs: number;
  seq: number;
  ambulanceId: string;
  hospitalId: string;
  /** Next time a call nobody could take looks for a free ambulance again. */
  retryAtMs: number;
  /** A call opened for a dispatcher's task rather than by the call centre. */
  readonly order?: DispatchOrder;
}

const STEP_MS = 1_000;
const MAX_CATCH_UP_MS = 300_000;
// Lights and siren: faster than the ~30 km/h of city traffic; back at the station at traffic speed.
const TO_SCENE_KMH: readonly [number, number] = [42, 58];
const TO_HOSPITAL_KMH: readonly [number, number] = [38, 52];
const RETURNING_KMH: readonly [number, number] = [26, 36];
// Taking the call (address, symptoms) before an ambulance is sent: 1-2 minutes.
const CALL_TAKING_MS: readonly [number, number] = [60_000, 120_000];
const ON_SCENE_MS: readonly [number, number] = [8 * 60_000, 20 * 60_000];
const HANDOVER_MS: readonly [number, number] = [10 * 60_000, 20 * 60_000];
// Share of patients taken to hospital; the others are treated on scene.
const TRANSPORT_SHARE = 0.85;
const RETRY_MS = 10_000;
const CALL_SEARCH_TRIES = 30;
// A call's address is on a street: within this of the road network.
const CALL_NEAR_ROAD_M = 150;
// A dispatcher's task is a call opened by the dispatcher: general care, at its usual priority.
const TASK_KIND = EMERGENCY_KINDS.find((k) => k.care === 'general')!;
const TASK_MAX_OFF_ROAD_M = 500;

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/**
 * The city's "120" ambulances and the calls they answer, as pure state. Calls arrive at a rate that
 * follows the hour of the day, from the districts by population, each needing a kind of care. After
 * the call is taken, the free ambulance with the shortest road-network travel time goes (lights and
 * siren, faster than traffic), treats the patient on scene, takes most of them to the nearest hospital
 * that treats their kind of emergency, hands over and drives back to its station, where it may be
 * dispatched again on the way. tick(nowMs) advances in 1 s steps and returns one fix per ambulance and
 * every call step reached since the previous tick.
 */
export class AmbulanceFleetSimulator implements DispatchTarget {
  private readonly ambulances: Ambulance[];
  private readonly inbox = new DispatchInbox();
  private taskCount = 0;
  private readonly hospitals: { id: string; position: LonLat; treats: readonly string[] }[];
  private readonly districts: { id: string; share: number; bbox: [number, number, number, number] }[];
  private readonly random: SeededRandom;
  private readonly waiting: Call[] = [];
  private readonly events: EmergencyCallEvent[] = [];
  private readonly utcOffsetHours: number;
  private lastTickMs: number | null = null;
  private nextCallMs = Infinity;
  private callCount = 0;
  private runTag = '';
  private ambulanceIndex = 0;

  constructor(private readonly options: AmbulanceFleetOptions) {
    if (!(options.callsPerDay >= 0)) throw new RangeError(`callsPerDay must be 0 or more (got ${options.callsPerDay})`);
    const { pack } = options;
    this.utcOffsetHours = options.utcOffsetHours ?? 8;
    this.random = new SeededRandom(deriveSeed(options.seed, 0x120));
    const sites = pack.layers.sites;
    const stations = sites.filter((s) => s.properties.kind === 'ambulance-station');
    if (stations.length === 0) throw new Error(`city pack ${pack.id} has no ambulance stations (sites of kind "ambulance-station")`);
    this.hospitals = sites
      .filter((s) => s.properties.kind === 'hospital')
      .map((s) => ({ id: s.id, position: s.geometry.coordinates, treats: (s.properties.treats as string[] | undefined) ?? ['general'] }));
    if (this.hospitals.length === 0) throw new Error(`city pack ${pack.id} has no hospitals (sites of kind "hospital")`);
    this.districts = pack.layers.districts.map((d) => ({ id: d.id, share: DISTRICT_SHARE[d.id] ?? 1 / pack.layers.districts.length, bbox: bboxOf(d.geometry.coordinates[0]!) }));
    this.ambulances = stations.flatMap((station) => this.crewOf(station));
  }

  get fleetSize(): number {
    return this.ambulances.length;
  }

  /**
   * Sends a free ambulance (at its station or on its way back) to a place, as to a call scene: at
   * the next tick the dispatcher's task becomes a call (received and dispatched at once, so the
   * call's stages and the ambulance's call_id stay what every reader expects), and the ambulance
   * answers it like any other. One already on a call is not taken off its patient.
   */
  dispatch(order: DispatchOrder): DispatchRefusal | null {
    const ambulance = this.ambulances.find((a) => a.id === order.vehicleId);
    if (!ambulance) return refusal(DispatchRefusalCode.UNKNOWN_VEHICLE, `no ambulance ${order.vehicleId} in this fleet of ${this.ambulances.length}`);
    if (!isFree(ambulance)) return refusal(DispatchRefusalCode.BUSY, `${ambulance.id} is on call ${ambulance.call?.id ?? '?'}`);
    const snap = this.options.pack.nearestRoad(order.place);
    if (!snap || snap.distanceM > TASK_MAX_OFF_ROAD_M) return refusal(DispatchRefusalCode.UNREACHABLE, `${order.place.join(',')} is not within ${TASK_MAX_OFF_ROAD_M} m of a road`);
    this.inbox.add(order);
    return null;
  }

  takeDispatchProgress(): DispatchProgress[] {
    return this.inbox.takeProgress();
  }

  /** Calls received and not yet closed. */
  get openCalls(): number {
    return this.waiting.length + this.ambulances.filter((a) => a.call !== null).length;
  }

  /** Advances the fleet to nowMs (never earlier than the previous tick): every fix, and the call steps since. */
  tick(nowMs: number): AmbulanceMessage[] {
    if (!Number.isFinite(nowMs)) throw new RangeError(`tick time must be finite (got ${nowMs})`);
    if (this.lastTickMs !== null && nowMs < this.lastTickMs) throw new RangeError(`tick time went backwards: ${nowMs} < ${this.lastTickMs}`);
    if (this.lastTickMs === null) {
      this.runTag = Math.floor(nowMs / 1000).toString(36).toUpperCase();
      this.nextCallMs = this.drawNextCall(nowMs);
    }
    for (const order of this.inbox.due(nowMs)) this.takeOrder(order, this.lastTickMs ?? nowMs);
    if (this.lastTickMs !== null) {
      let t = Math.max(this.lastTickMs, nowMs - MAX_CATCH_UP_MS);
      this.nextCallMs = Math.max(this.nextCallMs, t);
      while (t < nowMs) {
        t += Math.min(STEP_MS, nowMs - t);
        while (this.nextCallMs <= t) this.receiveCall(this.nextCallMs);
        this.dispatchWaiting(t);
        for (const ambulance of this.ambulances) this.step(ambulance, t);
      }
    }
    this.lastTickMs = nowMs;
    const events = this.events.splice(0);
    return [...this.ambulances.map((a) => this.report(a, nowMs)), ...events];
  }

  private crewOf(station: SiteFeature): Ambulance[] {
    const count = (station.properties.ambulances as number | undefined) ?? 4;
    const position = station.geometry.coordinates;
    return Array.from({ length: count }, () => {
      const index = this.ambulanceIndex++;
      return {
        id: `NJ120-${String(index + 1).padStart(2, '0')}`,
        stationId: station.id,
        station: position,
        random: new SeededRandom(deriveSeed(this.options.seed, 10_000 + index)),
        seq: 0,
        state: AmbulanceState.AVAILABLE,
        position,
        headingDeg: 0,
        speedKmh: 0,
        route: null,
        routeM: 0,
        call: null,
        waitUntilMs: 0,
      };
    });
  }

  private takeOrder(order: DispatchOrder, t: number): void {
    const ambulance = this.ambulances.find((a) => a.id === order.vehicleId)!;
    // Free when the order was read, but the call centre may have sent it since.
    if (!isFree(ambulance)) {
      this.inbox.report(order, 'dropped', `${ambulance.id} took call ${ambulance.call?.id ?? '?'} first`);
      return;
    }
    this.taskCount++;
    const position: LonLat = [round(order.place[0], 6), round(order.place[1], 6)];
    const call: Call = {
      id: `CALL-${this.runTag}-T${String(this.taskCount).padStart(3, '0')}`,
      care: TASK_KIND.care,
      priority: TASK_KIND.priority,
      position,
      districtId: this.options.pack.districtAt(position)?.id ?? '',
      receivedAtMs: t,
      dispatchableAtMs: t,
      seq: 0,
      ambulanceId: ambulance.id,
      hospitalId: '',
      retryAtMs: 0,
      order,
    };
    this.emit(call, CallStage.RECEIVED, t);
    ambulance.call = call;
    this.drive(ambulance, AmbulanceState.TO_SCENE, this.routeBetween(ambulance.position, position), TO_SCENE_KMH);
    this.emit(call, CallStage.DISPATCHED, t);
    this.inbox.report(order, 'started', `${ambulance.id} on call ${call.id}`);
  }

  private drawNextCall(fromMs: number): number {
    const rate = callRatePerMs(this.options.callsPerDay, fromMs, this.utcOffsetHours);
    if (rate <= 0) return Infinity;
    return fromMs + Math.max(1, Math.round(-Math.log(1 - this.random.next()) / rate));
  }

  private receiveCall(atMs: number): void {
    this.nextCallMs = this.drawNextCall(atMs);
    const place = this.callPlace();
    if (!place) return;
    const kind = pickWeighted(EMERGENCY_KINDS, (k) => k.share, this.random.next());
    this.callCount++;
    const call: Call = {
      id: `CALL-${this.runTag}-${String(this.callCount).padStart(4, '0')}`,
      care: kind.care,
      priority: kind.priority,
      position: place.position,
      districtId: place.districtId,
      receivedAtMs: atMs,
      dispatchableAtMs: atMs + this.random.between(...CALL_TAKING_MS),
      seq: 0,
      ambulanceId: '',
      hospitalId: '',
      retryAtMs: 0,
    };
    this.emit(call, CallStage.RECEIVED, atMs);
    this.waiting.push(call);
  }

  private callPlace(): { position: LonLat; districtId: string } | null {
    const district = pickWeighted(this.districts, (d) => d.share, this.random.next());
    for (let i = 0; i < CALL_SEARCH_TRIES; i++) {
      const [minLon, minLat, maxLon, maxLat] = district.bbox;
      const p: LonLat = [this.random.between(minLon, maxLon), this.random.between(minLat, maxLat)];
      if (this.options.pack.districtAt(p)?.id !== district.id || this.options.pack.inLake(p)) continue;
      const snap = this.options.pack.nearestRoad(p);
      if (snap && snap.distanceM <= CALL_NEAR_ROAD_M) return { position: [round(snap.point[0], 6), round(snap.point[1], 6)], districtId: district.id };
    }
    return null;
  }

  // Life-threatening calls first, then in the order they came.
  private dispatchWaiting(t: number): void {
    if (this.waiting.length === 0) return;
    this.waiting.sort((a, b) => a.priority - b.priority || a.receivedAtMs - b.receivedAtMs);
    for (const call of [...this.waiting]) {
      if (call.dispatchableAtMs > t || call.retryAtMs > t) continue;
      const best = this.nearestFree(call.position);
      if (!best) {
        call.retryAtMs = t + RETRY_MS;
        continue;
      }
      this.waiting.splice(this.waiting.indexOf(call), 1);
      const { ambulance, route } = best;
      call.ambulanceId = ambulance.id;
      ambulance.call = call;
      this.drive(ambulance, AmbulanceState.TO_SCENE, route, TO_SCENE_KMH);
      this.emit(call, CallStage.DISPATCHED, t);
    }
  }

  /** The free ambulance (at its station or on its way back) with the shortest road-network travel time. */
  private nearestFree(to: LonLat): { ambulance: Ambulance; route: Polyline } | null {
    let best: { ambulance: Ambulance; route: Polyline } | null = null;
    for (const ambulance of this.ambulances) {
      if (!isFree(ambulance)) continue;
      const route = this.routeBetween(ambulance.position, to);
      if (!best || route.lengthM < best.route.lengthM) best = { ambulance, route };
    }
    return best;
  }

  private routeBetween(from: LonLat, to: LonLat): Polyline {
    const route = this.options.pack.route(from, to);
    const points: LonLat[] = route ? [from, ...route.coordinates, to] : [from, to];
    const distinct = points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
    return new Polyline(distinct.length >= 2 ? distinct : [from, [from[0] + 1e-6, from[1]]]);
  }

  private drive(ambulance: Ambulance, state: AmbulanceState, route: Polyline, kmh: readonly [number, number]): void {
    ambulance.state = state;
    ambulance.route = route;
    ambulance.routeM = 0;
    ambulance.speedKmh = ambulance.random.between(...kmh);
  }

  private step(ambulance: Ambulance, t: number): void {
    if (ambulance.route) {
      ambulance.routeM += (ambulance.speedKmh / 3.6) * (STEP_MS / 1000);
      const at = ambulance.route.at(ambulance.routeM);
      if (at.position[0] !== ambulance.position[0] || at.position[1] !== ambulance.position[1]) ambulance.headingDeg = bearingDeg(ambulance.position, at.position);
      ambulance.position = at.position;
      if (ambulance.routeM >= ambulance.route.lengthM) this.arrive(ambulance, t);
      return;
    }
    if ((ambulance.state === AmbulanceState.ON_SCENE || ambulance.state === AmbulanceState.AT_HOSPITAL) && t >= ambulance.waitUntilMs) this.leave(ambulance, t);
  }

  private arrive(ambulance: Ambulance, t: number): void {
    ambulance.route = null;
    ambulance.speedKmh = 0;
    const call = ambulance.call;
    switch (ambulance.state) {
      case AmbulanceState.TO_SCENE:
        ambulance.state = AmbulanceState.ON_SCENE;
        ambulance.waitUntilMs = t + ambulance.random.between(...ON_SCENE_MS);
        if (call) this.emit(call, CallStage.ON_SCENE, t);
        if (call?.order) this.inbox.report(call.order, 'arrived', ambulance.id);
        return;
      case AmbulanceState.TO_HOSPITAL:
        ambulance.state = AmbulanceState.AT_HOSPITAL;
        ambulance.waitUntilMs = t + ambulance.random.between(...HANDOVER_MS);
        if (call) this.emit(call, CallStage.AT_HOSPITAL, t);
        return;
      default:
        ambulance.state = AmbulanceState.AVAILABLE;
        ambulance.position = ambulance.station;
    }
  }

  private leave(ambulance: Ambulance, t: number): void {
    const call = ambulance.call;
    if (call?.order && ambulance.state === AmbulanceState.ON_SCENE) this.inbox.report(call.order, 'done', `${ambulance.id} leaves the scene`);
    if (ambulance.state === AmbulanceState.ON_SCENE && call && ambulance.random.next() < TRANSPORT_SHARE) {
      const hospital = this.nearestHospital(ambulance.position, call.care);
      call.hospitalId = hospital.id;
      this.drive(ambulance, AmbulanceState.TO_HOSPITAL, hospital.route, TO_HOSPITAL_KMH);
      this.emit(call, CallStage.TRANSPORTING, t);
      return;
    }
    if (call) this.emit(call, CallStage.CLOSED, t);
    ambulance.call = null;
    this.drive(ambulance, AmbulanceState.RETURNING, this.routeBetween(ambulance.position, ambulance.station), RETURNING_KMH);
  }

  /** The hospital treating this kind of emergency nearest by road (any hospital when none does). */
  private nearestHospital(from: LonLat, care: EmergencyCare): { id: string; route: Polyline } {
    const suitable = this.hospitals.filter((h) => h.treats.includes(care));
    let best: { id: string; route: Polyline } | null = null;
    for (const hospital of suitable.length > 0 ? suitable : this.hospitals) {
      const route = this.routeBetween(from, hospital.position);
      if (!best || route.lengthM < best.route.lengthM) best = { id: hospital.id, route };
    }
    return best!;
  }

  private emit(call: Call, stage: CallStage, atMs: number): void {
    call.seq++;
    this.events.push(
      create(EmergencyCallEventSchema, {
        callId: call.id,
        seq: call.seq,
        recordedAtMs: BigInt(Math.round(atMs)),
        stage,
        receivedAtMs: BigInt(Math.round(call.receivedAtMs)),
        lon: call.position[0],
        lat: call.position[1],
        districtId: call.districtId,
        priority: call.priority,
        ambulanceId: call.ambulanceId,
        hospitalId: call.hospitalId,
      }),
    );
  }

  private report(ambulance: Ambulance, nowMs: number): AmbulanceReading {
    ambulance.seq++;
    return create(AmbulanceReadingSchema, {
      ambulanceId: ambulance.id,
      seq: ambulance.seq,
      recordedAtMs: BigInt(nowMs),
      lon: round(ambulance.position[0], 6),
      lat: round(ambulance.position[1], 6),
      speedKmh: round(ambulance.speedKmh, 1),
      headingDeg: round(((ambulance.headingDeg % 360) + 360) % 360, 1) % 360,
      state: ambulance.state,
      callId: ambulance.call?.id ?? '',
      stationId: ambulance.stationId,
    });
  }
}

/** At its station or on its way back, with no call: free to be sent. */
function isFree(ambulance: Ambulance): boolean {
  return ambulance.call === null && (ambulance.state === AmbulanceState.AVAILABLE || ambulance.state === AmbulanceState.RETURNING);
}

function bboxOf(ring: readonly (readonly [number, number])[]): [number, number, number, number] {
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
