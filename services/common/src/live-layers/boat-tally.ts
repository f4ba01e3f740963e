import { BoatTaskState } from '@urban-brain/proto';
import type { LiveBoat } from './live-boat';

export interface BoatTally {
  total: number;
  working: number;
  debrisKg: number;
}

export function tallyBoats(boats: readonly LiveBoat[]): BoatTally {
  let working = 0;
  let debrisKg = 0;
  for (const boat of boats) {
    if (boat.taskState === BoatTaskState.SWEEPING) working++;
    debrisKg += boat.debrisKg;
  }
  return { total: boats.length, working, debrisKg };
}
