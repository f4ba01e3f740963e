import { Inject, Injectable } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { AMBULANCE_READINGS, AMBULANCES_FLEET, EMERGENCY_CALLS, type Logger } from '@urban-brain/common';
import type { Kafka } from 'kafkajs';
import type { BackfillPlan } from '../backfill/backfill-plan';
import { topicOf, type SimulatorConfig } from '../config/simulator.config';
import { BACKFILL_PLAN, CITY_PACK, KAFKA, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { taggedStreamRecords, type StreamMessage } from '../core/fleet-stream-records';
import { SimulatedFleetRunner } from '../core/simulated-fleet.runner';
import { SimulatedFleetService } from '../core/simulated-fleet.service';
import { FleetDispatchDesk } from '../dispatch/fleet-dispatch-desk';
import type { FaultInjector } from '../faults/fault-injector';
import { FAULT_INJECTOR } from '../faults/faults.tokens';
import { AmbulanceFleetSimulator, type AmbulanceMessage } from './ambulance-fleet.simulator';

// Ambulances report GPS at 1 Hz; call steps ride along in the tick they happened in.
const TICK_MS = 1_000;

type AmbulanceStreamMessage = StreamMessage<typeof AMBULANCE_READINGS.schema> | StreamMessage<typeof EMERGENCY_CALLS.schema>;

const tagged = (message: AmbulanceMessage): AmbulanceStreamMessage =>
  message.$typeName === 'urbanbrain.fleet.v1.AmbulanceReading' ? { stream: AMBULANCE_READINGS, message } : { stream: EMERGENCY_CALLS, message };

/**
 * Runs the "120" ambulances on the wall clock: a fix per ambulance per second to the readings topic,
 * every call step to the calls topic. No day-so-far yet: the calls start with the simulator.
 */
@Injectable()
export class AmbulanceFleetService extends SimulatedFleetService<AmbulanceStreamMessage> {
  constructor(
    @Inject(SIMULATOR_CONFIG) config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
    @Inject(BACKFILL_PLAN) plan: BackfillPlan,
  ) {
    super();
    if (!config.SIM_AMBULANCES_ENABLED) return;
    const fleet = new AmbulanceFleetSimulator({ pack, seed: config.SIM_SEED, callsPerDay: config.SIM_AMBULANCE_CALLS_PER_DAY });
    const desk = (this.dispatchDesk = new FleetDispatchDesk(AMBULANCES_FLEET.name, fleet, logger));
    this.runner = new SimulatedFleetRunner<AmbulanceStreamMessage>(
      {
        records: taggedStreamRecords(AMBULANCES_FLEET.streams.map((stream) => ({ stream, topic: topicOf(config, stream) }))),
        intervalMs: TICK_MS,
        timeScale: 1,
        tick: desk.ticking((simMs) => fleet.tick(simMs).map(tagged)),
        stamp: () => undefined,
        details: { ambulances: fleet.fleetSize, callsPerDay: config.SIM_AMBULANCE_CALLS_PER_DAY, seed: config.SIM_SEED },
      },
      kafka,
      faults,
      logger,
      plan,
    );
  }
}
