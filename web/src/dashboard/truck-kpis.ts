import { TaskState } from '@urban-brain/proto';
import type { TruckTable } from '../live/live-tables';
import { MOVING_ABOVE_KMH } from '../map/truck-task-style';

export interface TruckKpis {
  onMap: number;
  moving: number;
  byTask: Record<TaskState, number>;
}

/** Every task state at 0. */
export function noTrucksByTask(): Record<TaskState, number> {
  return Object.fromEntries(
    Object.values(TaskState)
      .filter((v): v is TaskState => typeof v === 'number')
      .map((state) => [state, 0]),
  ) as Record<TaskState, number>;
}

export function truckKpis(table: TruckTable): TruckKpis {
  const byTask = noTrucksByTask();
  let moving = 0;
  for (let row = 0; row < table.size; row++) {
    if (table.at('speedKmh', row) > MOVING_ABOVE_KMH) moving++;
    const task = table.at('taskState', row) as TaskState;
    byTask[task] = (byTask[task] ?? 0) + 1;
  }
  return { onMap: table.size, moving, byTask };
}
