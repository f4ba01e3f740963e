import { create } from '@bufbuild/protobuf';
import { type LiveTruck, tallyTrucks, type TruckTally } from '@urban-brain/common';
import { TruckTotalsSchema } from '@urban-brain/proto';
import type { LiveLayerTotals } from '../live-layer';

export const TRUCK_TOTALS: LiveLayerTotals<LiveTruck, TruckTally> = {
  tally: tallyTrucks,
  toFrameFields: (tally) => ({ truckTotals: create(TruckTotalsSchema, tally) }),
};
