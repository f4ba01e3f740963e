import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createKafka, createPool, databaseHealthCheck, type Logger } from '@urban-brain/common';
import type { Pool } from 'pg';
import type { IngestConfig } from '../config/ingest.config';
import { DATABASE_HEALTH, INGEST_CONFIG, KAFKA, LOGGER, PG_POOL } from './core.tokens';
import { StagedCopyWriter } from '../database/staged-copy.writer';

/** The process-wide config, logger, Kafka client, database pool and the COPY writer on it. */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  static register(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: KAFKA, useFactory: () => createKafka({ clientId: 'urban-brain-ingest', brokers: config.KAFKA_BROKERS, logger }) },
        {
          provide: PG_POOL,
          useFactory: () => {
            const pool = createPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE, 'urban-brain-ingest');
            // An idle client whose server went away (a database crash or restart) must not crash the
            // process: the next write fails, backs off and retries on a new connection (WriteBackpressure).
            pool.on('error', (error) => logger.warn({ context: CoreModule.name, error: error.message }, 'idle database client failed'));
            return pool;
          },
        },
        { provide: DATABASE_HEALTH, useFactory: (pool: Pool) => databaseHealthCheck(pool), inject: [PG_POOL] },
        StagedCopyWriter,
      ],
      exports: [INGEST_CONFIG, LOGGER, KAFKA, PG_POOL, DATABASE_HEALTH, StagedCopyWriter],
    };
  }

  // Runs after every consumer has stopped (beforeApplicationShutdown), so no batch still needs the pool.
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
