import { Inject, Injectable } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { BIKE_EVENTS, type Logger } from '@urban-brain/common';
import type { BikeEvent } from '@urban-brain/proto';
import type { Kafka } from 'kafkajs';
import { topicOf, type SimulatorConfig } from '../config/simulator.config';
import type { BackfillPlan } from '../backfill/backfill-plan';
import { BACKFILL_PLAN, CITY_PACK, KAFKA, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { streamRecords } from '../core/fleet-stream-records';
import { SimulatedFleetRunner } from '../core/simulated-fleet.runner';
import { SimulatedFleetService } from '../core/simulated-fleet.service';
import type { FaultInjector } from '../faults/fault-injector';
import { FAULT_INJECTOR } from '../faults/faults.tokens';
import { BikeFleetSimulator } from './bike-fleet.simulator';

// Bikes report on change; a 1 s tick only batches what happened in that second.
const TICK_MS = 1_000;

/** Runs the shared-bike fleet on the wall clock (or a scaled one) and sends its events, keyed by bike id. */
@Injectable()
export class BikeFleetService extends SimulatedFleetService<BikeEvent> {

  constructor(
    @Inject(SIMULATOR_CONFIG) config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
    @Inject(BACKFILL_PLAN) plan: BackfillPlan,
  ) {
    super();
    if (config.SIM_BIKES === 0) return;
    const fleetOptions = { bikes: config.SIM_BIKES, seed: config.SIM_SEED, pack, outsideShare: config.SIM_BIKES_OUTSIDE_SHARE };
    const fleet = new BikeFleetSimulator(fleetOptions);
    this.runner = new SimulatedFleetRunner<BikeEvent>(
      {
        records: streamRecords(BIKE_EVENTS, topicOf(config, BIKE_EVENTS)),
        intervalMs: TICK_MS,
        timeScale: config.SIM_BIKES_TIME_SCALE,
        tick: (simMs) => fleet.tick(simMs),
        stamp: (e, wallMs) => (e.recordedAtMs = BigInt(wallMs)),
        details: { bikes: config.SIM_BIKES, seed: config.SIM_SEED },
        // A scaled clock has no past to match: only the wall-clock fleet backfills.
        history:
          config.SIM_BIKES_TIME_SCALE === 1
            ? {
                createTwin: () => {
                  const twin = new BikeFleetSimulator(fleetOptions);
                  return (simMs) => twin.tick(simMs);
                },
                deviceSeq: null,
              }
            : undefined,
      },
      kafka,
      faults,
      logger,
      plan,
    );
  }
}
