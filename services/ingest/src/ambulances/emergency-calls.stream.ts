import { Inject, Injectable } from '@nestjs/common';
import { EMERGENCY_CALLS } from '@urban-brain/common';
import type { EmergencyCallEvent, EmergencyCallEventSchema } from '@urban-brain/proto';
import { DescribedFleetStream } from '../fleet-ingest/fleet-stream';
import { AmbulancesRepository } from './ambulances.repository';

/** "120" emergency call steps: ub.emergency.calls.v1 -> emergency_call_events (and the ambulance_calls_1h roll-up). */
@Injectable()
export class EmergencyCallsStream extends DescribedFleetStream<typeof EmergencyCallEventSchema> {
  constructor(@Inject(AmbulancesRepository) private readonly repository: Pick<AmbulancesRepository, 'storeCallEvents'>) {
    super(EMERGENCY_CALLS);
  }

  store(events: readonly EmergencyCallEvent[]): Promise<number> {
    return this.repository.storeCallEvents(events);
  }
}
