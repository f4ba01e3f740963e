import { TaskState } from '@urban-brain/proto';

// One colour per task, distinct on a near-black map and from the basemap's blues
// and greys; the legend and the map read from this table.
export const TASK_STATE_COLORS: Record<TaskState, string> = {
  [TaskState.UNSPECIFIED]: '#6b7280',
  [TaskState.IDLE]: '#9aa4b2',
  [TaskState.SWEEPING]: '#34d399',
  [TaskState.SPRINKLING]: '#38bdf8',
  [TaskState.COLLECTING]: '#fbbf24',
  [TaskState.TO_TRANSFER_STATION]: '#fb7185',
  [TaskState.UNLOADING]: '#c084fc',
  [TaskState.RETURNING]: '#f5f5f4',
};

/** Task states in legend order (the working ones first, unknown omitted). */
export const LEGEND_TASK_STATES: TaskState[] = [
  TaskState.COLLECTING,
  TaskState.SWEEPING,
  TaskState.SPRINKLING,
  TaskState.TO_TRANSFER_STATION,
  TaskState.UNLOADING,
  TaskState.RETURNING,
  TaskState.IDLE,
];

// Below this a truck counts as stopped (GPS jitter reports a few km/h at rest).
export const MOVING_ABOVE_KMH = 2;
