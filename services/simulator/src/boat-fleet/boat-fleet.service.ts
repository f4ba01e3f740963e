import { Inject, Injectable } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { BOAT_READINGS, BOATS_FLEET, type Logger } from '@urban-brain/common';
import type { BoatReading } from '@urban-brain/proto';
import type { Kafka } from 'kafkajs';
import { topicOf, type SimulatorConfig } from '../config/simulator.config';
import type { BackfillPlan } from '../backfill/backfill-plan';
import { deviceSeqOf } from '../backfill/past-reports';
import { BACKFILL_PLAN, CITY_PACK, KAFKA, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { streamRecords } from '../core/fleet-stream-records';
import { SimulatedFleetRunner } from '../core/simulated-fleet.runner';
import { SimulatedFleetService } from '../core/simulated-fleet.service';
import { FleetDispatchDesk } from '../dispatch/fleet-dispatch-desk';
import type { FaultInjector } from '../faults/fault-injector';
import { FAULT_INJECTOR } from '../faults/faults.tokens';
import { BoatFleetSimulator } from './boat-fleet.simulator';

// Boats report GPS at 1 Hz.
const TICK_MS = 1_000;

/** Runs the lake-cleanup fleet on the wall clock (or a scaled one) and sends one reading per boat per second, keyed by boat id. */
@Injectable()
export class BoatFleetService extends SimulatedFleetService<BoatReading> {

  constructor(
    @Inject(SIMULATOR_CONFIG) config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
    @Inject(BACKFILL_PLAN) plan: BackfillPlan,
  ) {
    super();
    if (config.SIM_BOATS === 0) return;
    const fleetOptions = { boats: config.SIM_BOATS, seed: config.SIM_SEED, pack, sightingsPerDay: config.SIM_BOATS_SIGHTINGS_PER_DAY };
    const fleet = new BoatFleetSimulator(fleetOptions);
    // Dispatch tasks reach the live fleet only; the twin that sends the past never sees one.
    const desk = (this.dispatchDesk = new FleetDispatchDesk(BOATS_FLEET.name, fleet, logger));
    this.runner = new SimulatedFleetRunner<BoatReading>(
      {
        records: streamRecords(BOAT_READINGS, topicOf(config, BOAT_READINGS)),
        intervalMs: TICK_MS,
        timeScale: config.SIM_BOATS_TIME_SCALE,
        tick: desk.ticking((simMs) => fleet.tick(simMs)),
        stamp: (r, wallMs) => (r.recordedAtMs = BigInt(wallMs)),
        details: { boats: config.SIM_BOATS, seed: config.SIM_SEED },
        // A scaled clock has no past to match: only the wall-clock fleet backfills.
        history: config.SIM_BOATS_TIME_SCALE !== 1 ? undefined : {
          createTwin: () => {
            const twin = new BoatFleetSimulator(fleetOptions);
            return (simMs) => twin.tick(simMs);
          },
          deviceSeq: deviceSeqOf(BOAT_READINGS),
        },
      },
      kafka,
      faults,
      logger,
      plan,
    );
  }
}
