import { isFaulty, isRiding, type LiveBike } from './live-bike';

// An e-bike below this needs a battery swap soon.
export const LOW_BATTERY_BELOW_PCT = 20;

/** Each bike counts in exactly one of parkedInFence, parkedOutsideFence, riding and faulty. */
export interface BikeTally {
  total: number;
  parkedInFence: number;
  parkedOutsideFence: number;
  riding: number;
  faulty: number;
  ebikes: number;
  ebikesLowBattery: number;
}

// The same split as the bike cells (riding, then faulty, then outside), so a
// cell's outside count and the fleet's agree.
export function tallyBikes(bikes: readonly LiveBike[]): BikeTally {
  const tally: BikeTally = { total: bikes.length, parkedInFence: 0, parkedOutsideFence: 0, riding: 0, faulty: 0, ebikes: 0, ebikesLowBattery: 0 };
  for (const bike of bikes) {
    if (isRiding(bike)) tally.riding++;
    else if (isFaulty(bike)) tally.faulty++;
    else if (bike.inFence) tally.parkedInFence++;
    else tally.parkedOutsideFence++;
    if (bike.isEbike) {
      tally.ebikes++;
      if (bike.batteryPct < LOW_BATTERY_BELOW_PCT) tally.ebikesLowBattery++;
    }
  }
  return tally;
}
