import { Module, type DynamicModule } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController, type HealthCheck, type Logger } from '@urban-brain/common';
import type { IngestConfig } from './config/ingest.config';
import { CoreModule } from './core/core.module';
import { DATABASE_HEALTH } from './core/core.tokens';
import { FleetIngestConsumerHealth } from './fleet-ingest/fleet-ingest.health';
import { FleetIngestModule } from './fleet-ingest/fleet-ingest.module';
import { RollupsModule } from './rollups/rollups.module';

@Module({})
export class AppModule {
  static register(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(config, logger), FleetIngestModule, RollupsModule],
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          useFactory: (...checks: HealthCheck[]) => checks,
          inject: [FleetIngestConsumerHealth, DATABASE_HEALTH],
        },
      ],
    };
  }
}
