import { create } from '@bufbuild/protobuf';
import { type BoatTally, type LiveBoat, tallyBoats } from '@urban-brain/common';
import { BoatTotalsSchema } from '@urban-brain/proto';
import type { LiveLayerTotals } from '../live-layer';

export const BOAT_TOTALS: LiveLayerTotals<LiveBoat, BoatTally> = {
  tally: tallyBoats,
  toFrameFields: (tally) => ({ boatTotals: create(BoatTotalsSchema, tally) }),
};
