import { Module } from '@nestjs/common';
import { HEALTH_CHECKS } from '@urban-brain/common';
import type { Pool } from 'pg';
import { databaseHealthCheck } from '../database/database.health-check';
import { PG_POOL } from '../database/pg-pool.token';
import { ApiHealthController } from './api-health.controller';

@Module({
  controllers: [ApiHealthController],
  providers: [{ provide: HEALTH_CHECKS, useFactory: (pool: Pool) => [databaseHealthCheck(pool)], inject: [PG_POOL] }],
})
export class HealthModule {}
