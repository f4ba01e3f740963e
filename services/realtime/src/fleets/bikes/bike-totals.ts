import { create } from '@bufbuild/protobuf';
import { type BikeTally, type LiveBike, tallyBikes } from '@urban-brain/common';
import { BikeTotalsSchema } from '@urban-brain/proto';
import type { LiveLayerTotals } from '../live-layer';

export const BIKE_TOTALS: LiveLayerTotals<LiveBike, BikeTally> = {
  tally: tallyBikes,
  toFrameFields: (tally) => ({ bikeTotals: create(BikeTotalsSchema, tally) }),
};
