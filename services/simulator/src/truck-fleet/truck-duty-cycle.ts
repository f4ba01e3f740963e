import { TruckKind } from '@urban-brain/proto';

export type Range = readonly [min: number, max: number];

/** The numbers behind a kind of truck's working day; the route logic is in the simulator. */
export interface DutyCycle {
  kind: TruckKind;
  /** Hopper, body or water-tank capacity. */
  capacityKg: number;
  /** Share of capacity a truck carries when the simulation starts; spreads the fleet over the cycle. */
  initialLoadShare: Range;
  /** Speed while working (sweeping, spraying, driving between collection points). */
  workSpeedKmh: Range;
  /** Speed on the way to the transfer station, the plant or the depot, and back. */
  travelSpeedKmh: Range;
  /** Signed kg per second while working on the move: sweeping fills (+), spraying empties (-). */
  workLoadRateKgPerS: Range;
}

// Rear-loader compactor: about 8 t of household waste from the street bins, hauled via the
// G321 transfer station to the waste-to-energy plant.
export const COMPACTOR: DutyCycle = {
  kind: TruckKind.COMPACTOR,
  capacityKg: 8_000,
  initialLoadShare: [0, 0.8],
  workSpeedKmh: [15, 30],
  travelSpeedKmh: [25, 40],
  workLoadRateKgPerS: [0, 0],
};

// Road sweeper: slow; its hopper fills with street sweepings (72-180 kg an hour on city streets)
// and is tipped at the transfer station about once a shift. What it tips is part of the city's
// daily tonnage (street sweepings are counted with household waste), see SWEEPINGS_SHARE.
export const SWEEPER: DutyCycle = {
  kind: TruckKind.SWEEPER,
  capacityKg: 1_800,
  initialLoadShare: [0, 0.7],
  workSpeedKmh: [10, 18],
  travelSpeedKmh: [25, 40],
  workLoadRateKgPerS: [0.02, 0.05],
};

// Sprinkler / fog cannon: the load is its water, which falls while it sprays; it refills at a depot hydrant.
export const SPRINKLER: DutyCycle = {
  kind: TruckKind.SPRINKLER,
  capacityKg: 10_000,
  initialLoadShare: [0.3, 1],
  workSpeedKmh: [10, 20],
  travelSpeedKmh: [20, 35],
  workLoadRateKgPerS: [-8, -4],
};

// Fleet mix by position in the fleet, so even a five-truck run has every kind:
// 40% compactors, 40% sweepers, 20% sprinklers.
const FLEET_MIX: readonly DutyCycle[] = [COMPACTOR, SWEEPER, SPRINKLER, COMPACTOR, SWEEPER];

export function dutyCycleForTruck(index: number): DutyCycle {
  return FLEET_MIX[index % FLEET_MIX.length]!;
}

/** How many of the first `trucks` trucks are compactors. */
export function compactorsIn(trucks: number): number {
  let n = 0;
  for (let i = 0; i < Math.min(trucks, FLEET_MIX.length); i++) if (FLEET_MIX[i] === COMPACTOR) n += Math.ceil((trucks - i) / FLEET_MIX.length);
  return n;
}

// "Full scale" is the default fleet, SIM_TRUCKS=120: 48 compactors collect the city's
// ~737 t of household waste a day (133,396 t in January-June 2023, DOMAIN.md). Bins fill
// in proportion to the compactors simulated, so a smaller fleet collects a smaller city.
export const FULL_SCALE_TRUCKS = 120;
export const FULL_SCALE_COMPACTORS = compactorsIn(FULL_SCALE_TRUCKS);
export const FULL_SCALE_TONNES_PER_DAY = 737;

// Share of the day a sweeper spends sweeping (the rest is driving to tip and back), measured over
// simulated days of the default fleet; it turns the hopper fill rate into tonnes a day.
const SWEEPER_WORK_SHARE = 0.97;

/** Street sweepings the fleet's sweepers tip a day, kg: part of the city's tonnage, so the bins fill by the rest. */
export function sweepingsKgPerDay(trucks: number): number {
  let sweepers = 0;
  for (let i = 0; i < trucks; i++) if (dutyCycleForTruck(i) === SWEEPER) sweepers++;
  const [min, max] = SWEEPER.workLoadRateKgPerS;
  return sweepers * ((min + max) / 2) * 86_400 * SWEEPER_WORK_SHARE;
}
