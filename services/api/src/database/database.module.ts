import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createPool } from '@urban-brain/common';
import type { Pool } from 'pg';
import type { ApiConfig } from '../config/api.config';
import { PG_POOL } from './pg-pool.token';

/** Owns the process's one PostgreSQL pool and ends it when the app shuts down. */
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  static register(config: Pick<ApiConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: PG_POOL,
          useFactory: (): Pool => {
            const pool = createPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE, 'urban-brain-api');
            // An idle client losing its connection emits 'error' on the pool; unhandled, that would kill the process.
            pool.on('error', (error) => new Logger(DatabaseModule.name).warn(`idle database client failed: ${error.message}`));
            return pool;
          },
        },
      ],
      exports: [PG_POOL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
    this.logger.log('database pool closed');
  }
}
