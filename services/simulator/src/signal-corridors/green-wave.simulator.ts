import { create } from '@bufbuild/protobuf';
import type { CityPack } from '@urban-brain/city-pack';
import {
  CorridorDirection,
  CorridorObservationSchema,
  MovementPhaseState,
  SignalPhaseChangeSchema,
  type CorridorObservation,
  type SignalPhaseChange,
} from '@urban-brain/proto';
import { SeededRandom, deriveSeed } from '../truck-fleet/seeded-random';
import { SignalController } from './signal-controller';

export interface GreenWaveOptions {
  pack: CityPack;
  seed: number;
  /** Observation window per corridor, seconds. */
  observationS: number;
  /** Corridors whose controllers (all but the first) lose sync, from `faultsFromMs`. */
  driftingCorridors?: readonly string[];
  /** Offset drift of a controller losing sync, seconds per minute. */
  driftSPerMin?: number;
  darkIntersections?: readonly string[];
  faultsFromMs?: number;
}

export interface GreenWaveTick {
  phaseChanges: SignalPhaseChange[];
  observations: CorridorObservation[];
}

// Green share and amber of the through movement: main roads get a bit more than half the cycle.
const GREEN_SHARE = 0.55;
const AMBER_S = 3;
// The through movement is signal group 2, as in the common NEMA numbering of a main street.
const THROUGH_SIGNAL_GROUP = 2;
// Platoons released upstream each cycle, plus vehicles turning in at random times.
const PLATOON_SIZE: readonly [number, number] = [6, 14];
const PLATOON_HEADWAY_S = 2;
const TURNING_IN_PER_CYCLE: readonly [number, number] = [0, 3];
// Drivers keep close to, mostly under, the design speed.
const SPEED_FACTOR: readonly [number, number] = [0.92, 1.04];
// A vehicle stopped at a red leaves this long after green per vehicle queued ahead, plus start-up loss.
const DISCHARGE_HEADWAY_S = 2;
const START_UP_LOSS_S = 2;
// A dark signal is an all-way stop: every vehicle stops and waits its turn.
const DARK_SIGNAL_DELAY_S = 6;

interface Vehicle {
  enteredMs: number;
  speedMps: number;
  /** Index of the next intersection, or intersections.length when heading for the corridor's end. */
  next: number;
  /** When it reaches `next` (or the end). */
  atMs: number;
  stops: number;
}

interface Window {
  completed: number;
  travelS: number;
  stops: number;
  arrivals: number;
  arrivalsOnGreen: number;
}

interface CorridorState {
  id: string;
  lengthM: number;
  designSpeedMps: number;
  cycleS: number;
  distances: number[];
  intersectionIds: string[];
  controllers: SignalController[];
  current: ({ state: MovementPhaseState; startMs: number; endMs: number } | null)[];
  seqs: number[];
  /** Vehicles waiting at each stop line for the current red, to space their departures. */
  queued: { redStartMs: number; count: number }[];
  vehicles: Vehicle[];
  nextPlatoonMs: number;
  random: SeededRandom;
  window: Window;
  windowEndMs: number;
  observationSeq: number;
}

const emptyWindow = (): Window => ({ completed: 0, travelS: 0, stops: 0, arrivals: 0, arrivalsOnGreen: 0 });

/**
 * The city's green-wave corridors as pure state: fixed-time controllers sharing each corridor's
 * cycle, offsets set for its design speed (offset_i = distance_i / speed mod cycle), platoons
 * driven through them. tick(now) returns every phase change since the last tick and each
 * corridor's observation when its window closes. Same seed and tick times, same output.
 */
export class GreenWaveSimulator {
  private readonly corridors: CorridorState[];
  private lastTickMs: number | null = null;

  constructor(private readonly options: GreenWaveOptions) {
    const { pack, seed } = options;
    const byId = new Map(pack.corridors.map((c) => [c.feature.id, c]));
    for (const id of options.driftingCorridors ?? []) if (!byId.has(id)) throw new RangeError(`no corridor "${id}" in city pack ${pack.id}`);
    const dark = new Set(options.darkIntersections ?? []);
    const known = new Set(pack.corridors.flatMap((c) => c.intersections.map((i) => i.id)));
    for (const id of dark) if (!known.has(id)) throw new RangeError(`no intersection "${id}" in city pack ${pack.id}`);
    const drifting = new Set(options.driftingCorridors ?? []);
    const faultsFromMs = options.faultsFromMs ?? 0;
    const driftRate = (options.driftSPerMin ?? 1) / 60;

    this.corridors = pack.corridors
      .filter((c) => c.intersections.length > 0)
      .map((corridor, index) => {
        const { cycleS, designSpeedKmh } = corridor.feature.properties;
        const designSpeedMps = designSpeedKmh / 3.6;
        const random = new SeededRandom(deriveSeed(seed, 0x516_0000 + index));
        const distances = corridor.intersections.map((i) => i.properties.distanceM);
        const controllers = distances.map((d, i) => {
          const controller = new SignalController({ cycleS, greenS: Math.round(cycleS * GREEN_SHARE), amberS: AMBER_S, offsetS: (d / designSpeedMps) % cycleS });
          if (drifting.has(corridor.feature.id) && i > 0) {
            // Each controller's clock errs its own way, so the offsets between them drift apart.
            controller.driftRate = driftRate * random.between(0.5, 1.5) * (random.next() < 0.5 ? -1 : 1);
            controller.driftFromMs = faultsFromMs;
          }
          if (dark.has(corridor.intersections[i]!.id)) controller.darkFromMs = faultsFromMs;
          return controller;
        });
        return {
          id: corridor.feature.id,
          lengthM: corridor.line.lengthM,
          designSpeedMps,
          cycleS,
          distances,
          intersectionIds: corridor.intersections.map((i) => i.id),
          controllers,
          current: controllers.map(() => null),
          seqs: controllers.map(() => 0),
          queued: controllers.map(() => ({ redStartMs: -1, count: 0 })),
          vehicles: [],
          nextPlatoonMs: 0,
          random,
          window: emptyWindow(),
          windowEndMs: 0,
          observationSeq: 0,
        };
      });
  }

  get intersectionCount(): number {
    return this.corridors.reduce((n, c) => n + c.controllers.length, 0);
  }

  get corridorCount(): number {
    return this.corridors.length;
  }

  /** Advances to `nowMs` (epoch ms, never earlier than the previous tick). */
  tick(nowMs: number): GreenWaveTick {
    if (!Number.isFinite(nowMs)) throw new RangeError(`tick time must be finite (got ${nowMs})`);
    if (this.lastTickMs !== null && nowMs < this.lastTickMs) throw new RangeError(`tick time went backwards: ${nowMs} < ${this.lastTickMs}`);
    const first = this.lastTickMs === null;
    this.lastTickMs = nowMs;
    const phaseChanges: SignalPhaseChange[] = [];
    const observations: CorridorObservation[] = [];
    for (const corridor of this.corridors) {
      if (first) this.startCorridor(corridor, nowMs);
      this.emitPhaseChanges(corridor, nowMs, phaseChanges);
      this.driveVehicles(corridor, nowMs, observations);
    }
    return { phaseChanges, observations };
  }

  private startCorridor(corridor: CorridorState, nowMs: number): void {
    // Traffic was already flowing when the feed came up: the platoons of the last few cycles are on the road,
    // so the first window counts the trips that end in it instead of waiting a whole corridor's drive time (four
    // to six minutes) for the first vehicle to finish, with no verdict on the wall meanwhile. What happened before
    // `nowMs` is driven and then forgotten: the first window starts empty.
    corridor.nextPlatoonMs = nowMs - this.warmUpMs(corridor);
    this.releasePlatoons(corridor, nowMs);
    this.resolveArrivals(corridor, nowMs);
    corridor.window = emptyWindow();
    corridor.windowEndMs = nowMs + this.options.observationS * 1000;
    // Each controller reports its phase in force when the simulator starts, as a controller does when it comes up.
    corridor.controllers.forEach((controller, i) => {
      const phase = controller.phaseAt(nowMs);
      corridor.current[i] = phase;
    });
  }

  private emitPhaseChanges(corridor: CorridorState, nowMs: number, out: SignalPhaseChange[]): void {
    corridor.controllers.forEach((controller, i) => {
      let current = corridor.current[i]!;
      if (corridor.seqs[i] === 0) out.push(this.phaseChange(corridor, i, current, Math.max(current.startMs, nowMs)));
      while (current.endMs !== 0 && current.endMs <= nowMs) {
        const next = controller.phaseAt(current.endMs + 1);
        current = next;
        out.push(this.phaseChange(corridor, i, next, next.startMs));
      }
      // A controller turning dark mid-phase: the phase ends early, at the moment it went dark.
      if (current.state !== MovementPhaseState.DARK && controller.darkFromMs <= nowMs) {
        current = controller.phaseAt(nowMs);
        out.push(this.phaseChange(corridor, i, current, current.startMs));
      }
      corridor.current[i] = current;
    });
  }

  private phaseChange(corridor: CorridorState, i: number, phase: { state: MovementPhaseState; startMs: number; endMs: number }, recordedAtMs: number): SignalPhaseChange {
    corridor.seqs[i]! += 1;
    return create(SignalPhaseChangeSchema, {
      intersectionId: corridor.intersectionIds[i]!,
      corridorId: corridor.id,
      seq: corridor.seqs[i]!,
      recordedAtMs: BigInt(recordedAtMs),
      signalGroup: THROUGH_SIGNAL_GROUP,
      phaseState: phase.state,
      startMs: BigInt(phase.startMs),
      // A fixed-time plan knows its end exactly: min and max end are the same.
      minEndMs: BigInt(phase.endMs),
      maxEndMs: BigInt(phase.endMs),
    });
  }

  private driveVehicles(corridor: CorridorState, nowMs: number, out: CorridorObservation[]): void {
    this.releasePlatoons(corridor, nowMs);
    this.resolveArrivals(corridor, nowMs);
    while (nowMs >= corridor.windowEndMs) {
      out.push(this.observe(corridor, corridor.windowEndMs));
      corridor.windowEndMs += this.options.observationS * 1000;
    }
  }

  /** Resolves every arrival up to `nowMs` in time order across the corridor's vehicles: queues depend on who came first. */
  private resolveArrivals(corridor: CorridorState, nowMs: number): void {
    const n = corridor.controllers.length;
    for (;;) {
      let soonest: Vehicle | undefined;
      for (const v of corridor.vehicles) if (v.next <= n && v.atMs <= nowMs && (!soonest || v.atMs < soonest.atMs)) soonest = v;
      if (!soonest) break;
      this.arrive(corridor, soonest);
    }
    corridor.vehicles = corridor.vehicles.filter((v) => v.next <= n);
  }

  /** Long enough for the slowest driver to cover the corridor with a red at every stop line, plus a cycle. */
  private warmUpMs(corridor: CorridorState): number {
    const slowestDriveS = corridor.lengthM / (corridor.designSpeedMps * SPEED_FACTOR[0]);
    return Math.ceil(slowestDriveS + (corridor.controllers.length + 1) * corridor.cycleS) * 1000;
  }

  // A platoon leaves the upstream junction each cycle, timed to meet the first green of the band.
  private releasePlatoons(corridor: CorridorState, nowMs: number): void {
    const r = corridor.random;
    while (corridor.nextPlatoonMs <= nowMs) {
      const cycleStartMs = corridor.nextPlatoonMs;
      const first = corridor.controllers[0]!;
      const leadTimeMs = (corridor.distances[0]! / corridor.designSpeedMps) * 1000;
      const bandStartMs = first.nextGreenMs(cycleStartMs + leadTimeMs);
      const size = Math.floor(r.between(PLATOON_SIZE[0], PLATOON_SIZE[1] + 1));
      for (let k = 0; k < size; k++) this.enter(corridor, Math.max(cycleStartMs, (Number.isFinite(bandStartMs) ? bandStartMs : cycleStartMs + leadTimeMs) - leadTimeMs) + k * PLATOON_HEADWAY_S * 1000);
      const turningIn = Math.floor(r.between(TURNING_IN_PER_CYCLE[0], TURNING_IN_PER_CYCLE[1] + 1));
      for (let k = 0; k < turningIn; k++) this.enter(corridor, cycleStartMs + r.between(0, corridor.cycleS) * 1000);
      corridor.nextPlatoonMs += corridor.cycleS * 1000;
    }
  }

  private enter(corridor: CorridorState, enteredMs: number): void {
    const speedMps = corridor.designSpeedMps * corridor.random.between(...SPEED_FACTOR);
    corridor.vehicles.push({ enteredMs, speedMps, next: 0, stops: 0, atMs: enteredMs + (corridor.distances[0]! / speedMps) * 1000 });
  }

  private arrive(corridor: CorridorState, v: Vehicle): void {
    const n = corridor.controllers.length;
    if (v.next === n) {
      corridor.window.completed++;
      corridor.window.travelS += (v.atMs - v.enteredMs) / 1000;
      corridor.window.stops += v.stops;
      v.next = n + 1;
      return;
    }
    const i = v.next;
    const controller = corridor.controllers[i]!;
    const phase = controller.phaseAt(v.atMs);
    corridor.window.arrivals++;
    let departMs = v.atMs;
    if (phase.state === MovementPhaseState.PROTECTED_MOVEMENT_ALLOWED) {
      corridor.window.arrivalsOnGreen++;
    } else if (phase.state === MovementPhaseState.DARK) {
      v.stops++;
      departMs += DARK_SIGNAL_DELAY_S * 1000;
    } else {
      v.stops++;
      const greenMs = controller.nextGreenMs(v.atMs);
      const queue = corridor.queued[i]!;
      if (queue.redStartMs !== greenMs) {
        queue.redStartMs = greenMs;
        queue.count = 0;
      }
      departMs = greenMs + (START_UP_LOSS_S + queue.count * DISCHARGE_HEADWAY_S) * 1000;
      queue.count++;
    }
    const nextDistance = i + 1 < n ? corridor.distances[i + 1]! : corridor.lengthM;
    v.next = i + 1;
    v.atMs = departMs + (Math.max(0, nextDistance - corridor.distances[i]!) / v.speedMps) * 1000;
  }

  private observe(corridor: CorridorState, endMs: number): CorridorObservation {
    const w = corridor.window;
    corridor.window = emptyWindow();
    corridor.observationSeq++;
    const round = (x: number) => Math.round(x * 10) / 10;
    return create(CorridorObservationSchema, {
      corridorId: corridor.id,
      seq: corridor.observationSeq,
      recordedAtMs: BigInt(endMs),
      direction: CorridorDirection.OUTBOUND,
      travelTimeS: w.completed > 0 ? round(w.travelS / w.completed) : 0,
      designTravelTimeS: round(corridor.lengthM / corridor.designSpeedMps),
      stops: w.completed > 0 ? Math.round((w.stops / w.completed) * 100) / 100 : 0,
      arrivalsOnGreenPct: w.arrivals > 0 ? round((100 * w.arrivalsOnGreen) / w.arrivals) : 0,
      vehicles: w.completed,
    });
  }
}
