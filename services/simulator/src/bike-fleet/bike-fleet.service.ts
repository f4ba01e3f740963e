import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { toBinary } from '@bufbuild/protobuf';
import type { CityPack } from '@urban-brain/city-pack';
import type { HealthCheck, Logger } from '@urban-brain/common';
import { BikeEventSchema, type BikeEvent } from '@urban-brain/proto';
import type { Kafka } from 'kafkajs';
import type { SimulatorConfig } from '../config/simulator.config';
import { CITY_PACK, KAFKA, LOGGER, SIMULATOR_CONFIG } from '../core/core.tokens';
import { FleetClockLoop, type FleetLoopStats } from '../core/fleet-clock-loop';
import { FleetTopicProducer } from '../core/fleet-topic.producer';
import type { FaultInjector } from '../faults/fault-injector';
import { withFaults } from '../faults/fault-injecting-producer';
import { FAULT_INJECTOR } from '../faults/faults.tokens';
import { BikeFleetSimulator } from './bike-fleet.simulator';

// Bikes report on change; a 1 s tick only batches what happened in that second.
const TICK_MS = 1_000;

/** Runs the shared-bike fleet on the wall clock (or a scaled one) and sends its events, keyed by bike id. */
@Injectable()
export class BikeFleetService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly producer: FleetTopicProducer<BikeEvent> | null = null;
  private readonly loop: FleetClockLoop<BikeEvent> | null = null;

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CITY_PACK) pack: CityPack,
    @Inject(FAULT_INJECTOR) faults: FaultInjector,
    @Inject(LOGGER) logger: Logger,
  ) {
    if (config.SIM_BIKES === 0) return;
    const fleet = new BikeFleetSimulator({ bikes: config.SIM_BIKES, seed: config.SIM_SEED, pack, outsideShare: config.SIM_BIKES_OUTSIDE_SHARE });
    this.producer = new FleetTopicProducer(kafka, { topic: config.SIM_BIKES_TOPIC, keyOf: (e) => e.bikeId, encode: (e) => toBinary(BikeEventSchema, e) }, (p) =>
      withFaults(p, faults),
    );
    this.loop = new FleetClockLoop({
      fleet: 'bikes',
      intervalMs: TICK_MS,
      timeScale: config.SIM_BIKES_TIME_SCALE,
      tick: (simMs) => fleet.tick(simMs),
      stamp: (event, wallMs) => (event.recordedAtMs = BigInt(wallMs)),
      sink: this.producer,
      logger,
    });
  }

  onApplicationBootstrap(): void {
    this.loop?.start({ bikes: this.config.SIM_BIKES, seed: this.config.SIM_SEED, topic: this.config.SIM_BIKES_TOPIC });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect();
  }

  snapshot(): FleetLoopStats | null {
    return this.loop?.snapshot() ?? null;
  }

  healthChecks(): HealthCheck[] {
    return this.loop ? [this.loop.healthCheck()] : [];
  }
}
