import { create } from '@bufbuild/protobuf';
import { type AmbulanceTally, type LiveAmbulance, tallyAmbulances } from '@urban-brain/common';
import { AmbulanceTotalsSchema } from '@urban-brain/proto';
import type { LiveLayerTotals } from '../live-layer';

export const AMBULANCE_TOTALS: LiveLayerTotals<LiveAmbulance, AmbulanceTally> = {
  tally: (ambulances, tables) => tallyAmbulances(ambulances, tables('calls')),
  toFrameFields: (tally) => ({ ambulanceTotals: create(AmbulanceTotalsSchema, tally) }),
};
