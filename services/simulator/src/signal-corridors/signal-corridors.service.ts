import { Inject, Injectable } from '@nestjs/common';
import type { CityPack } from '@urban-brain/city-pack';
import { SIGNALS_FLEET, type Logger } from '@urban-brain/common';
import type { Kafka } from 'kafkajs';
import { topicOf, type SimulatorConfig } from '../config/simulator.config';
import type { BackfillPlan } from '../backfill/backfill-plan';
import { BACKFILL_PLAN, CITY_PACK, KAFKA, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { taggedStreamRecords } from '../core/fleet-stream-records';
import { SimulatedFleetRunner } from '../core/simulated-fleet.runner';
import { SimulatedFleetService } from '../core/simulated-fleet.service';
import type { FaultInjector } from '../faults/fault-injector';
import { FAULT_INJECTOR } from '../faults/faults.tokens';
import { GreenWaveSimulator } from './green-wave.simulator';
import { signalMessagesOf, type SignalMessage } from './signal-message';

// Phase changes are events: a tick only batches what changed in that second. A tick dropped
// while Kafka is down loses nothing, since the next one reports every change since the last.
const TICK_MS = 1_000;

/** Runs the green-wave corridors on the wall clock and sends phase changes and observations to their topics. */
@Injectable()
export class SignalCorridorsService extends SimulatedFleetService<SignalMessage> {

  constructor(
    @Inject(SIMULATOR_CONFIG) config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
    @Inject(BACKFILL_PLAN) plan: BackfillPlan,
  ) {
    super();
    if (!config.SIM_SIGNALS_ENABLED) return;
    const simulatorOptions = {
      pack,
      seed: config.SIM_SEED,
      observationS: config.SIM_SIGNALS_OBS_S,
      driftingCorridors: config.SIM_SIGNALS_DRIFTING,
      driftSPerMin: config.SIM_SIGNALS_DRIFT_S_PER_MIN,
      darkIntersections: config.SIM_SIGNALS_DARK,
      faultsFromMs: Date.now() + config.SIM_SIGNALS_FAULTS_AFTER_S * 1000,
    };
    const simulator = new GreenWaveSimulator(simulatorOptions);
    this.runner = new SimulatedFleetRunner<SignalMessage>(
      {
        records: taggedStreamRecords(SIGNALS_FLEET.streams.map((stream) => ({ stream, topic: topicOf(config, stream) }))),
        intervalMs: TICK_MS,
        timeScale: 1,
        tick: (simMs) => signalMessagesOf(simulator.tick(simMs)),
        stamp: () => undefined,
        history: {
          createTwin: () => {
            const twin = new GreenWaveSimulator(simulatorOptions);
            return (simMs) => signalMessagesOf(twin.tick(simMs));
          },
          deviceSeq: null,
        },
        details: {
          corridors: simulator.corridorCount,
          intersections: simulator.intersectionCount,
          observationS: config.SIM_SIGNALS_OBS_S,
          drifting: config.SIM_SIGNALS_DRIFTING,
          dark: config.SIM_SIGNALS_DARK,
          faultsAfterS: config.SIM_SIGNALS_FAULTS_AFTER_S,
        },
      },
      kafka,
      faults,
      logger,
      plan,
    );
  }
}
