import { BoatTaskState } from '@urban-brain/proto';

// One colour per boat task: the deck.gl boat layer, the legend and the e2e pixel
// checks (e2e/drawn-entities.ts imports this path) read this table.
export const BOAT_TASK_COLORS: Record<BoatTaskState, string> = {
  [BoatTaskState.UNSPECIFIED]: '#94a3b8',
  [BoatTaskState.SWEEPING]: '#22d3ee',
  [BoatTaskState.RETURNING]: '#fde047',
  [BoatTaskState.DOCKED]: '#cbd5e1',
  [BoatTaskState.CHARGING]: '#a78bfa',
};
