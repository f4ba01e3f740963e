import { create } from '@bufbuild/protobuf';
import type { CityPack } from '@urban-brain/city-pack';
import { BoatReadingSchema, BoatTaskState, VesselSightingSchema, type BoatReading, type VesselSighting } from '@urban-brain/proto';
import { DispatchInbox } from '../dispatch/dispatch-inbox';
import { DispatchRefusalCode, refusal, type DispatchOrder, type DispatchProgress, type DispatchRefusal, type DispatchTarget } from '../dispatch/dispatch-order';
import { SeededRandom, deriveSeed } from '../truck-fleet/seeded-random';
import { LakeNavigator, type XY } from './lake-navigator';
import { lawnmowerWaypoints } from './sweep-pattern';

export interface BoatFleetOptions {
  boats: number;
  seed: number;
  pack: CityPack;
  /** Unlicensed fishing boats sighted per day, fleet-wide (a Poisson rate). */
  sightingsPerDay?: number;
  /** Debris each boat salvages per day on average; 150 kg x 12 boats is the lake's 1.8 t a day. */
  debrisKgPerBoatDay?: number;
}

interface Boat {
  readonly id: string;
  readonly random: SeededRandom;
  readonly dock: XY;
  readonly lanes: XY[];
  seq: number;
  state: BoatTaskState;
  position: XY;
  headingDeg: number;
  speedKmh: number;
  batteryPct: number;
  debrisKg: number;
  /** Where the boat is heading: a planned route, then the sweep lanes. */
  route: XY[];
  laneIndex: number;
  stateEndsMs: number;
  sightings: VesselSighting[];
  sightingCount: number;
  task: BoatTask | null;
}

/** A dispatch order a boat is carrying out: sail to the place, then sweep around it. */
interface BoatTask {
  readonly order: DispatchOrder;
  readonly place: XY;
  phase: 'to-place' | 'sweeping';
  untilMs: number;
}

const STEP_MS = 1_000;
const MAX_CATCH_UP_MS = 300_000;
const SWEEP_KMH: readonly [number, number] = [5, 7];
const TRANSIT_KMH: readonly [number, number] = [9, 12];
// Battery in percent per second: about 4.5 h of sweeping per charge, 1.5 h on the charger.
const DRAIN_SWEEPING = 0.0045;
const DRAIN_TRANSIT = 0.006;
const CHARGE_RATE = 0.013;
const RETURN_BELOW_PCT = 22;
const LEAVE_DOCK_AT_PCT = 95;
const UNLOAD_MS = 10 * 60_000;
const ARRIVED_M = 5;
// Debris gathers where the current and the wind drop it: one hotspot per zone, ~150 m across,
// where a boat salvages several times the zone's background rate.
const HOTSPOT_SIGMA_M = 150;
const HOTSPOT_GAIN = 4;
// Share of the day a boat spends sweeping inside its zone, and its mean hotspot gain there,
// measured over simulated days of the default fleet; they turn a daily target into a rate.
const SWEEPING_SHARE = 0.7;
const MEAN_GAIN = 1.62;
// A dispatched boat sweeps circles this wide around the place for a few minutes, salvaging as at a
// hotspot's centre (the place is where the debris was reported). Below this charge it will not go.
const TASK_SWEEP_MS: readonly [number, number] = [4 * 60_000, 8 * 60_000];
const TASK_CIRCLE_M = 40;
const TASK_CIRCLE_POINTS = 8;
const TASK_DEBRIS_GAIN = 1 + HOTSPOT_GAIN;
const TASK_MIN_BATTERY_PCT = 30;
const SIGHTING_NOTES = ['unlicensed fishing boat, nets out', 'small boat with rods, no licence plate', 'bamboo raft, two nets', 'boat setting gill nets'];

const round = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/**
 * The lake-cleanup fleet as pure state. Each boat leaves its dock, sweeps its cleanup zone in a
 * lawnmower pattern, collects debris (faster near hotspots), returns to dock when its battery runs
 * low, unloads and charges, then starts a new shift. Motion is integrated in 1 s steps and never
 * leaves the lake polygon; tick(nowMs) returns one reading per boat.
 */
export class BoatFleetSimulator implements DispatchTarget {
  private readonly boats: Boat[];
  private readonly byId: Map<string, Boat>;
  private readonly inbox = new DispatchInbox();
  private readonly navigator: LakeNavigator;
  private readonly hotspots: XY[];
  private readonly zoneOf: (p: XY) => boolean;
  private readonly random: SeededRandom;
  private readonly sightingsPerMs: number;
  private readonly debrisKgPerS: number;
  private lastTickMs: number | null = null;
  private nextSightingMs = Infinity;

  constructor(options: BoatFleetOptions) {
    if (!Number.isInteger(options.boats) || options.boats < 1) throw new RangeError(`boats must be a positive integer (got ${options.boats})`);
    const { pack } = options;
    const docks = pack.layers['lake-docks'];
    const zones = pack.layers['cleanup-zones'];
    if (docks.length === 0 || zones.length === 0) throw new RangeError(`city pack ${pack.id} needs lake docks and cleanup zones for boats`);
    this.navigator = new LakeNavigator(pack);
    this.random = new SeededRandom(deriveSeed(options.seed, 0xb0a7));
    this.sightingsPerMs = (options.sightingsPerDay ?? 4) / 86_400_000;
    this.debrisKgPerS = (options.debrisKgPerBoatDay ?? 150) / (86_400 * SWEEPING_SHARE * MEAN_GAIN);
    this.zoneOf = (p) => pack.cleanupZoneAt(this.navigator.toLonLat(p)) !== null;

    const lanesByZone = zones.map((z) => lawnmowerWaypoints(z, this.navigator));
    this.hotspots = lanesByZone.map((lanes) => {
      const lane = lanes[Math.floor(this.random.next() * lanes.length)]!;
      return [lane[0], lane[1]] as XY;
    });
    this.boats = Array.from({ length: options.boats }, (_, index) => {
      const random = new SeededRandom(deriveSeed(options.seed, 0x1000 + index));
      const zone = index % zones.length;
      const lanes = lanesByZone[zone]!;
      // The zone's dock is the nearest one; boats sharing a zone start on different lanes.
      const zoneCentre = lanes[Math.floor(lanes.length / 2)]!;
      const dock = docks.map((d) => this.navigator.toXY(d.geometry.coordinates)).sort((a, b) => dist(a, zoneCentre) - dist(b, zoneCentre))[0]!;
      const sharing = Math.floor(index / zones.length);
      const boat: Boat = {
        id: `NJ-BOAT-${String(index + 1).padStart(2, '0')}`,
        random,
        dock,
        lanes,
        seq: 0,
        state: BoatTaskState.DOCKED,
        position: [dock[0], dock[1]],
        headingDeg: 0,
        speedKmh: 0,
        // Staggered charge, so the fleet does not go home all at once.
        batteryPct: random.between(60, 100),
        debrisKg: 0,
        route: [],
        laneIndex: (Math.floor((sharing * lanes.length) / 3) * 2) % Math.max(2, lanes.length),
        stateEndsMs: 0,
        sightings: [],
        sightingCount: 0,
        task: null,
      };
      return boat;
    });
    this.byId = new Map(this.boats.map((b) => [b.id, b]));
  }

  /**
   * Sends a boat to a point of the lake: at the next tick it leaves its lanes (or the dock), sails
   * there, sweeps around it for a few minutes and goes back to its zone. Refused for a boat the fleet
   * does not have, a point off the lake, or a boat too low on charge.
   */
  dispatch(order: DispatchOrder): DispatchRefusal | null {
    const boat = this.byId.get(order.vehicleId);
    if (!boat) return refusal(DispatchRefusalCode.UNKNOWN_VEHICLE, `no boat ${order.vehicleId} in this fleet of ${this.boats.length}`);
    if (!this.navigator.onWater(this.navigator.toXY(order.place))) return refusal(DispatchRefusalCode.UNREACHABLE, `${order.place.join(',')} is not on the lake`);
    if (boat.batteryPct < TASK_MIN_BATTERY_PCT) return refusal(DispatchRefusalCode.BUSY, `${boat.id} is at ${Math.round(boat.batteryPct)}% charge`);
    this.inbox.add(order);
    return null;
  }

  takeDispatchProgress(): DispatchProgress[] {
    return this.inbox.takeProgress();
  }

  get size(): number {
    return this.boats.length;
  }

  /** Advances every boat to nowMs (never earlier than the previous tick) and reports each one. */
  tick(nowMs: number): BoatReading[] {
    if (!Number.isFinite(nowMs)) throw new RangeError(`tick time must be finite (got ${nowMs})`);
    if (this.lastTickMs !== null && nowMs < this.lastTickMs) throw new RangeError(`tick time went backwards: ${nowMs} < ${this.lastTickMs}`);
    if (this.lastTickMs === null) {
      for (const boat of this.boats) this.startShift(boat);
      this.nextSightingMs = this.drawNextSighting(nowMs);
      for (const order of this.inbox.due(nowMs)) this.takeOrder(order);
    } else {
      let t = Math.max(this.lastTickMs, nowMs - MAX_CATCH_UP_MS);
      this.nextSightingMs = Math.max(this.nextSightingMs, t);
      for (const order of this.inbox.due(nowMs)) this.takeOrder(order);
      while (t < nowMs) {
        const dt = Math.min(STEP_MS, nowMs - t);
        t += dt;
        for (const boat of this.boats) this.step(boat, t, dt / 1000);
        while (this.nextSightingMs <= t) this.sight(this.nextSightingMs);
      }
    }
    this.lastTickMs = nowMs;
    return this.boats.map((boat) => this.report(boat, nowMs));
  }

  private startShift(boat: Boat): void {
    boat.state = BoatTaskState.SWEEPING;
    // The hold was emptied at the dock: a shift's debris counts from zero.
    boat.debrisKg = 0;
    boat.speedKmh = boat.random.between(...TRANSIT_KMH);
    boat.route = this.navigator.plan(boat.position, boat.lanes[boat.laneIndex]!);
  }

  private takeOrder(order: DispatchOrder): void {
    const boat = this.byId.get(order.vehicleId)!;
    if (boat.task) this.inbox.report(boat.task.order, 'replaced', `by task ${order.taskId}`);
    // Called away from the dock: the hold was emptied there.
    if (boat.state === BoatTaskState.DOCKED || boat.state === BoatTaskState.CHARGING) boat.debrisKg = 0;
    const place = this.navigator.toXY(order.place);
    boat.task = { order, place, phase: 'to-place', untilMs: Infinity };
    // The contract has no state for "on its way to a job": SWEEPING, as on the way out to its lanes.
    boat.state = BoatTaskState.SWEEPING;
    boat.speedKmh = boat.random.between(...TRANSIT_KMH);
    boat.route = this.navigator.plan(boat.position, place);
    this.inbox.report(order, 'started', `${boat.id} heads for ${order.place.join(',')}`);
  }

  private taskStep(boat: Boat, task: BoatTask, atMs: number, dt: number): void {
    if (boat.batteryPct < RETURN_BELOW_PCT) {
      this.inbox.report(task.order, 'dropped', `${boat.id} low on charge, back to its dock`);
      boat.task = null;
      boat.state = BoatTaskState.RETURNING;
      boat.speedKmh = boat.random.between(...TRANSIT_KMH);
      boat.route = this.navigator.plan(boat.position, boat.dock);
      return;
    }
    if (task.phase === 'to-place') {
      this.sail(boat, dt, DRAIN_TRANSIT);
      if (boat.route.length > 0) return;
      task.phase = 'sweeping';
      task.untilMs = atMs + boat.random.between(...TASK_SWEEP_MS);
      boat.speedKmh = boat.random.between(...SWEEP_KMH);
      boat.route = this.circleAround(task.place, boat.position);
      this.inbox.report(task.order, 'arrived', boat.id);
      return;
    }
    this.sail(boat, dt, DRAIN_SWEEPING);
    boat.debrisKg += this.debrisKgPerS * TASK_DEBRIS_GAIN * dt * boat.random.between(0.5, 1.5);
    if (atMs >= task.untilMs) {
      this.inbox.report(task.order, 'done', `${boat.id} with ${round(boat.debrisKg, 1)} kg on board`);
      boat.task = null;
      // Back to its zone's lanes where it left off.
      boat.speedKmh = boat.random.between(...TRANSIT_KMH);
      boat.route = this.navigator.plan(boat.position, boat.lanes[boat.laneIndex]!);
      return;
    }
    if (boat.route.length === 0) boat.route = this.circleAround(task.place, boat.position);
  }

  // One lap of a circle around the place, from the point nearest the boat, on water only.
  private circleAround(place: XY, from: XY): XY[] {
    const start = Math.atan2(from[0] - place[0], from[1] - place[1]);
    const lap: XY[] = [];
    for (let k = 1; k <= TASK_CIRCLE_POINTS; k++) {
      const angle = start + (2 * Math.PI * k) / TASK_CIRCLE_POINTS;
      const p: XY = [place[0] + TASK_CIRCLE_M * Math.sin(angle), place[1] + TASK_CIRCLE_M * Math.cos(angle)];
      if (this.navigator.onWater(p)) lap.push(p);
    }
    return lap.length > 0 ? lap : [place];
  }

  private step(boat: Boat, atMs: number, dt: number): void {
    if (boat.task) {
      this.taskStep(boat, boat.task, atMs, dt);
      return;
    }
    switch (boat.state) {
      case BoatTaskState.DOCKED:
        boat.speedKmh = 0;
        if (atMs >= boat.stateEndsMs) boat.state = BoatTaskState.CHARGING;
        return;
      case BoatTaskState.CHARGING:
        boat.speedKmh = 0;
        boat.batteryPct = Math.min(100, boat.batteryPct + CHARGE_RATE * dt);
        if (boat.batteryPct >= LEAVE_DOCK_AT_PCT) this.startShift(boat);
        return;
      case BoatTaskState.RETURNING:
        this.sail(boat, dt, DRAIN_TRANSIT);
        if (boat.route.length === 0) {
          boat.state = BoatTaskState.DOCKED;
          boat.stateEndsMs = atMs + UNLOAD_MS;
          boat.position = [boat.dock[0], boat.dock[1]];
        }
        return;
      case BoatTaskState.SWEEPING: {
        const onLanes = boat.route.length === 1 && boat.route[0] === boat.lanes[boat.laneIndex];
        this.sail(boat, dt, onLanes ? DRAIN_SWEEPING : DRAIN_TRANSIT);
        if (onLanes && this.zoneOf(boat.position)) boat.debrisKg += this.debrisKgPerS * this.gainAt(boat.position) * dt * boat.random.between(0.5, 1.5);
        if (boat.route.length === 0) {
          // Next lane end; after the last lane the pattern starts over from the first.
          boat.laneIndex = (boat.laneIndex + 1) % boat.lanes.length;
          boat.route = [boat.lanes[boat.laneIndex]!];
          boat.speedKmh = boat.random.between(...SWEEP_KMH);
        }
        if (boat.batteryPct < RETURN_BELOW_PCT) {
          boat.state = BoatTaskState.RETURNING;
          boat.speedKmh = boat.random.between(...TRANSIT_KMH);
          boat.route = this.navigator.plan(boat.position, boat.dock);
        }
        return;
      }
    }
  }

  private sail(boat: Boat, dt: number, drainPerS: number): void {
    const target = boat.route[0];
    if (!target) return;
    boat.batteryPct = Math.max(0, boat.batteryPct - drainPerS * dt);
    const metres = (boat.speedKmh / 3.6) * dt;
    const remaining = dist(boat.position, target);
    if (remaining <= Math.max(ARRIVED_M, metres)) {
      if (this.navigator.onWater(target)) {
        boat.headingDeg = headingOf(boat.position, target, boat.headingDeg);
        boat.position = [target[0], target[1]];
      }
      boat.route.shift();
      return;
    }
    const moved = this.navigator.move(boat.position, headingOf(boat.position, target, boat.headingDeg), metres);
    boat.position = moved.position;
    boat.headingDeg = moved.headingDeg;
  }

  private gainAt(p: XY): number {
    let gain = 1;
    for (const h of this.hotspots) gain += HOTSPOT_GAIN * Math.exp(-(dist(p, h) ** 2) / (2 * HOTSPOT_SIGMA_M ** 2));
    return gain;
  }

  private drawNextSighting(fromMs: number): number {
    return this.sightingsPerMs > 0 ? fromMs - Math.log(1 - this.random.next()) / this.sightingsPerMs : Infinity;
  }

  // An unlicensed boat appears 80-250 m from a boat out on the water, which reports it.
  private sight(atMs: number): void {
    this.nextSightingMs = this.drawNextSighting(atMs);
    const afloat = this.boats.filter((b) => b.state === BoatTaskState.SWEEPING || b.state === BoatTaskState.RETURNING);
    if (afloat.length === 0) return;
    const boat = afloat[Math.floor(this.random.next() * afloat.length)]!;
    for (let i = 0; i < 10; i++) {
      const angle = this.random.between(0, 2 * Math.PI);
      const r = this.random.between(80, 250);
      const p: XY = [boat.position[0] + r * Math.sin(angle), boat.position[1] + r * Math.cos(angle)];
      if (!this.navigator.onWater(p)) continue;
      const [lon, lat] = this.navigator.toLonLat(p);
      boat.sightingCount += 1;
      const note = SIGHTING_NOTES[Math.floor(this.random.next() * SIGHTING_NOTES.length)]!;
      boat.sightings.push(create(VesselSightingSchema, { sightingId: `${boat.id}-${boat.sightingCount}`, lon, lat, note }));
      return;
    }
  }

  private report(boat: Boat, nowMs: number): BoatReading {
    boat.seq += 1;
    const [lon, lat] = this.navigator.toLonLat(boat.position);
    const moving = boat.state === BoatTaskState.SWEEPING || boat.state === BoatTaskState.RETURNING;
    const reading = create(BoatReadingSchema, {
      boatId: boat.id,
      seq: boat.seq,
      recordedAtMs: BigInt(Math.round(nowMs)),
      lon,
      lat,
      speedKmh: moving ? round(boat.speedKmh, 1) : 0,
      // Rounded then wrapped: 359.96 must become 0, never 360.
      headingDeg: round(boat.headingDeg, 1) % 360,
      debrisKg: round(boat.debrisKg, 2),
      batteryPct: round(boat.batteryPct, 1),
      taskState: boat.state,
      vesselSightings: boat.sightings,
    });
    boat.sightings = [];
    return reading;
  }
}

function dist(a: XY, b: XY): number {
  return Math.hypot(b[0] - a[0], b[1] - a[1]);
}

function headingOf(from: XY, to: XY, fallback: number): number {
  if (from[0] === to[0] && from[1] === to[1]) return fallback;
  return ((Math.atan2(to[0] - from[0], to[1] - from[1]) * 180) / Math.PI + 360) % 360;
}
