import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadCityPack } from '@urban-brain/city-pack';
import { createKafka, type Logger } from '@urban-brain/common';
import type { SimulatorConfig } from '../config/simulator.config';
import { backfillPlanOf } from '../backfill/backfill-plan.factory';
import { BACKFILL_PLAN, CITY_PACK, KAFKA, LOGGER, SIMULATOR_CONFIG } from './core.tokens';

/** The process-wide config, logger, Kafka client, city pack and backfill plan, available to every feature module. */
@Global()
@Module({})
export class CoreModule {
  static register(config: SimulatorConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: SIMULATOR_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: KAFKA, useFactory: () => createKafka({ clientId: 'urban-brain-simulator', brokers: config.KAFKA_BROKERS, logger }) },
        // Loaded and validated once at boot: a broken pack stops the process naming every problem.
        { provide: CITY_PACK, useFactory: () => loadCityPack(config.CITY_PACK_DIR) },
        { provide: BACKFILL_PLAN, useFactory: () => backfillPlanOf(config) },
      ],
      exports: [SIMULATOR_CONFIG, LOGGER, KAFKA, CITY_PACK, BACKFILL_PLAN],
    };
  }
}
