import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { loadCityPack } from '@urban-brain/city-pack';
import { createKafka, createPool, type Logger } from '@urban-brain/common';
import type { Pool } from 'pg';
import { ALERTING_CONFIG, type AlertingConfig } from '../config/alerting.config';
import { CITY_PACK, KAFKA, PG_POOL, ROOT_LOGGER } from './core.tokens';

/** The process's database pool, Kafka client, city pack and config, shared by the features. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  static register(config: AlertingConfig, logger: Logger): DynamicModule {
    const pool = createPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE, 'urban-brain-alerting');
    pool.on('error', (error) => logger.warn({ context: 'Database' }, `idle database client failed: ${error.message}`));
    return {
      module: CoreModule,
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: PG_POOL, useValue: pool },
        { provide: KAFKA, useValue: createKafka({ clientId: 'ub-alerting', brokers: config.KAFKA_BROKERS, logger }) },
        // Loaded before Nest starts (main.ts validates it); the rules' polygons come from it.
        { provide: CITY_PACK, useFactory: () => loadCityPack(config.CITY_PACK_DIR) },
      ],
      exports: [ALERTING_CONFIG, ROOT_LOGGER, PG_POOL, KAFKA, CITY_PACK],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
