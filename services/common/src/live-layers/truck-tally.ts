import type { LiveTruck } from './live-truck';

// What the web map draws as a moving truck (web/src/map/truck-task-style.ts MOVING_ABOVE_KMH).
export const MOVING_ABOVE_KMH = 2;

export interface TruckTally {
  total: number;
  moving: number;
  /** Entry i: trucks whose task state is TaskState i; as long as the highest state seen + 1. */
  byTaskState: number[];
}

export function tallyTrucks(trucks: readonly LiveTruck[]): TruckTally {
  const byTaskState: number[] = [];
  let moving = 0;
  for (const truck of trucks) {
    if (truck.speedKmh > MOVING_ABOVE_KMH) moving++;
    for (let state = byTaskState.length; state <= truck.taskState; state++) byTaskState.push(0);
    byTaskState[truck.taskState]!++;
  }
  return { total: trucks.length, moving, byTaskState };
}
