import { create } from '@bufbuild/protobuf';
import type { CityPack } from '@urban-brain/city-pack';
import { TaskState, TruckReadingSchema, type TruckKind, type TruckReading } from '@urban-brain/proto';
import { DispatchInbox } from '../dispatch/dispatch-inbox';
import { DispatchRefusalCode, refusal, type DispatchOrder, type DispatchProgress, type DispatchRefusal, type DispatchTarget } from '../dispatch/dispatch-order';
import { SeededRandom, deriveSeed } from './seeded-random';
import { COMPACTOR, FULL_SCALE_COMPACTORS, FULL_SCALE_TONNES_PER_DAY, FULL_SCALE_TRUCKS, SPRINKLER, SWEEPER, sweepingsKgPerDay, compactorsIn, dutyCycleForTruck, type DutyCycle, type Range } from './truck-duty-cycle';
import { TruckRoutePlanner, type Leg } from './truck-route-planner';

export interface TruckFleetOptions {
  trucks: number;
  seed: number;
  /** The city: roads to drive, collection points, transfer station, plant, depots. */
  pack: CityPack;
  /**
   * Real GPS units are not in step: each truck takes its fix at one of `count` moments spread
   * evenly over a tick of `intervalMs`, the same all run. Without it every truck is stamped with
   * the tick's time.
   */
  reportMoments?: { count: number; intervalMs: number };
}

/** Where a truck starts its shift; lets callers (and tests) relate readings to the city. */
export interface TruckAssignment {
  truckId: string;
  kind: TruckKind;
  /** Collection points a compactor serves (empty for the others). */
  collectionPoints: number;
}

/** Household waste moved so far, kg. */
export interface TruckFleetTotals {
  collectedKg: number;
  deliveredToPlantKg: number;
}

type Step =
  | { type: 'drive'; state: TaskState; to: [number, number]; speedKmh: Range; loadRateKgPerS: number; until?: 'full' | 'empty' }
  | { type: 'dwell'; state: TaskState; seconds: number; loadChangeKg: number; atPlant?: boolean };

// 'to-task' and 'on-task': sent by a dispatcher (see dispatch()).
type Mode = 'work' | 'to-station' | 'at-station' | 'to-plant' | 'at-plant' | 'to-depot' | 'refilling' | 'back' | 'idle' | 'to-task' | 'on-task';

/** A dispatch order a truck is carrying out. */
interface TruckTask {
  readonly order: DispatchOrder;
  /** The place, snapped onto its road. */
  readonly place: [number, number];
  /** A sweeper's or sprinkler's beat: it works back and forth between the place and this point of the road it came by. */
  beat: [number, number] | null;
  /** When the work at the place ends, simulated seconds. */
  untilS: number;
}

interface TruckState {
  readonly id: string;
  readonly cycle: DutyCycle;
  readonly random: SeededRandom;
  /** Sweeper/sprinkler shift loop, or a compactor's collection points (indices into the planner's list). */
  readonly loop: [number, number][];
  readonly stops: number[];
  target: number;
  mode: Mode;
  step: Step;
  leg: Leg | null;
  distanceM: number;
  position: [number, number];
  headingDeg: number;
  speedKmh: number;
  loadKg: number;
  loadRateKgPerS: number;
  dwellLeftS: number;
  seq: number;
  /** When within a tick the truck takes its fix, ms after the tick (may be fractional at odd rates). */
  offsetMs: number;
  /** Kg collected in the current collection round. */
  roundStart: number;
  task: TruckTask | null;
}

// Each truck's fix moment comes from its own seed stream, apart from the one that moves it, so
// spreading the fixes changes no truck's route.
const OFFSET_SEED_STREAM = 0x0ff5_0000;

// Integration step: a stop or a road corner is resolved at least once a second, whatever the tick rate.
const MAX_STEP_S = 1;
// After a long pause (broker outage) the fleet catches up at most this much time.
const MAX_CATCH_UP_S = 300;
const SPEED_WOBBLE_KMH = 1.5;
// Emptying street bins into the hopper, per collection point.
const STOP_S: Range = [40, 120];
// Weighing and tipping at the compression transfer station.
const STATION_S: Range = [300, 600];
const PLANT_UNLOAD_S: Range = [120, 240];
const SWEEPER_UNLOAD_S: Range = [60, 120];
const REFILL_S: Range = [90, 150];
// A compactor hauls when it is this full; after a round with less it waits for the bins to fill.
const HAUL_AT_SHARE = 0.85;
const HAUL_AFTER_ROUND_SHARE = 0.5;
const WAIT_BETWEEN_ROUNDS_S: Range = [1_200, 2_400];
// Bins hold up to 0-4 hours of waste when the simulation starts.
const INITIAL_BIN_HOURS: Range = [0, 4];
// A dispatched truck works a few minutes at the place: a compactor empties the bins there (or, away
// from any collection point, loads a pile dumped on the street), a sweeper or sprinkler works a beat
// of the road it came by, back and forth.
const TASK_WORK_S: Range = [180, 420];
const TASK_NEAR_POINT_M = 150;
const TASK_PILE_KG: Range = [300, 900];
const TASK_BEAT_M = 250;
// A place further than this from any road is not somewhere a truck can go.
const TASK_MAX_OFF_ROAD_M = 500;

const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/**
 * The sanitation fleet as pure state on a city pack's road graph: no Kafka, no timers.
 * Sweepers and sprinklers drive shift loops over main roads (sprinklers through a key area),
 * compactors collect rounds of collection points, haul to the transfer station, on to the
 * waste-to-energy plant, and back. tick() advances every truck to `nowMs` and returns one
 * reading per truck; for a given seed, pack and tick times the readings are always the same.
 */
export class TruckFleetSimulator implements DispatchTarget {
  private readonly planner: TruckRoutePlanner;
  private readonly trucks: TruckState[];
  private readonly byId: Map<string, TruckState>;
  private readonly inbox = new DispatchInbox();
  private readonly bins: { kg: number; atS: number }[];
  private readonly binRateKgPerS: number;
  private readonly totals: TruckFleetTotals = { collectedKg: 0, deliveredToPlantKg: 0 };
  private lastTickMs: number | null = null;
  private clockS = 0;
  private readonly offsetById: Map<string, number>;

  constructor(options: TruckFleetOptions) {
    if (!Number.isInteger(options.trucks) || options.trucks < 1) throw new RangeError(`trucks must be a positive integer (got ${options.trucks})`);
    this.planner = new TruckRoutePlanner(options.pack);
    const points = this.planner.collectionPoints.length;
    const compactors = compactorsIn(options.trucks);
    // The city's tonnage is what the compactors bring from the bins plus what the sweepers tip.
    const cityKgPerDay = FULL_SCALE_TONNES_PER_DAY * 1000 - sweepingsKgPerDay(FULL_SCALE_TRUCKS);
    this.binRateKgPerS = (cityKgPerDay * (compactors / FULL_SCALE_COMPACTORS)) / 86_400 / points;
    const binRandom = new SeededRandom(deriveSeed(options.seed, 0xb1_0000));
    this.bins = this.planner.collectionPoints.map(() => ({ kg: this.binRateKgPerS * 3600 * binRandom.between(...INITIAL_BIN_HOURS), atS: 0 }));
    let compactorIndex = 0;
    this.trucks = Array.from({ length: options.trucks }, (_, index) => {
      const cycle = dutyCycleForTruck(index);
      const stops = cycle === COMPACTOR ? roundOf(compactorIndex++, compactors, points) : [];
      const truck = this.createTruck(index, options.seed, cycle, stops);
      const moments = options.reportMoments;
      if (moments && moments.count > 1) {
        const moment = Math.floor(new SeededRandom(deriveSeed(options.seed, OFFSET_SEED_STREAM + index)).next() * moments.count);
        truck.offsetMs = (moment * moments.intervalMs) / moments.count;
      }
      return truck;
    });
    this.offsetById = new Map(this.trucks.map((t) => [t.id, t.offsetMs]));
    this.byId = new Map(this.trucks.map((t) => [t.id, t]));
  }

  /**
   * Sends a truck to a place: at the next tick it leaves what it is doing, drives there on the road
   * graph, works a few minutes and goes back to its duty cycle. Refused at once for a truck the
   * fleet does not have or a place its roads do not reach.
   */
  dispatch(order: DispatchOrder): DispatchRefusal | null {
    const truck = this.byId.get(order.vehicleId);
    if (!truck) return refusal(DispatchRefusalCode.UNKNOWN_VEHICLE, `no truck ${order.vehicleId} in this fleet of ${this.trucks.length}`);
    const snap = this.planner.pack.nearestRoad(order.place);
    if (!snap || snap.distanceM > TASK_MAX_OFF_ROAD_M) {
      return refusal(DispatchRefusalCode.UNREACHABLE, `${order.place.join(',')} is ${snap ? Math.round(snap.distanceM) : '?'} m from the nearest road (at most ${TASK_MAX_OFF_ROAD_M})`);
    }
    if (!this.planner.pack.route(truck.position, snap.point)) return refusal(DispatchRefusalCode.UNREACHABLE, `no road route from ${truck.id}'s position to ${order.place.join(',')}`);
    this.inbox.add(order);
    return null;
  }

  takeDispatchProgress(): DispatchProgress[] {
    return this.inbox.takeProgress();
  }

  /** When within a tick the truck takes its fix, ms after the tick's time (0 without report moments). */
  offsetMsOf(truckId: string): number {
    return this.offsetById.get(truckId) ?? 0;
  }

  get size(): number {
    return this.trucks.length;
  }

  /** The snapped transfer station, plant and depots the fleet uses. */
  get sites(): { transferStation: [number, number]; plant: [number, number]; depots: [number, number][] } {
    return { transferStation: this.planner.transferStation, plant: this.planner.plant, depots: this.planner.depots };
  }

  get keyAreas(): [number, number][] {
    return this.planner.keyAreas;
  }

  snapshotTotals(): TruckFleetTotals {
    return { ...this.totals };
  }

  assignments(): TruckAssignment[] {
    return this.trucks.map((t) => ({ truckId: t.id, kind: t.cycle.kind, collectionPoints: t.stops.length }));
  }

  /** Advances the fleet to `nowMs` (epoch ms, never earlier than the previous tick) and reports every truck. */
  tick(nowMs: number): TruckReading[] {
    if (!Number.isFinite(nowMs)) throw new RangeError(`tick time must be finite (got ${nowMs})`);
    if (this.lastTickMs !== null && nowMs < this.lastTickMs) throw new RangeError(`tick time went backwards: ${nowMs} < ${this.lastTickMs}`);
    const elapsedS = this.lastTickMs === null ? 0 : Math.min(MAX_CATCH_UP_S, (nowMs - this.lastTickMs) / 1000);
    this.lastTickMs = nowMs;
    const startS = this.clockS;
    this.clockS += elapsedS;
    for (const order of this.inbox.due(nowMs)) this.takeOrder(order, startS);

    return this.trucks.map((truck) => {
      let t = startS;
      let remaining = elapsedS;
      while (remaining > 1e-9) {
        // A parked truck's load changes linearly: its whole dwell is one step.
        const dt = truck.step.type === 'dwell' ? Math.min(remaining, Math.max(truck.dwellLeftS, 1e-3)) : Math.min(MAX_STEP_S, remaining);
        t += dt;
        this.step(truck, dt, t);
        remaining -= dt;
      }
      // The state at the tick, stamped at the truck's own moment: every truck's timeline is its own
      // constant shift of the fleet's, so its speeds and distances stay true.
      return report(truck, BigInt(Math.round(nowMs + truck.offsetMs)));
    });
  }

  private createTruck(index: number, seed: number, cycle: DutyCycle, stops: number[]): TruckState {
    const random = new SeededRandom(deriveSeed(seed, index));
    const points = this.planner.collectionPoints;
    let loop: [number, number][] = [];
    if (cycle === COMPACTOR) loop = stops.map((i) => points[i]!);
    else if (cycle === SPRINKLER) loop = this.planner.sprinkleLoop(this.planner.keyAreas[Math.floor(index / 5) % this.planner.keyAreas.length]!, random);
    else loop = this.planner.sweepLoop(random);
    const target = Math.floor(random.next() * loop.length);
    const truck: TruckState = {
      id: `NJ-SAN-${String(index + 1).padStart(4, '0')}`,
      cycle,
      random,
      loop,
      stops,
      target,
      mode: 'work',
      step: { type: 'dwell', state: TaskState.IDLE, seconds: 0, loadChangeKg: 0 },
      leg: null,
      distanceM: 0,
      position: loop[target]!,
      headingDeg: 0,
      speedKmh: 0,
      loadKg: cycle.capacityKg * random.between(...cycle.initialLoadShare),
      loadRateKgPerS: 0,
      dwellLeftS: 0,
      seq: 0,
      offsetMs: 0,
      roundStart: target,
      task: null,
    };
    // A compactor that starts well loaded is on its way to the station; the others start working.
    if (cycle === COMPACTOR && truck.loadKg >= HAUL_AFTER_ROUND_SHARE * cycle.capacityKg) truck.mode = 'to-station';
    this.begin(truck, this.firstStep(truck), 0);
    return truck;
  }

  private firstStep(truck: TruckState): Step {
    const c = truck.cycle;
    if (truck.mode === 'to-station') return { type: 'drive', state: TaskState.TO_TRANSFER_STATION, to: this.planner.transferStation, speedKmh: c.travelSpeedKmh, loadRateKgPerS: 0 };
    return this.workStep(truck);
  }

  private workStep(truck: TruckState): Step {
    const c = truck.cycle;
    const to = truck.loop[truck.target]!;
    if (c === COMPACTOR) return { type: 'drive', state: TaskState.COLLECTING, to, speedKmh: c.workSpeedKmh, loadRateKgPerS: 0 };
    const rate = truck.random.between(...c.workLoadRateKgPerS);
    if (c === SPRINKLER) return { type: 'drive', state: TaskState.SPRINKLING, to, speedKmh: c.workSpeedKmh, loadRateKgPerS: rate, until: 'empty' };
    return { type: 'drive', state: TaskState.SWEEPING, to, speedKmh: c.workSpeedKmh, loadRateKgPerS: rate, until: 'full' };
  }

  /** What a truck does once its current step ends. */
  private nextStep(truck: TruckState, nowS: number): Step {
    if (truck.task) return this.taskStep(truck, truck.task, nowS);
    const c = truck.cycle;
    const p = this.planner;
    const r = truck.random;
    const travel = (state: TaskState, to: [number, number]): Step => ({ type: 'drive', state, to, speedKmh: c.travelSpeedKmh, loadRateKgPerS: 0 });
    const dwell = (state: TaskState, seconds: Range, loadChangeKg: number, atPlant = false): Step => ({ type: 'dwell', state, seconds: r.between(...seconds), loadChangeKg, atPlant });
    const step = truck.step;

    if (c === COMPACTOR) {
      switch (truck.mode) {
        case 'work':
          if (step.type === 'drive') return this.arriveAtStop(truck, nowS);
          truck.target = (truck.target + 1) % truck.loop.length;
          if (truck.loadKg >= HAUL_AT_SHARE * c.capacityKg || (truck.target === truck.roundStart && truck.loadKg >= HAUL_AFTER_ROUND_SHARE * c.capacityKg)) {
            truck.mode = 'to-station';
            return travel(TaskState.TO_TRANSFER_STATION, p.transferStation);
          }
          if (truck.target === truck.roundStart) {
            truck.mode = 'idle';
            return dwell(TaskState.IDLE, WAIT_BETWEEN_ROUNDS_S, 0);
          }
          return this.workStep(truck);
        case 'idle':
          truck.mode = 'work';
          return this.workStep(truck);
        case 'to-station':
          truck.mode = 'at-station';
          return dwell(TaskState.UNLOADING, STATION_S, 0);
        case 'at-station':
          // The proto has no state of its own for the haul from the station to the plant.
          truck.mode = 'to-plant';
          return travel(TaskState.TO_TRANSFER_STATION, p.plant);
        case 'to-plant':
          truck.mode = 'at-plant';
          return dwell(TaskState.UNLOADING, PLANT_UNLOAD_S, -truck.loadKg, true);
        default:
          // Unloaded at the plant: back to the round where it left off, which starts a new round.
          truck.mode = 'back';
          truck.roundStart = truck.target;
          return travel(TaskState.RETURNING, truck.loop[truck.target]!);
        case 'back':
          truck.mode = 'work';
          return this.arriveAtStop(truck, nowS);
      }
    }

    const full = truck.loadKg >= c.capacityKg - 1e-6;
    const empty = truck.loadKg <= 1e-6;
    switch (truck.mode) {
      case 'work':
        if (c === SPRINKLER && empty) {
          truck.mode = 'to-depot';
          return travel(TaskState.RETURNING, p.nearestDepot(truck.position));
        }
        if (c !== SPRINKLER && full) {
          truck.mode = 'to-station';
          return travel(TaskState.TO_TRANSFER_STATION, p.transferStation);
        }
        truck.target = (truck.target + 1) % truck.loop.length;
        return this.workStep(truck);
      case 'to-station':
        truck.mode = 'at-station';
        return dwell(TaskState.UNLOADING, SWEEPER_UNLOAD_S, -truck.loadKg);
      case 'to-depot':
        truck.mode = 'refilling';
        return dwell(TaskState.IDLE, REFILL_S, c.capacityKg - truck.loadKg);
      case 'back':
        truck.mode = 'work';
        return this.workStep(truck);
      default:
        truck.mode = 'back';
        return travel(TaskState.RETURNING, truck.loop[truck.target]!);
    }
  }

  private takeOrder(order: DispatchOrder, nowS: number): void {
    const truck = this.byId.get(order.vehicleId)!;
    const c = truck.cycle;
    if (truck.task) this.inbox.report(truck.task.order, 'replaced', `by task ${order.taskId}`);
    this.leave(truck);
    const place = this.planner.snap(order.place);
    truck.task = { order, place, beat: null, untilS: Infinity };
    truck.mode = 'to-task';
    this.inbox.report(order, 'started', `${truck.id} heads for ${place.join(',')}`);
    // On the way a compactor reports COLLECTING, as between the stops of its round; the others
    // RETURNING, as on their way back to work (the contract has no state for "heading to a job").
    const state = c === COMPACTOR ? TaskState.COLLECTING : TaskState.RETURNING;
    this.begin(truck, { type: 'drive', state, to: place, speedKmh: c.travelSpeedKmh, loadRateKgPerS: 0 }, nowS);
  }

  // Called off in the middle of a stop: the load change of the stop happens at once (the bins it
  // was emptying are in the hopper, what it was tipping at the plant is tipped), so totals still add up.
  private leave(truck: TruckState): void {
    const step = truck.step;
    if (step.type !== 'dwell' || truck.dwellLeftS <= 0) return;
    truck.loadKg = Math.min(truck.cycle.capacityKg, Math.max(0, truck.loadKg + truck.loadRateKgPerS * truck.dwellLeftS));
    if (step.atPlant) this.totals.deliveredToPlantKg += -step.loadChangeKg;
    if (step.loadChangeKg < 0) truck.loadKg = 0;
    truck.dwellLeftS = 0;
  }

  private taskStep(truck: TruckState, task: TruckTask, nowS: number): Step {
    const c = truck.cycle;
    const r = truck.random;
    const workState = c === COMPACTOR ? TaskState.COLLECTING : c === SPRINKLER ? TaskState.SPRINKLING : TaskState.SWEEPING;
    const until = c === SPRINKLER ? ('empty' as const) : ('full' as const);
    if (truck.mode === 'to-task') {
      // begin() gives up on a drive the roads do not make: no teleporting, back to work instead.
      if (this.planner.distanceM(truck.position, task.place) > 30) {
        this.inbox.report(task.order, 'dropped', `no road route from ${truck.id}'s position`);
        truck.task = null;
        return this.resumeStep(truck);
      }
      truck.mode = 'on-task';
      task.untilS = nowS + r.between(...TASK_WORK_S);
      this.inbox.report(task.order, 'arrived', truck.id);
      if (c === COMPACTOR) return { type: 'dwell', state: workState, seconds: task.untilS - nowS, loadChangeKg: this.collectAt(truck, task.place, nowS) };
      // The beat runs back along the road the truck came by (its arrival leg, when it had one).
      const arrival = truck.leg && this.planner.distanceM(truck.leg.end, task.place) < 5 ? truck.leg : null;
      const beat = arrival ? arrival.line.positionAt(Math.max(0, arrival.lengthM - TASK_BEAT_M)).position : null;
      const rate = r.between(...c.workLoadRateKgPerS);
      if (!beat || this.planner.distanceM(beat, task.place) < 20) {
        return { type: 'dwell', state: workState, seconds: task.untilS - nowS, loadChangeKg: rate * (task.untilS - nowS) };
      }
      task.beat = [beat[0], beat[1]];
      return { type: 'drive', state: workState, to: task.beat, speedKmh: c.workSpeedKmh, loadRateKgPerS: rate, until };
    }
    const full = truck.loadKg >= c.capacityKg - 1e-6;
    const empty = truck.loadKg <= 1e-6;
    if (c === COMPACTOR || !task.beat || nowS >= task.untilS || (until === 'full' && full) || (until === 'empty' && empty)) {
      this.inbox.report(task.order, 'done', `${truck.id} at ${Math.round(truck.loadKg)} kg`);
      truck.task = null;
      return this.resumeStep(truck);
    }
    const to = this.planner.distanceM(truck.position, task.place) < 5 ? task.beat : task.place;
    return { type: 'drive', state: workState, to, speedKmh: c.workSpeedKmh, loadRateKgPerS: r.between(...c.workLoadRateKgPerS), until };
  }

  // What a compactor takes at a dispatched place: the bins of a collection point there, else a pile.
  private collectAt(truck: TruckState, place: [number, number], nowS: number): number {
    const room = truck.cycle.capacityKg - truck.loadKg;
    let nearest = -1;
    let nearestM = TASK_NEAR_POINT_M;
    this.planner.collectionPoints.forEach((p, i) => {
      const d = this.planner.distanceM(p, place);
      if (d <= nearestM) [nearest, nearestM] = [i, d];
    });
    let taken: number;
    if (nearest >= 0) {
      const bin = this.binAt(nearest, nowS);
      taken = Math.min(bin.kg, room);
      bin.kg -= taken;
    } else {
      taken = Math.min(room, truck.random.between(...TASK_PILE_KG));
    }
    this.totals.collectedKg += taken;
    return taken;
  }

  // After a task: on with the duty cycle from where the truck is, hauling first if the task filled it.
  private resumeStep(truck: TruckState): Step {
    const c = truck.cycle;
    const travel = (state: TaskState, to: [number, number]): Step => ({ type: 'drive', state, to, speedKmh: c.travelSpeedKmh, loadRateKgPerS: 0 });
    if ((c === COMPACTOR && truck.loadKg >= HAUL_AT_SHARE * c.capacityKg) || (c === SWEEPER && truck.loadKg >= c.capacityKg - 1e-6)) {
      truck.mode = 'to-station';
      return travel(TaskState.TO_TRANSFER_STATION, this.planner.transferStation);
    }
    if (c === SPRINKLER && truck.loadKg <= 1e-6) {
      truck.mode = 'to-depot';
      return travel(TaskState.RETURNING, this.planner.nearestDepot(truck.position));
    }
    truck.mode = 'back';
    return travel(TaskState.RETURNING, truck.loop[truck.target]!);
  }

  private arriveAtStop(truck: TruckState, nowS: number): Step {
    const c = truck.cycle;
    const bin = this.binAt(truck.stops[truck.target]!, nowS);
    const taken = Math.min(bin.kg, c.capacityKg - truck.loadKg);
    bin.kg -= taken;
    this.totals.collectedKg += taken;
    return { type: 'dwell', state: TaskState.COLLECTING, seconds: truck.random.between(...STOP_S), loadChangeKg: taken };
  }

  // Bins fill steadily; brought up to date when a truck comes for them.
  private binAt(index: number, nowS: number): { kg: number; atS: number } {
    const bin = this.bins[index]!;
    if (nowS > bin.atS) {
      bin.kg += (nowS - bin.atS) * this.binRateKgPerS;
      bin.atS = nowS;
    }
    return bin;
  }

  private begin(truck: TruckState, step: Step, nowS: number): void {
    for (let guard = 0; guard < 8; guard++) {
      truck.step = step;
      if (step.type === 'dwell') {
        truck.leg = null;
        truck.speedKmh = 0;
        truck.dwellLeftS = step.seconds;
        truck.loadRateKgPerS = step.seconds > 0 ? step.loadChangeKg / step.seconds : 0;
        return;
      }
      const leg = this.planner.leg(truck.position, step.to);
      const ended = (step.until === 'full' && truck.loadKg >= truck.cycle.capacityKg - 1e-6) || (step.until === 'empty' && truck.loadKg <= 1e-6);
      if (leg && leg.lengthM > 1 && !ended) {
        truck.leg = leg;
        truck.distanceM = 0;
        truck.speedKmh = truck.random.between(...step.speedKmh);
        truck.loadRateKgPerS = step.loadRateKgPerS;
        return;
      }
      // Already there (or unreachable): the step is over before it starts.
      if (leg && leg.lengthM <= 1) truck.position = leg.end;
      step = this.nextStep(truck, nowS);
    }
    // A pack where nothing is reachable from here: park rather than spin.
    truck.step = { type: 'dwell', state: TaskState.IDLE, seconds: 600, loadChangeKg: 0 };
    truck.leg = null;
    truck.speedKmh = 0;
    truck.dwellLeftS = 600;
    truck.loadRateKgPerS = 0;
  }

  private step(truck: TruckState, dt: number, nowS: number): void {
    const { step, cycle } = truck;
    truck.loadKg = Math.min(cycle.capacityKg, Math.max(0, truck.loadKg + truck.loadRateKgPerS * dt));
    if (step.type === 'dwell') {
      truck.dwellLeftS -= dt;
      if (truck.dwellLeftS > 0) return;
      if (step.atPlant) this.totals.deliveredToPlantKg += -step.loadChangeKg;
      // Float steps of the linear change must not leave a few grams behind.
      if (step.loadChangeKg < 0) truck.loadKg = 0;
      this.begin(truck, this.nextStep(truck, nowS), nowS);
      return;
    }
    const [minSpeed, maxSpeed] = step.speedKmh;
    truck.speedKmh = Math.min(maxSpeed, Math.max(minSpeed, truck.speedKmh + truck.random.between(-SPEED_WOBBLE_KMH, SPEED_WOBBLE_KMH) * dt));
    const leg = truck.leg!;
    truck.distanceM = Math.min(leg.lengthM, truck.distanceM + (truck.speedKmh / 3.6) * dt);
    const at = leg.line.positionAt(truck.distanceM);
    truck.position = at.position;
    truck.headingDeg = at.headingDeg;
    const ended = (step.until === 'full' && truck.loadKg >= cycle.capacityKg - 1e-6) || (step.until === 'empty' && truck.loadKg <= 1e-6);
    if (truck.distanceM >= leg.lengthM) truck.position = leg.end;
    if (truck.distanceM >= leg.lengthM || ended) this.begin(truck, this.nextStep(truck, nowS), nowS);
  }
}

/** Compactor c's share of the collection points in tour order (several compactors share one when there are more compactors than points). */
function roundOf(c: number, compactors: number, points: number): number[] {
  const from = Math.floor((c * points) / compactors);
  const to = Math.floor(((c + 1) * points) / compactors);
  return to > from ? Array.from({ length: to - from }, (_, i) => from + i) : [from % points];
}

function report(truck: TruckState, recordedAtMs: bigint): TruckReading {
  truck.seq += 1;
  // A drive that starts at this very tick has not moved yet: it still reports standing.
  const moving = truck.step.type === 'drive' && truck.distanceM > 0;
  return create(TruckReadingSchema, {
    truckId: truck.id,
    seq: truck.seq,
    recordedAtMs,
    // 7 decimals is about 1 cm: finer than any GPS, coarser than float noise.
    lon: round(truck.position[0], 7),
    lat: round(truck.position[1], 7),
    speedKmh: moving ? round(truck.speedKmh, 1) : 0,
    // Rounded then wrapped: 359.96 must become 0, never 360 (a float32 of 360 is out of range).
    headingDeg: round(truck.headingDeg, 1) % 360,
    loadKg: round(truck.loadKg, 1),
    taskState: truck.step.state,
    kind: truck.cycle.kind,
  });
}
