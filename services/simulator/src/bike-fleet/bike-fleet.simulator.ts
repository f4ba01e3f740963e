import { create } from '@bufbuild/protobuf';
import type { CityPack } from '@urban-brain/city-pack';
import { BikeEventKind, BikeEventSchema, type BikeEvent } from '@urban-brain/proto';
import { SeededRandom, deriveSeed } from '../truck-fleet/seeded-random';
import { MAX_DEMAND_FACTOR, demandFactorAt, localHourOf } from './bike-demand.profile';
import { FenceSpots, type Spot } from './fence-spots';
import { TimedEventQueue } from './timed-event.queue';

export interface BikeFleetOptions {
  bikes: number;
  seed: number;
  pack: CityPack;
  /** Share of trips that end outside every fence (near the destination fence). */
  outsideShare?: number;
  ebikeShare?: number;
  tripsPerBikePerDay?: number;
  /** Chance a trip ends with the lock reporting a fault. */
  faultShare?: number;
  /** Number of fences that draw far more arrivals than departures (piles form there). */
  hotSpots?: number;
  /** Announce every bike's parked state on the first tick, so a consumer starts with the whole fleet. */
  announceOnStart?: boolean;
}

export const BIKE_OPERATORS = ['meituan', 'hellobike', 'qingju'] as const;

type BikeState = 'parked' | 'riding' | 'faulty' | 'flat';

interface Bike {
  readonly index: number;
  readonly id: string;
  readonly isEbike: boolean;
  readonly operator: string;
  seq: number;
  state: BikeState;
  position: Spot;
  /** The fence the bike stands in by the pack's lookup, or null. */
  fenceId: string | null;
  /** The fence it was left at (inside or beside it): where rebalancing crews find it. */
  nearFence: number;
  batteryPct: number;
  /** Index in the pool of rentable bikes, -1 when not rentable. */
  poolSlot: number;
}

type Pending =
  | { kind: 'trip-end'; bike: Bike; fence: number; distanceKm: number }
  | { kind: 'repair'; bike: Bike }
  | { kind: 'battery-swap'; bike: Bike }
  | { kind: 'battery-report'; bike: Bike };

const MIN_TRIP_MS = 5 * 60_000;
const MAX_TRIP_MS = 25 * 60_000;
// Streets, not crow flight: riders cover about 1.3x the straight-line distance.
const DETOUR_FACTOR = 1.3;
const PEDAL_KMH: readonly [number, number] = [10, 15];
const EBIKE_KMH: readonly [number, number] = [15, 20];
const DESTINATION_TRIES = 8;
// Percent of battery an e-bike spends per km ridden; crews swap batteries below FLAT_PCT.
const DRAIN_PCT_PER_KM: readonly [number, number] = [2, 3.5];
const FLAT_PCT = 15;
const BATTERY_REPORT_EVERY_MS = 4 * 3_600_000;
const BATTERY_SWAP_AFTER_MS: readonly [number, number] = [1 * 3_600_000, 5 * 3_600_000];
const REPAIR_AFTER_MS: readonly [number, number] = [2 * 3_600_000, 8 * 3_600_000];
const HOT_SPOT_PULL = 5;
// Crews pass every half hour from 06:00 to 22:59, each truck carrying up to 30 bikes.
const REBALANCE_EVERY_MS = 30 * 60_000;
const REBALANCE_HOURS: readonly [number, number] = [6, 23];
const CREW_TRUCKS = 3;
const BIKES_PER_TRUCK = 30;
// A fence is a pile when it holds this much more than the fleet's average fill, and starved below this share of it.
const PILE_FILL = 1.5;
const STARVED_FILL = 0.5;
// A long pause (broker outage) is caught up at most this much: one tick never costs minutes of CPU.
const MAX_CATCH_UP_MS = 6 * 3_600_000;

/**
 * The shared-bike fleet as pure state, driven as discrete events: trip starts arrive as a Poisson
 * process shaped by the hour of day, everything else (trip ends, repairs, battery swaps and
 * reports, crew passes) is queued at its own time. tick(nowMs) runs every event due by nowMs and
 * returns them in time order, so for a seed the stream does not depend on how often tick is called.
 */
export class BikeFleetSimulator {
  private readonly bikes: Bike[];
  private readonly fences: FenceSpots[];
  private readonly fenceIndexById = new Map<string, number>();
  /** Bikes standing in or beside each fence. */
  private readonly atFence: Set<Bike>[];
  private readonly arrivalWeights: Float64Array;
  private readonly pool: Bike[] = [];
  private readonly queue = new TimedEventQueue<Pending>();
  private readonly random: SeededRandom;
  private readonly pack: CityPack;
  private readonly outsideShare: number;
  private readonly faultShare: number;
  private readonly tripsPerMsAtMean: number;
  private readonly announceOnStart: boolean;
  private readonly totalCapacity: number;
  private nextTripStartMs = Infinity;
  private nextRebalanceMs = Infinity;
  private lastTickMs: number | null = null;
  private out: BikeEvent[] = [];

  constructor(options: BikeFleetOptions) {
    if (!Number.isInteger(options.bikes) || options.bikes < 1) throw new RangeError(`bikes must be a positive integer (got ${options.bikes})`);
    const fences = options.pack.layers['bike-fences'];
    if (fences.length === 0) throw new RangeError(`city pack ${options.pack.id} has no bike fences`);
    this.outsideShare = options.outsideShare ?? 0.08;
    this.faultShare = options.faultShare ?? 0.004;
    this.tripsPerMsAtMean = (options.bikes * (options.tripsPerBikePerDay ?? 3)) / 86_400_000;
    this.announceOnStart = options.announceOnStart ?? true;
    this.pack = options.pack;
    this.random = new SeededRandom(deriveSeed(options.seed, 0x0b1c));
    this.fences = fences.map((f) => new FenceSpots(f, options.pack));
    this.fences.forEach((f, i) => this.fenceIndexById.set(f.id, i));
    this.atFence = this.fences.map(() => new Set<Bike>());
    this.totalCapacity = this.fences.reduce((s, f) => s + f.capacity, 0);

    // A few fences (a metro exit, a campus gate) draw many more arrivals than departures.
    const hot = new Set<number>();
    const hotSpots = Math.min(options.hotSpots ?? 6, this.fences.length);
    while (hot.size < hotSpots) hot.add(Math.floor(this.random.next() * this.fences.length));
    this.arrivalWeights = new Float64Array(this.fences.length);
    let cumulative = 0;
    this.fences.forEach((f, i) => (this.arrivalWeights[i] = cumulative += f.capacity * (hot.has(i) ? HOT_SPOT_PULL : 1)));

    const ebikeShare = options.ebikeShare ?? 0.3;
    this.bikes = Array.from({ length: options.bikes }, (_, index) => ({
      index,
      id: `NJ-BIKE-${String(index + 1).padStart(5, '0')}`,
      // Spread evenly rather than drawn, so even a ten-bike run has its e-bikes.
      isEbike: Math.floor((index + 1) * ebikeShare) > Math.floor(index * ebikeShare),
      operator: BIKE_OPERATORS[index % BIKE_OPERATORS.length]!,
      seq: 0,
      state: 'parked' as BikeState,
      position: [0, 0] as Spot,
      fenceId: null,
      nearFence: 0,
      batteryPct: 0,
      poolSlot: -1,
    }));
    this.placeAtStart();
  }

  get size(): number {
    return this.bikes.length;
  }

  /** Bikes standing in each fence now (what a fence-occupancy layer shows). */
  occupancy(): Map<string, { bikes: number; capacity: number }> {
    const result = new Map<string, { bikes: number; capacity: number }>();
    this.fences.forEach((f, i) => {
      let inside = 0;
      for (const bike of this.atFence[i]!) if (bike.fenceId === f.id) inside++;
      result.set(f.id, { bikes: inside, capacity: f.capacity });
    });
    return result;
  }

  /** Runs every event due by nowMs (epoch ms, never earlier than the previous tick) and returns them in time order. */
  tick(nowMs: number): BikeEvent[] {
    if (!Number.isFinite(nowMs)) throw new RangeError(`tick time must be finite (got ${nowMs})`);
    if (this.lastTickMs !== null && nowMs < this.lastTickMs) throw new RangeError(`tick time went backwards: ${nowMs} < ${this.lastTickMs}`);
    this.out = [];
    if (this.lastTickMs === null) {
      this.startClock(nowMs);
    } else if (nowMs - this.lastTickMs > MAX_CATCH_UP_MS) {
      this.skipTo(nowMs - MAX_CATCH_UP_MS);
    }
    this.lastTickMs = nowMs;
    for (;;) {
      const next = Math.min(this.nextTripStartMs, this.queue.peekTime(), this.nextRebalanceMs);
      if (next > nowMs) break;
      if (next === this.queue.peekTime()) this.runPending(this.queue.pop()!);
      else if (next === this.nextTripStartMs) this.onTripStartSlot(next);
      else this.rebalance(next);
    }
    return this.out;
  }

  // The city starts as it ends a trip: the configured share of bikes stands beside a fence,
  // the rest are spread over the fences in proportion to their size, give or take 15 %.
  private placeAtStart(): void {
    const order = this.bikes.slice();
    const insideTarget = Math.round(order.length * (1 - this.outsideShare));
    const perSlot = insideTarget / this.totalCapacity;
    let b = 0;
    for (let i = 0; i < this.fences.length && b < insideTarget; i++) {
      const fill = Math.round(this.fences[i]!.capacity * perSlot * this.random.between(0.85, 1.15));
      for (let k = 0; k < fill && b < insideTarget; k++) this.park(order[b++]!, i, this.fences[i]!.inside(this.random));
    }
    for (; b < insideTarget; b++) {
      const fence = this.pickArrivalFence();
      this.park(order[b]!, fence, this.fences[fence]!.inside(this.random));
    }
    for (; b < order.length; b++) {
      const fence = this.pickArrivalFence();
      this.park(order[b]!, fence, this.fences[fence]!.outside(this.random));
    }
    for (const bike of this.bikes) {
      bike.batteryPct = bike.isEbike ? Math.round(this.random.between(35, 100)) : 0;
      this.makeRentable(bike);
    }
  }

  private startClock(nowMs: number): void {
    for (const bike of this.bikes) {
      if (this.announceOnStart) this.emit(bike, nowMs, BikeEventKind.PARKED_STATE);
      // Reports spread over the interval so they do not all arrive in one second.
      if (bike.isEbike) this.queue.push(nowMs + this.random.next() * BATTERY_REPORT_EVERY_MS, { kind: 'battery-report', bike });
    }
    this.nextTripStartMs = this.drawNextTripStart(nowMs);
    this.nextRebalanceMs = Math.ceil(nowMs / REBALANCE_EVERY_MS) * REBALANCE_EVERY_MS;
  }

  // After a long outage the fleet resumes from where it was, later; the pause is not simulated.
  private skipTo(ms: number): void {
    const shift = ms - (this.lastTickMs ?? ms);
    const pending: { atMs: number; item: Pending }[] = [];
    for (let p = this.queue.pop(); p; p = this.queue.pop()) pending.push(p);
    for (const p of pending) this.queue.push(p.atMs + shift, p.item);
    this.nextTripStartMs += shift;
    this.nextRebalanceMs = Math.ceil(ms / REBALANCE_EVERY_MS) * REBALANCE_EVERY_MS;
  }

  // Thinning: candidates arrive at the day's peak rate and are kept with demand(t) / peak.
  private drawNextTripStart(fromMs: number): number {
    const peakPerMs = this.tripsPerMsAtMean * MAX_DEMAND_FACTOR;
    return fromMs - Math.log(1 - this.random.next()) / peakPerMs;
  }

  private onTripStartSlot(atMs: number): void {
    this.nextTripStartMs = this.drawNextTripStart(atMs);
    if (this.random.next() * MAX_DEMAND_FACTOR > demandFactorAt(atMs)) return;
    // No bike to rent: the would-be rider walks.
    if (this.pool.length === 0) return;
    const bike = this.pool[Math.floor(this.random.next() * this.pool.length)]!;
    this.startTrip(bike, atMs);
  }

  private startTrip(bike: Bike, atMs: number): void {
    // Reported where it was unlocked, with the fence it leaves.
    this.emit(bike, atMs, BikeEventKind.TRIP_START);
    this.removeFromPool(bike);
    this.atFence[bike.nearFence]!.delete(bike);
    bike.state = 'riding';
    bike.fenceId = null;

    const speedKmh = this.random.between(...(bike.isEbike ? EBIKE_KMH : PEDAL_KMH));
    let fence = this.pickArrivalFence();
    let km = this.distanceKm(bike.position, fence);
    // Riders go somewhere 5-25 minutes away: redraw destinations that are too near or too far.
    for (let i = 1; i < DESTINATION_TRIES && !this.fitsTrip(km, speedKmh); i++) {
      fence = this.pickArrivalFence();
      km = this.distanceKm(bike.position, fence);
    }
    const rideMs = Math.min(MAX_TRIP_MS, Math.max(MIN_TRIP_MS, ((km * DETOUR_FACTOR) / speedKmh) * 3_600_000));
    this.queue.push(atMs + rideMs, { kind: 'trip-end', bike, fence, distanceKm: km * DETOUR_FACTOR });
  }

  private fitsTrip(km: number, speedKmh: number): boolean {
    const ms = ((km * DETOUR_FACTOR) / speedKmh) * 3_600_000;
    return ms >= MIN_TRIP_MS && ms <= MAX_TRIP_MS;
  }

  private runPending({ atMs, item }: { atMs: number; item: Pending }): void {
    const { bike } = item;
    switch (item.kind) {
      case 'trip-end': {
        const spots = this.fences[item.fence]!;
        const position = this.random.next() < this.outsideShare ? spots.outside(this.random) : spots.inside(this.random);
        this.park(bike, item.fence, position);
        bike.state = 'parked';
        if (bike.isEbike) bike.batteryPct = Math.max(0, bike.batteryPct - item.distanceKm * this.random.between(...DRAIN_PCT_PER_KM));
        this.emit(bike, atMs, BikeEventKind.TRIP_END);
        if (this.random.next() < this.faultShare) {
          bike.state = 'faulty';
          this.emit(bike, atMs, BikeEventKind.FAULT);
          this.queue.push(atMs + this.random.between(...REPAIR_AFTER_MS), { kind: 'repair', bike });
        } else if (bike.isEbike && bike.batteryPct < FLAT_PCT) {
          bike.state = 'flat';
          this.queue.push(atMs + this.random.between(...BATTERY_SWAP_AFTER_MS), { kind: 'battery-swap', bike });
        } else {
          this.makeRentable(bike);
        }
        return;
      }
      case 'repair': {
        // The crew fixes it and stands it back in a frame at the same fence.
        const fence = bike.nearFence;
        this.atFence[fence]!.delete(bike);
        this.park(bike, fence, this.fences[fence]!.inside(this.random));
        if (bike.isEbike) bike.batteryPct = 100;
        this.emit(bike, atMs, BikeEventKind.REBALANCED);
        this.makeRentable(bike);
        return;
      }
      case 'battery-swap':
        bike.batteryPct = 100;
        this.emit(bike, atMs, BikeEventKind.BATTERY_REPORT);
        if (bike.state === 'flat') this.makeRentable(bike);
        return;
      case 'battery-report':
        // A lock reports on its own schedule; mid-ride the next report is the trip end.
        if (bike.state !== 'riding') this.emit(bike, atMs, BikeEventKind.BATTERY_REPORT);
        this.queue.push(atMs + BATTERY_REPORT_EVERY_MS, item);
        return;
    }
  }

  // Crews take bikes from piles (fences far above the fleet's average fill) to starved fences.
  private rebalance(atMs: number): void {
    this.nextRebalanceMs = atMs + REBALANCE_EVERY_MS;
    const hour = localHourOf(atMs);
    if (hour < REBALANCE_HOURS[0] || hour >= REBALANCE_HOURS[1]) return;
    const parked = this.atFence.reduce((s, set) => s + set.size, 0);
    const meanFill = parked / this.totalCapacity;
    const fill = (i: number) => this.atFence[i]!.size / this.fences[i]!.capacity;
    const piles = this.fences.map((_, i) => i).filter((i) => fill(i) > PILE_FILL * meanFill && this.atFence[i]!.size > this.fences[i]!.capacity);
    const starved = this.fences.map((_, i) => i).filter((i) => fill(i) < STARVED_FILL * meanFill);
    if (piles.length === 0 || starved.length === 0) return;
    piles.sort((a, b) => fill(b) - fill(a) || a - b);
    starved.sort((a, b) => fill(a) - fill(b) || a - b);
    let budget = CREW_TRUCKS * BIKES_PER_TRUCK;
    let s = 0;
    for (const pile of piles) {
      const target = Math.ceil(meanFill * this.fences[pile]!.capacity);
      // Bikes outside the frame first: those are the ones blocking the pavement.
      const movable = [...this.atFence[pile]!].filter((b) => b.state === 'parked').sort((a, b) => Number(a.fenceId !== null) - Number(b.fenceId !== null) || a.index - b.index);
      for (const bike of movable) {
        if (budget === 0 || s >= starved.length || this.atFence[pile]!.size <= target) break;
        const to = starved[s]!;
        this.atFence[pile]!.delete(bike);
        this.park(bike, to, this.fences[to]!.inside(this.random));
        this.emit(bike, atMs, BikeEventKind.REBALANCED);
        budget--;
        if (fill(to) >= meanFill) s++;
      }
    }
  }

  // The fence a bike reports is the pack's answer for where it stands, never the one it aimed for.
  private park(bike: Bike, fence: number, position: Spot): void {
    bike.position = position;
    bike.nearFence = fence;
    bike.fenceId = this.pack.fenceAt(position)?.id ?? null;
    this.atFence[fence]!.add(bike);
  }

  private makeRentable(bike: Bike): void {
    bike.state = 'parked';
    if (bike.poolSlot !== -1) return;
    bike.poolSlot = this.pool.length;
    this.pool.push(bike);
  }

  private removeFromPool(bike: Bike): void {
    const slot = bike.poolSlot;
    if (slot === -1) return;
    const last = this.pool.pop()!;
    if (last !== bike) {
      this.pool[slot] = last;
      last.poolSlot = slot;
    }
    bike.poolSlot = -1;
  }

  private pickArrivalFence(): number {
    const weights = this.arrivalWeights;
    const target = this.random.next() * weights[weights.length - 1]!;
    let [lo, hi] = [0, weights.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private distanceKm(from: Spot, fence: number): number {
    return this.pack.projection.distanceM(from, this.fences[fence]!.position) / 1000;
  }

  private emit(bike: Bike, atMs: number, kind: BikeEventKind): void {
    bike.seq += 1;
    this.out.push(
      create(BikeEventSchema, {
        bikeId: bike.id,
        seq: bike.seq,
        recordedAtMs: BigInt(Math.round(atMs)),
        kind,
        lon: bike.position[0],
        lat: bike.position[1],
        fenceId: bike.fenceId ?? '',
        inFence: bike.fenceId !== null,
        isEbike: bike.isEbike,
        batteryPct: bike.isEbike ? Math.round(bike.batteryPct * 10) / 10 : 0,
        operator: bike.operator,
      }),
    );
  }
}
