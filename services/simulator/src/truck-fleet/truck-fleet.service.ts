import { Inject, Injectable } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { TRUCK_READINGS, TRUCKS_FLEET, type Logger } from '@urban-brain/common';
import type { TruckReading } from '@urban-brain/proto';
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
import { TruckFleetSimulator } from './truck-fleet.simulator';

/**
 * Runs the sanitation fleet on the wall clock, SIM_RATE_HZ readings per truck a second, keyed by
 * truck id. Each truck reports at one of SIM_TRUCK_SENDS_PER_TICK moments spread over the tick,
 * its own all run, and each moment's readings are sent right then: the broker, ingest and the
 * gateway see a steady trickle instead of one burst a tick, as they would from real units.
 */
@Injectable()
export class TruckFleetService extends SimulatedFleetService<TruckReading> {
  constructor(
    @Inject(SIMULATOR_CONFIG) config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
    @Inject(BACKFILL_PLAN) plan: BackfillPlan,
  ) {
    super();
    const intervalMs = 1000 / config.SIM_RATE_HZ;
    const sendsPerTick = config.SIM_TRUCK_SENDS_PER_TICK;
    // One report moment per send: each send carries the trucks whose fix is taken right then, so no
    // reading waits in the simulator and the live latency figure is the pipeline's alone.
    const fleetOptions = { trucks: config.SIM_TRUCKS, seed: config.SIM_SEED, pack, reportMoments: { count: sendsPerTick, intervalMs } };
    const fleet = new TruckFleetSimulator(fleetOptions);
    // Dispatch tasks reach the live fleet only; the twin that sends the past never sees one.
    const desk = (this.dispatchDesk = new FleetDispatchDesk(TRUCKS_FLEET.name, fleet, logger));
    this.runner = new SimulatedFleetRunner<TruckReading>(
      {
        records: streamRecords(TRUCK_READINGS, topicOf(config, TRUCK_READINGS)),
        gpsJumps: true,
        intervalMs,
        // Trucks always run on the wall clock; their readings are the live latency figure.
        timeScale: 1,
        tick: desk.ticking((simMs) => fleet.tick(simMs)),
        stamp: () => undefined,
        offsetOf: (r) => fleet.offsetMsOf(r.truckId),
        sendsPerTick,
        progressDetails: () => {
          const { collectedKg, deliveredToPlantKg } = fleet.snapshotTotals();
          return { wasteCollectedT: Math.round(collectedKg / 100) / 10, wasteDeliveredToPlantT: Math.round(deliveredToPlantKg / 100) / 10 };
        },
        details: { trucks: fleet.size, rateHz: config.SIM_RATE_HZ, seed: config.SIM_SEED, sendsPerTick },
        history: {
          createTwin: () => {
            const twin = new TruckFleetSimulator(fleetOptions);
            return (simMs) => twin.tick(simMs);
          },
          deviceSeq: deviceSeqOf(TRUCK_READINGS),
          warmsUp: true,
        },
      },
      kafka,
      faults,
      logger,
      plan,
    );
  }
}
