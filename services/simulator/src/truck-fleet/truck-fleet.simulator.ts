import { create } from '@bufbuild/protobuf';
import { Polyline, ROADS, type Road } from '@urban-brain/common';
import { TruckReadingSchema, type TruckKind, type TruckReading } from '@urban-brain/proto';
import { SeededRandom, deriveSeed } from './seeded-random';
import { dutyCycleForTruck, type DutyCycle, type DutyPhase } from './truck-duty-cycle';

export interface TruckFleetOptions {
  trucks: number;
  seed: number;
  /** Roads the fleet drives on; the city centre's roads by default. */
  roads?: readonly Road[];
}

/** Where a truck works; lets callers (and tests) relate readings to roads. */
export interface TruckAssignment {
  truckId: string;
  kind: TruckKind;
  roadId: string;
}

interface TruckState {
  readonly id: string;
  readonly cycle: DutyCycle;
  readonly roadId: string;
  readonly road: Polyline;
  readonly random: SeededRandom;
  seq: number;
  distanceM: number;
  direction: 1 | -1;
  headingDeg: number;
  speedKmh: number;
  loadKg: number;
  phaseIndex: number;
  phaseRemainingS: number;
  loadRateKgPerS: number;
}

// Integration step: a phase change or a road end is resolved at least once a second,
// whatever the tick rate.
const MAX_STEP_S = 1;
// After a long pause (broker outage) the fleet catches up at most this much time,
// so one tick never costs minutes of CPU; trucks then resume from where they were.
const MAX_CATCH_UP_S = 300;
// Per-step speed wobble, km/h: drivers do not hold a constant speed.
const SPEED_WOBBLE_KMH = 1.5;

const round = (value: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/**
 * The sanitation fleet as pure state: no Kafka, no timers. Each call to tick()
 * advances every truck to `nowMs` and returns one reading per truck. For a given
 * seed and sequence of tick times the readings are always the same.
 */
export class TruckFleetSimulator {
  private readonly trucks: TruckState[];
  private lastTickMs: number | null = null;

  constructor(options: TruckFleetOptions) {
    if (!Number.isInteger(options.trucks) || options.trucks < 1) throw new RangeError(`trucks must be a positive integer (got ${options.trucks})`);
    const roads = options.roads ?? ROADS;
    if (roads.length === 0) throw new RangeError('the fleet needs at least one road');
    const polylines = roads.map((road) => new Polyline(road.coordinates));
    this.trucks = Array.from({ length: options.trucks }, (_, index) => createTruck(index, options.seed, roads, polylines));
  }

  get size(): number {
    return this.trucks.length;
  }

  assignments(): TruckAssignment[] {
    return this.trucks.map((t) => ({ truckId: t.id, kind: t.cycle.kind, roadId: t.roadId }));
  }

  /** Advances the fleet to `nowMs` (epoch ms, never earlier than the previous tick) and reports every truck. */
  tick(nowMs: number): TruckReading[] {
    if (!Number.isFinite(nowMs)) throw new RangeError(`tick time must be finite (got ${nowMs})`);
    if (this.lastTickMs !== null && nowMs < this.lastTickMs) {
      throw new RangeError(`tick time went backwards: ${nowMs} < ${this.lastTickMs}`);
    }
    const elapsedS = this.lastTickMs === null ? 0 : Math.min(MAX_CATCH_UP_S, (nowMs - this.lastTickMs) / 1000);
    this.lastTickMs = nowMs;
    const recordedAtMs = BigInt(Math.round(nowMs));
    return this.trucks.map((truck) => {
      advance(truck, elapsedS);
      return report(truck, recordedAtMs);
    });
  }
}

function createTruck(index: number, seed: number, roads: readonly Road[], polylines: readonly Polyline[]): TruckState {
  const random = new SeededRandom(deriveSeed(seed, index));
  const cycle = dutyCycleForTruck(index);
  const roadIndex = pickByLength(polylines, random);
  const road = polylines[roadIndex]!;
  const truck: TruckState = {
    id: `NJ-SAN-${String(index + 1).padStart(4, '0')}`,
    cycle,
    roadId: roads[roadIndex]!.id,
    road,
    random,
    seq: 0,
    distanceM: random.between(0, road.lengthM),
    direction: random.next() < 0.5 ? 1 : -1,
    headingDeg: 0,
    speedKmh: 0,
    loadKg: cycle.capacityKg * random.between(...cycle.initialLoadShare),
    phaseIndex: 0,
    phaseRemainingS: 0,
    loadRateKgPerS: 0,
  };
  enterPhase(truck, 0);
  truck.headingDeg = headingAt(truck);
  return truck;
}

// Longer roads get proportionally more trucks, so density is even along the network.
function pickByLength(polylines: readonly Polyline[], random: SeededRandom): number {
  const total = polylines.reduce((sum, p) => sum + p.lengthM, 0);
  let target = random.next() * total;
  for (let i = 0; i < polylines.length; i++) {
    target -= polylines[i]!.lengthM;
    if (target < 0) return i;
  }
  return polylines.length - 1;
}

function phaseOf(truck: TruckState): DutyPhase {
  return truck.cycle.phases[truck.phaseIndex]!;
}

function enterPhase(truck: TruckState, phaseIndex: number): void {
  truck.phaseIndex = phaseIndex;
  const phase = phaseOf(truck);
  truck.speedKmh = truck.random.between(...phase.speedKmh);
  truck.loadRateKgPerS = truck.random.between(...phase.loadRateKgPerS);
  truck.phaseRemainingS = phase.end.until === 'duration' ? truck.random.between(...phase.end.seconds) : Infinity;
}

function advance(truck: TruckState, elapsedS: number): void {
  let remaining = elapsedS;
  while (remaining > 0) {
    const dt = Math.min(MAX_STEP_S, remaining);
    step(truck, dt);
    remaining -= dt;
  }
}

function step(truck: TruckState, dt: number): void {
  const phase = phaseOf(truck);
  const [minSpeed, maxSpeed] = phase.speedKmh;
  if (maxSpeed > 0) {
    const wobble = truck.random.between(-SPEED_WOBBLE_KMH, SPEED_WOBBLE_KMH) * dt;
    truck.speedKmh = Math.min(maxSpeed, Math.max(minSpeed, truck.speedKmh + wobble));
    move(truck, (truck.speedKmh / 3.6) * dt);
  }

  truck.loadKg = Math.min(truck.cycle.capacityKg, Math.max(0, truck.loadKg + truck.loadRateKgPerS * dt));
  truck.phaseRemainingS -= dt;
  const end = phase.end;
  const ended =
    (end.until === 'duration' && truck.phaseRemainingS <= 0) ||
    (end.until === 'full' && truck.loadKg >= truck.cycle.capacityKg) ||
    (end.until === 'empty' && truck.loadKg <= 0);
  if (ended) enterPhase(truck, (truck.phaseIndex + 1) % truck.cycle.phases.length);
}

// Back and forth along the road: reaching an end, the truck turns round.
function move(truck: TruckState, metres: number): void {
  const length = truck.road.lengthM;
  let d = truck.distanceM + truck.direction * metres;
  while (d < 0 || d > length) {
    if (d > length) {
      d = 2 * length - d;
      truck.direction = -1;
    } else {
      d = -d;
      truck.direction = 1;
    }
  }
  truck.distanceM = d;
  truck.headingDeg = headingAt(truck);
}

function headingAt(truck: TruckState): number {
  const { headingDeg } = truck.road.at(truck.distanceM);
  return truck.direction === 1 ? headingDeg : (headingDeg + 180) % 360;
}

function report(truck: TruckState, recordedAtMs: bigint): TruckReading {
  truck.seq += 1;
  const { position } = truck.road.at(truck.distanceM);
  return create(TruckReadingSchema, {
    truckId: truck.id,
    seq: truck.seq,
    recordedAtMs,
    // 7 decimals is about 1 cm: finer than any GPS, coarser than float noise.
    lon: round(position[0], 7),
    lat: round(position[1], 7),
    speedKmh: round(truck.speedKmh, 1),
    // Rounded then wrapped: 359.96 must become 0, never 360 (a float32 of 360 is out of range).
    headingDeg: round(truck.headingDeg, 1) % 360,
    loadKg: round(truck.loadKg, 1),
    taskState: phaseOf(truck).state,
    kind: truck.cycle.kind,
  });
}
