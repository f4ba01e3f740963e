import { TaskState, TruckKind } from '@urban-brain/proto';

type Range = readonly [min: number, max: number];

/** How a phase of the duty cycle ends. */
export type PhaseEnd = { until: 'duration'; seconds: Range } | { until: 'full' } | { until: 'empty' };

export interface DutyPhase {
  state: TaskState;
  /** Cruise speed drawn on entry; [0, 0] means the truck is parked. */
  speedKmh: Range;
  /** Signed kg per second: loading (+), unloading or spraying (-). */
  loadRateKgPerS: Range;
  end: PhaseEnd;
}

export interface DutyCycle {
  kind: TruckKind;
  /** Hopper, body or water-tank capacity. */
  capacityKg: number;
  /** Share of capacity a truck carries when the simulation starts; spreads the fleet over the cycle. */
  initialLoadShare: Range;
  /** Repeats forever; the first phase is the working one. */
  phases: readonly DutyPhase[];
}

// The trip to the transfer station and back is represented by the task state and
// speed only: every truck stays on its own road until the city pack gives routes.

// Rear-loader compactor: fills from street bins (about 8 t), drives to the G321
// transfer station, tips, returns.
const COMPACTOR: DutyCycle = {
  kind: TruckKind.COMPACTOR,
  capacityKg: 8_000,
  initialLoadShare: [0, 0.7],
  phases: [
    { state: TaskState.COLLECTING, speedKmh: [10, 20], loadRateKgPerS: [2, 6], end: { until: 'full' } },
    { state: TaskState.TO_TRANSFER_STATION, speedKmh: [25, 40], loadRateKgPerS: [0, 0], end: { until: 'duration', seconds: [180, 420] } },
    { state: TaskState.UNLOADING, speedKmh: [0, 0], loadRateKgPerS: [-100, -60], end: { until: 'empty' } },
    { state: TaskState.RETURNING, speedKmh: [25, 40], loadRateKgPerS: [0, 0], end: { until: 'duration', seconds: [180, 420] } },
  ],
};

// Road sweeper: slow, its hopper fills with street dirt over an hour or so.
const SWEEPER: DutyCycle = {
  kind: TruckKind.SWEEPER,
  capacityKg: 1_800,
  initialLoadShare: [0, 0.7],
  phases: [
    { state: TaskState.SWEEPING, speedKmh: [10, 18], loadRateKgPerS: [0.3, 1], end: { until: 'full' } },
    { state: TaskState.TO_TRANSFER_STATION, speedKmh: [25, 40], loadRateKgPerS: [0, 0], end: { until: 'duration', seconds: [120, 300] } },
    { state: TaskState.UNLOADING, speedKmh: [0, 0], loadRateKgPerS: [-50, -30], end: { until: 'empty' } },
    { state: TaskState.RETURNING, speedKmh: [25, 40], loadRateKgPerS: [0, 0], end: { until: 'duration', seconds: [120, 300] } },
  ],
};

// Sprinkler / fog cannon: the load is its water, which falls while it sprays;
// it drives to a hydrant and refills parked.
const SPRINKLER: DutyCycle = {
  kind: TruckKind.SPRINKLER,
  capacityKg: 10_000,
  initialLoadShare: [0.3, 1],
  phases: [
    { state: TaskState.SPRINKLING, speedKmh: [10, 20], loadRateKgPerS: [-8, -4], end: { until: 'empty' } },
    { state: TaskState.RETURNING, speedKmh: [20, 35], loadRateKgPerS: [0, 0], end: { until: 'duration', seconds: [120, 300] } },
    { state: TaskState.IDLE, speedKmh: [0, 0], loadRateKgPerS: [80, 120], end: { until: 'full' } },
  ],
};

// Fleet mix by position in the fleet, so even a five-truck run has every kind:
// 40% compactors, 40% sweepers, 20% sprinklers.
const FLEET_MIX: readonly DutyCycle[] = [COMPACTOR, SWEEPER, SPRINKLER, COMPACTOR, SWEEPER];

export function dutyCycleForTruck(index: number): DutyCycle {
  return FLEET_MIX[index % FLEET_MIX.length]!;
}
